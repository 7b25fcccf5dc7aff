/// Reads the ARC paper's traces (Megiddo & Modha, FAST 2003; `*.lis`):
/// lines `start_block n_blocks ignored request_no`, each expanding to the
/// `n_blocks` sequential blocks `start_block`, `start_block + 1`, … A long
/// run is split across chunks, so memory stays constant.
struct ARCReader: TraceFormatReader {
    private var lines: LineReader
    private var fields: [UnsafeRawBufferPointer] = []
    /// The rest of the run being expanded: next block, blocks left.
    private var nextBlock: UInt64 = 0
    private var blocksLeft: UInt64 = 0

    init(bytes: TraceBytes) { lines = LineReader(bytes) }

    mutating func read(
        limit: Int, keys: inout [UInt64], times: inout [Int64], sizes: inout [UInt32]
    ) throws(WorkloadError) -> Int {
        var count = 0
        while count < limit {
            if blocksLeft == 0 {
                guard let line = try lines.next() else { break }
                LineFields.words(line, into: &fields)
                if fields.isEmpty { continue }
                guard fields.count >= 2 else {
                    throw lines.error("has \(fields.count) field(s), expected start_block n_blocks ignored request_no")
                }
                guard let start = LineFields.decimal(fields[0]) else {
                    throw lines.error("start block \(LineFields.quoted(fields[0])) is not a non-negative integer")
                }
                guard let blocks = LineFields.decimal(fields[1]), blocks >= 1, blocks <= UInt64.max - start else {
                    throw lines.error("block count \(LineFields.quoted(fields[1])) is not a positive integer")
                }
                nextBlock = start
                blocksLeft = blocks
            }
            let take = Int(min(UInt64(limit - count), blocksLeft))
            for i in 0..<take { keys.append(nextBlock &+ UInt64(i)) }
            nextBlock &+= UInt64(take)
            blocksLeft -= UInt64(take)
            count += take
        }
        return count
    }
}
