import CMallocInfo
import Foundation

/// Bytes the allocator has handed out and not taken back (glibc
/// `mallinfo2`: `uordblks + hblkhd`). Process-wide: measure in a process of
/// its own (an exit test) or while nothing else allocates.
public func allocatedBytes() -> Int { Int(cachesim_allocated_bytes()) }

/// Whether this process runs under AddressSanitizer (`Scripts/sanitizers`),
/// whose allocator `mallinfo2` does not see: allocator figures mean nothing
/// there, so tests of them are skipped.
public let underAddressSanitizer: Bool = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil
