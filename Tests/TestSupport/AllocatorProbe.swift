import CMallocInfo

/// Bytes the allocator has handed out and not taken back (glibc
/// `mallinfo2`: `uordblks + hblkhd`). Process-wide: measure in a process of
/// its own (an exit test) or while nothing else allocates.
public func allocatedBytes() -> Int { Int(cachesim_allocated_bytes()) }
