/// Reads the LIRS paper's traces (Jiang & Zhang, SIGMETRICS 2002): one
/// block number per line; lines that start with `*` (markers) and blank
/// lines are skipped. A line that is not a decimal block number throws
/// naming its line number.
struct LIRSReader: TraceFormatReader {
    private var lines: LineReader

    init(bytes: TraceBytes) { lines = LineReader(bytes) }

    mutating func read(
        limit: Int, keys: inout [UInt64], times: inout [Int64], sizes: inout [UInt32]
    ) throws(WorkloadError) -> Int {
        var count = 0
        while count < limit, let line = try lines.next() {
            let field = LineFields.trimmed(line)
            if field.isEmpty || field[0] == UInt8(ascii: "*") { continue }
            guard let block = LineFields.decimal(field) else {
                throw lines.error("block number \(LineFields.quoted(field)) is not a non-negative integer")
            }
            keys.append(block)
            count += 1
        }
        return count
    }
}
