// A software prefetch, which Swift cannot spell: the stack-distance pass
// asks for the table entries of a batch of requests before it reads any of
// them, so their cache misses overlap instead of queueing.
#ifndef CACHESIM_CPREFETCH_H
#define CACHESIM_CPREFETCH_H

/// Starts loading the cache line holding `address` into every cache level;
/// never faults, whatever the address.
static inline void cachesim_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
