/// Reads `text` (one key per line) and `csv` traces (comma-separated
/// fields; key, time and size from chosen columns; an optional header line).
///
/// A key that is a decimal integer below 2⁶⁴ is used as is; any other key
/// is hashed to 64 bits (`hashKey`). CSV times are integer nanoseconds,
/// made relative to the first request and never decreasing; sizes are
/// integers 1 … 2³² − 1. A bad line throws naming its line number.
struct TextReader: TraceFormatReader {
    let source: TraceSource
    private var lines: LineReader
    private var clock = TraceClock()
    private var fields: [UnsafeRawBufferPointer] = []

    init(_ source: TraceSource, bytes: TraceBytes) {
        self.source = source
        lines = LineReader(bytes)
    }

    mutating func read(
        limit: Int, keys: inout [UInt64], times: inout [Int64], sizes: inout [UInt32]
    ) throws(WorkloadError) -> Int {
        var count = 0
        if source.format == .text {
            while count < limit, let line = try lines.next() {
                let field = LineFields.trimmed(line)
                guard !field.isEmpty else { throw lines.error("empty line, expected a key") }
                keys.append(LineFields.key(field))
                count += 1
            }
            return count
        }
        while count < limit, let line = try lines.next() {
            if source.hasHeader && lines.lineNumber == 1 { continue }
            try parseCSV(line, keys: &keys, times: &times, sizes: &sizes)
            count += 1
        }
        return count
    }

    private mutating func parseCSV(
        _ line: UnsafeRawBufferPointer, keys: inout [UInt64], times: inout [Int64], sizes: inout [UInt32]
    ) throws(WorkloadError) {
        LineFields.split(line, into: &fields)
        let keyField = try column(source.keyColumn, "key")
        guard !keyField.isEmpty else { throw lines.error("empty key in column \(source.keyColumn)") }
        keys.append(LineFields.key(keyField))
        if let timeColumn = source.timeColumn {
            let field = try column(timeColumn, "time")
            guard let time = LineFields.decimal(field), time <= UInt64(Int64.max) else {
                throw lines.error("time \(LineFields.quoted(field)) is not an integer number of nanoseconds")
            }
            guard let relative = clock.relative(Int64(time)) else {
                throw lines.error("time \(time) is before the previous request's \(clock.lastWritten)")
            }
            times.append(relative)
        }
        if let sizeColumn = source.sizeColumn {
            let field = try column(sizeColumn, "size")
            guard let size = LineFields.decimal(field), size >= 1, size <= UInt64(UInt32.max) else {
                throw lines.error("size \(LineFields.quoted(field)) is not an integer between 1 and \(UInt32.max)")
            }
            sizes.append(UInt32(size))
        }
    }

    private func column(_ index: Int, _ name: String) throws(WorkloadError) -> UnsafeRawBufferPointer {
        guard index < fields.count else {
            throw lines.error("has \(fields.count) field(s), \(name) column \(index) is missing")
        }
        return fields[index]
    }
}
