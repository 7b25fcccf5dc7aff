// The allocator's view of memory, for the memory series and the leak tests.
// glibc's `mallinfo2` is not visible through Swift's Glibc module, so this
// tiny C target hands it over.
#ifndef CACHESIM_CMALLOCINFO_H
#define CACHESIM_CMALLOCINFO_H
#include <stddef.h>

/// Bytes the allocator has handed out and not yet taken back: small blocks
/// (`uordblks`) plus mmapped large blocks (`hblkhd`), which `uordblks` alone
/// does not show.
size_t cachesim_allocated_bytes(void);

#endif
