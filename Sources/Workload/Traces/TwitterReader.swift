/// Reads the Twitter cache traces (Yang et al., OSDI 2020;
/// github.com/twitter/cache-trace): CSV lines
/// `timestamp,anonymized key,key size,value size,client id,operation,TTL`.
///
/// The key is hashed to 64 bits; the size is key size + value size (at
/// least 1); the time is the timestamp in seconds, as nanoseconds since the
/// first request. Operations: a `delete` is not a request but a removal —
/// the key leaves the cache at that point of the stream (`Removal`); every
/// other operation (`get`, `gets`, `set`, `add`, `cas`, `replace`,
/// `append`, `prepend`, `incr`, `decr`) replays as a look-aside request: a
/// get, and a set on a miss. See Workloads/README.md.
struct TwitterReader: TraceFormatReader {
    private var lines: LineReader
    private var clock = TraceClock(scale: 1_000_000_000)
    private var fields: [UnsafeRawBufferPointer] = []

    init(bytes: TraceBytes) { lines = LineReader(bytes) }


    static let operations: Set<String> = [
        "get", "gets", "set", "add", "cas", "replace", "append", "prepend", "delete", "incr", "decr",
    ]

    mutating func read(
        limit: Int, keys: inout [UInt64], times: inout [Int64], sizes: inout [UInt32]
    ) throws(WorkloadError) -> Int {
        var dropped: [Removal] = []
        return try read(limit: limit, keys: &keys, times: &times, sizes: &sizes, removals: &dropped)
    }

    mutating func read(
        limit: Int, keys: inout [UInt64], times: inout [Int64], sizes: inout [UInt32], removals: inout [Removal]
    ) throws(WorkloadError) -> Int {
        var count = 0
        while count < limit, let line = try lines.next() {
            if LineFields.trimmed(line).isEmpty { continue }
            LineFields.split(line, into: &fields)
            guard fields.count >= 7 else {
                throw lines.error("has \(fields.count) field(s), expected 7: timestamp,key,key size,value size,client id,operation,TTL")
            }
            let operation = String(decoding: fields[5], as: UTF8.self)
            guard Self.operations.contains(operation) else {
                throw lines.error("operation \(LineFields.quoted(fields[5])) is not one of \(Self.operations.sorted().joined(separator: ", "))")
            }
            let time = try number(fields[0], "timestamp")
            let keySize = try number(fields[2], "key size")
            let valueSize = try number(fields[3], "value size")
            _ = try number(fields[6], "TTL")
            guard let relative = clock.relative(Int64(time)) else {
                throw lines.error("timestamp \(time) is before the previous request's \(clock.lastWritten)")
            }
            let key = LineFields.key(fields[1])
            if operation == "delete" {
                removals.append(Removal(before: keys.count, key: key))
                continue
            }
            keys.append(key)
            times.append(relative)
            sizes.append(UInt32(max(1, min(UInt64(UInt32.max), keySize + valueSize))))
            count += 1
        }
        return count
    }

    private func number(_ field: UnsafeRawBufferPointer, _ name: String) throws(WorkloadError) -> UInt64 {
        guard let value = LineFields.decimal(field), value <= UInt64(UInt32.max) else {
            throw lines.error("\(name) \(LineFields.quoted(field)) is not an integer between 0 and \(UInt32.max)")
        }
        return value
    }
}
