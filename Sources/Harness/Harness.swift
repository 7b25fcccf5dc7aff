// Runs workloads through caches and measures them.
