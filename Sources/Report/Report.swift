// Renders and compares results.
