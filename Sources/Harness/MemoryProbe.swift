import CMallocInfo

#if canImport(Glibc)
import Glibc
#endif

/// The allocator's and the kernel's view of this process's memory.
///
/// Both are process-wide; the harness attributes them to one cache by
/// reading them immediately before and after that cache's own operations,
/// in a process that runs one thing at a time (see ``RunExecutor``).
public enum MemoryProbe {
    /// Bytes handed out by glibc's allocator: `mallinfo2().uordblks + hblkhd`.
    /// A few microseconds: it walks the allocator's arenas.
    public static func allocatedBytes() -> Int {
        Int(cachesim_allocated_bytes())
    }

    /// Resident set size from `/proc/self/statm` (resident pages × page
    /// size), or 0 where that file cannot be read. The file stays open and
    /// is read again from its start each time: the harness asks after every
    /// batch, and opening it each time was a few percent of a small run.
    public static func residentBytes() -> Int {
        #if os(Linux)
        let fd = statm
        guard fd >= 0 else { return 0 }
        var buffer = (
            0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64
        )
        return withUnsafeMutableBytes(of: &buffer) { raw -> Int in
            let n = pread(fd, raw.baseAddress, raw.count, 0)
            guard n > 0 else { return 0 }
            // "size resident shared text lib data dt": take the second field.
            var field = 0
            var value = 0
            for i in 0..<n {
                let c = raw[i]
                if c == UInt8(ascii: " ") {
                    if field == 1 { break }
                    field += 1
                    value = 0
                } else if field == 1, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
                    value = value * 10 + Int(c - UInt8(ascii: "0"))
                }
            }
            return value * pageSize
        }
        #else
        return 0
        #endif
    }

    #if os(Linux)
    /// `/proc/self/statm`, opened once per process (-1 if it cannot be).
    private static let statm: Int32 = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
    #endif

    static let pageSize: Int = {
        #if os(Linux)
        return Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
        return 4096
        #endif
    }()
}
