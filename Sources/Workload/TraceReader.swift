import Foundation

/// Reads a trace file in blocks, a line per request, in constant memory.
///
/// Text: one key per line. CSV: comma-separated fields, the key, time and
/// size taken from the chosen columns, an optional header line skipped. A key
/// that is a decimal integer below 2⁶⁴ is used as is; any other key is hashed
/// to 64 bits (`hashKey`). Times are integer nanoseconds, made relative to the
/// first request and never decreasing; sizes are integers 1 … 2³² − 1.
/// A bad line throws a `WorkloadError` naming the file and line number.
public struct TraceReader {
    public let source: TraceSource
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    /// Start of the unread part of `buffer`.
    private var cursor = 0
    private var atEndOfFile = false
    /// Number of the next line to read (1-based).
    private var lineNumber = 1
    private var firstTime: Int64?
    private var lastTime: Int64 = 0
    private static let blockSize = 1 << 20

    /// Opens the trace; throws naming the file when it is missing or unreadable.
    public init(_ source: TraceSource) throws(WorkloadError) {
        self.source = source
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory) else {
            throw WorkloadError(file: source.path, "trace file not found")
        }
        guard !isDirectory.boolValue, let handle = FileHandle(forReadingAtPath: source.path) else {
            throw WorkloadError(file: source.path, "trace file cannot be read")
        }
        self.handle = handle
    }

    /// Whether the file supplies times / sizes itself.
    public var hasTimes: Bool { source.timeColumn != nil }
    public var hasSizes: Bool { source.sizeColumn != nil }

    /// Appends up to `limit` requests: keys always, `times` and `sizes` only
    /// when the file has those columns. Returns how many were read; 0 at the end.
    public mutating func read(
        limit: Int, keys: inout [UInt64], times: inout [Int64], sizes: inout [UInt32]
    ) throws(WorkloadError) -> Int {
        var count = 0
        while count < limit, let line = try nextLine() {
            defer { lineNumber += 1 }
            if source.hasHeader && lineNumber == 1 { continue }
            try parse(line, keys: &keys, times: &times, sizes: &sizes)
            count += 1
        }
        return count
    }

    /// The next line without its terminator, or nil at the end of the file.
    private mutating func nextLine() throws(WorkloadError) -> Range<Int>? {
        while true {
            if let newline = buffer[cursor...].firstIndex(of: UInt8(ascii: "\n")) {
                defer { cursor = newline + 1 }
                return cursor..<(newline > cursor && buffer[newline - 1] == UInt8(ascii: "\r") ? newline - 1 : newline)
            }
            if atEndOfFile {
                guard cursor < buffer.count else { return nil }
                defer { cursor = buffer.count }
                return cursor..<buffer.count
            }
            buffer.removeSubrange(0..<cursor)
            cursor = 0
            do {
                if let block = try handle.read(upToCount: Self.blockSize), !block.isEmpty {
                    buffer.append(contentsOf: block)
                } else {
                    atEndOfFile = true
                }
            } catch {
                throw WorkloadError(file: source.path, location: "line \(lineNumber)", "read failed: \(error.localizedDescription)")
            }
        }
    }

    private func lineError(_ message: String) -> WorkloadError {
        WorkloadError(file: source.path, location: "line \(lineNumber)", message)
    }

    private mutating func parse(
        _ line: Range<Int>, keys: inout [UInt64], times: inout [Int64], sizes: inout [UInt32]
    ) throws(WorkloadError) {
        guard source.format == .csv else {
            let field = trimmed(line)
            guard !field.isEmpty else { throw lineError("empty line, expected a key") }
            keys.append(key(field))
            return
        }
        let fields = split(line)
        func column(_ index: Int, _ name: String) throws(WorkloadError) -> Range<Int> {
            guard index < fields.count else {
                throw lineError("has \(fields.count) field(s), \(name) column \(index) is missing")
            }
            return fields[index]
        }
        let keyField = try column(source.keyColumn, "key")
        guard !keyField.isEmpty else { throw lineError("empty key in column \(source.keyColumn)") }
        keys.append(key(keyField))
        if let timeColumn = source.timeColumn {
            let field = try column(timeColumn, "time")
            guard let time = decimal(field), time <= UInt64(Int64.max) else {
                throw lineError("time \(text(field)) is not an integer number of nanoseconds")
            }
            let start = firstTime ?? Int64(time)
            firstTime = start
            let relative = Int64(time) - start
            guard relative >= lastTime else {
                throw lineError("time \(time) is before the previous request's \(lastTime + start)")
            }
            lastTime = relative
            times.append(relative)
        }
        if let sizeColumn = source.sizeColumn {
            let field = try column(sizeColumn, "size")
            guard let size = decimal(field), size >= 1, size <= UInt64(UInt32.max) else {
                throw lineError("size \(text(field)) is not an integer between 1 and \(UInt32.max)")
            }
            sizes.append(UInt32(size))
        }
    }

    /// The key of a field: its value when decimal, else its hash.
    private func key(_ field: Range<Int>) -> UInt64 {
        decimal(field) ?? hashKey(buffer[field])
    }

    /// The field as an unsigned decimal integer, or nil (empty, other
    /// characters, or above 2⁶⁴ − 1).
    private func decimal(_ field: Range<Int>) -> UInt64? {
        guard !field.isEmpty, field.count <= 20 else { return nil }
        var value: UInt64 = 0
        for byte in buffer[field] {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// Comma-separated fields of a line, each trimmed of spaces.
    private func split(_ line: Range<Int>) -> [Range<Int>] {
        var fields: [Range<Int>] = []
        var start = line.lowerBound
        for i in line where buffer[i] == UInt8(ascii: ",") {
            fields.append(trimmed(start..<i))
            start = i + 1
        }
        fields.append(trimmed(start..<line.upperBound))
        return fields
    }

    private func trimmed(_ range: Range<Int>) -> Range<Int> {
        var low = range.lowerBound, high = range.upperBound
        while low < high, buffer[low] == UInt8(ascii: " ") || buffer[low] == UInt8(ascii: "\t") { low += 1 }
        while high > low, buffer[high - 1] == UInt8(ascii: " ") || buffer[high - 1] == UInt8(ascii: "\t") { high -= 1 }
        return low..<high
    }

    private func text(_ field: Range<Int>) -> String {
        "\"\(String(decoding: buffer[field].prefix(40), as: UTF8.self))\""
    }
}
