/// Reads libCacheSim's `oracleGeneral` binary traces: 24-byte little-endian
/// records `u32 timestamp (seconds), u64 object id, u32 size (bytes),
/// i64 next access (request index of the next request to the same object,
/// −1 for none)`, with no header.
///
/// Keys are the object ids; times are the timestamps in nanoseconds since
/// the first request (never decreasing); a size of 0 is read as 1. The
/// next-access field is read only for the offline optimum (a negative value,
/// or one at or past `Int64.max`, means none).
struct OracleGeneralReader: NextAccessRecordingReader {
    /// Bytes per record.
    static let recordSize = 24
    private var records: RecordReader
    private var clock = TraceClock(scale: 1_000_000_000)

    init(bytes: TraceBytes) { records = RecordReader(bytes, width: Self.recordSize) }

    mutating func read(
        limit: Int, keys: inout [UInt64], times: inout [Int64], sizes: inout [UInt32]
    ) throws(WorkloadError) -> Int {
        var unused: [Int64] = []
        return try read(limit: limit, keys: &keys, times: &times, sizes: &sizes, nextAccess: &unused, keepNext: false)
    }

    mutating func read(
        limit: Int, keys: inout [UInt64], times: inout [Int64], sizes: inout [UInt32], nextAccess: inout [Int64]
    ) throws(WorkloadError) -> Int {
        try read(limit: limit, keys: &keys, times: &times, sizes: &sizes, nextAccess: &nextAccess, keepNext: true)
    }

    private mutating func read(
        limit: Int, keys: inout [UInt64], times: inout [Int64], sizes: inout [UInt32], nextAccess: inout [Int64],
        keepNext: Bool
    ) throws(WorkloadError) -> Int {
        var count = 0
        while count < limit, let run = try records.next(limit: limit - count) {
            let n = run.count / Self.recordSize
            let first = keys.count
            keys.append(contentsOf: repeatElement(0, count: n))
            times.append(contentsOf: repeatElement(0, count: n))
            sizes.append(contentsOf: repeatElement(0, count: n))
            if keepNext {
                var record = run.baseAddress!
                for _ in 0..<n {
                    let next = Int64(littleEndian: record.loadUnaligned(fromByteOffset: 16, as: Int64.self))
                    nextAccess.append(next < 0 ? .max : next)
                    record += Self.recordSize
                }
            }
            var decreasingAt: Int?
            keys.withUnsafeMutableBufferPointer { keys in
                times.withUnsafeMutableBufferPointer { times in
                    sizes.withUnsafeMutableBufferPointer { sizes in
                        var record = run.baseAddress!
                        for i in first..<(first + n) {
                            let time = UInt32(littleEndian: record.loadUnaligned(as: UInt32.self))
                            keys[i] = UInt64(littleEndian: record.loadUnaligned(fromByteOffset: 4, as: UInt64.self))
                            let size = UInt32(littleEndian: record.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
                            sizes[i] = max(size, 1)
                            guard let relative = clock.relative(Int64(time)) else {
                                decreasingAt = i - first
                                return
                            }
                            times[i] = relative
                            record += Self.recordSize
                        }
                    }
                }
            }
            if let index = decreasingAt {
                let offset = records.bytes.position - Int64(run.count) + Int64(index * Self.recordSize)
                throw WorkloadError(
                    file: records.bytes.path, location: "byte \(offset)",
                    "timestamp is before the previous request's \(clock.lastWritten)")
            }
            count += n
        }
        return count
    }
}
