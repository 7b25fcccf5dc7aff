/// Reads the Twitter cache traces (Yang et al., OSDI 2020;
/// github.com/twitter/cache-trace): CSV lines
/// `timestamp,anonymized key,key size,value size,client id,operation,TTL`.
///
/// The key is hashed to 64 bits; the size is key size + value size (at
/// least 1); the time is the timestamp in seconds, as nanoseconds since the
/// first request. Operations are honoured: reads (`get`, `gets`, and the
/// read-modify-writes `incr`, `decr`) are requests, replayed look-aside (a
/// get, and a set on a miss); writes (`set`, `add`, `cas`, `replace`,
/// `append`, `prepend`) store the key with its new size at that point of
/// the stream, and a `delete` removes it — neither is a request, so nothing
/// is counted for them (`Mutation`). See Workloads/README.md.
///
/// The TTL column, in seconds (0: no expiry), is each record's lifetime: a
/// write stores the object with its TTL; a read's set after a miss uses the
/// read's own TTL, or, when that is 0 (the traces leave it 0 on most reads),
/// the TTL the key's latest write gave it, as the service would set it again.
struct TwitterReader: TraceFormatReader {
    private var lines: LineReader
    private var clock = TraceClock(scale: 1_000_000_000)
    private var fields: [UnsafeRawBufferPointer] = []
    /// The TTL in seconds of each key's latest write, for keys written with one.
    private var writtenTTL: [UInt64: UInt32] = [:]

    init(bytes: TraceBytes) { lines = LineReader(bytes) }

    static let operations: Set<String> = reads.union(writes).union(["delete"])
    /// Operations that are requests.
    static let reads: Set<String> = ["get", "gets", "incr", "decr"]
    /// Operations that store the key without a request.
    static let writes: Set<String> = ["set", "add", "cas", "replace", "append", "prepend"]

    mutating func read(
        limit: Int, keys: inout [UInt64], times: inout [Int64], sizes: inout [UInt32]
    ) throws(WorkloadError) -> Int {
        var dropped: [Mutation] = []
        var ignored: [Int64] = []
        return try read(
            limit: limit, keys: &keys, times: &times, sizes: &sizes, mutations: &dropped, lifetimes: &ignored)
    }

    mutating func read(
        limit: Int, keys: inout [UInt64], times: inout [Int64], sizes: inout [UInt32], mutations: inout [Mutation],
        lifetimes: inout [Int64]
    ) throws(WorkloadError) -> Int {
        var count = 0
        while count < limit, let line = try lines.next() {
            if LineFields.trimmed(line).isEmpty { continue }
            LineFields.split(line, into: &fields)
            guard fields.count >= 7 else {
                throw lines.error(
                    "has \(fields.count) field(s), expected 7: timestamp,key,key size,value size,client id,operation,TTL"
                )
            }
            let operation = String(decoding: fields[5], as: UTF8.self)
            guard Self.operations.contains(operation) else {
                throw lines.error(
                    "operation \(LineFields.quoted(fields[5])) is not one of \(Self.operations.sorted().joined(separator: ", "))"
                )
            }
            let time = try number(fields[0], "timestamp")
            let keySize = try number(fields[2], "key size")
            let valueSize = try number(fields[3], "value size")
            let ttl = UInt32(try number(fields[6], "TTL"))
            guard let relative = clock.relative(Int64(time)) else {
                throw lines.error("timestamp \(time) is before the previous request's \(clock.lastWritten)")
            }
            let key = LineFields.key(fields[1])
            let size = UInt32(max(1, min(UInt64(UInt32.max), keySize + valueSize)))
            if operation == "delete" {
                mutations.append(Mutation(before: keys.count, key: key, change: .remove))
                continue
            }
            if Self.writes.contains(operation) {
                writtenTTL[key] = ttl == 0 ? nil : ttl
                mutations.append(
                    Mutation(
                        before: keys.count, key: key,
                        change: .store(size: size, time: relative, lifetime: Int64(ttl) * 1_000_000_000)))
                continue
            }
            keys.append(key)
            times.append(relative)
            sizes.append(size)
            lifetimes.append(Int64(ttl == 0 ? writtenTTL[key] ?? 0 : ttl) * 1_000_000_000)
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
