import Foundation

/// Lines of a trace, one at a time, with the field parsing every line
/// format shares: decimal integers, comma-separated fields, trimming, and
/// errors that name the file and line number.
///
/// A line is a view into the reader's buffer, valid until the next call.
struct LineReader {
    let bytes: TraceBytes
    /// Number of the line last returned (1-based); 0 before the first.
    private(set) var lineNumber = 0

    init(_ bytes: TraceBytes) { self.bytes = bytes }

    /// The next line without its `\n` or `\r\n`, or nil at the end of the file.
    mutating func next() throws(WorkloadError) -> UnsafeRawBufferPointer? {
        while true {
            let window = bytes.available
            if let base = window.baseAddress, let newline = memchr(base, 0x0A, window.count) {
                let length = base.distance(to: UnsafeRawPointer(newline))
                bytes.consume(length + 1)
                lineNumber += 1
                let cut = length > 0 && window[length - 1] == 0x0D ? length - 1 : length
                return UnsafeRawBufferPointer(rebasing: window[..<cut])
            }
            let more = try bytes.refill()
            if !more {
                let rest = bytes.available
                if bytes.end - bytes.start == TraceBytes.bufferSize {
                    throw WorkloadError(
                        file: bytes.path, location: "line \(lineNumber + 1)",
                        "line longer than \(TraceBytes.bufferSize) bytes")
                }
                guard !rest.isEmpty else { return nil }
                bytes.consume(rest.count)
                lineNumber += 1
                return rest
            }
        }
    }

    /// An error about the line last returned.
    func error(_ message: String) -> WorkloadError {
        WorkloadError(file: bytes.path, location: "line \(max(lineNumber, 1))", message)
    }
}

/// Parsing of the fields of a text line (a buffer view).
enum LineFields {
    /// The field as an unsigned decimal integer, or nil (empty, other
    /// characters, or above 2⁶⁴ − 1). O(length).
    @inline(__always)
    static func decimal(_ field: UnsafeRawBufferPointer) -> UInt64? {
        guard !field.isEmpty, field.count <= 20 else { return nil }
        var value: UInt64 = 0
        if field.count < 20 {
            // Up to 19 digits cannot overflow.
            for byte in field {
                let digit = byte &- 0x30
                guard digit < 10 else { return nil }
                value = value &* 10 &+ UInt64(digit)
            }
            return value
        }
        for byte in field {
            let digit = byte &- 0x30
            guard digit < 10 else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// The field as a signed decimal integer (an optional leading `-`), or nil.
    static func signedDecimal(_ field: UnsafeRawBufferPointer) -> Int64? {
        if field.first == UInt8(ascii: "-") {
            guard let magnitude = decimal(UnsafeRawBufferPointer(rebasing: field[1...])),
                magnitude <= UInt64(Int64.max)
            else { return nil }
            return -Int64(magnitude)
        }
        guard let value = decimal(field), value <= UInt64(Int64.max) else { return nil }
        return Int64(value)
    }

    /// The key of a field: its value when decimal, else its hash (`hashKey`).
    @inline(__always)
    static func key(_ field: UnsafeRawBufferPointer) -> UInt64 {
        decimal(field) ?? hashKey(field)
    }

    /// Fields separated by `separator`, each trimmed of spaces and tabs,
    /// written into `fields` (emptied first).
    static func split(
        _ line: UnsafeRawBufferPointer, by separator: UInt8 = UInt8(ascii: ","),
        into fields: inout [UnsafeRawBufferPointer]
    ) {
        fields.removeAll(keepingCapacity: true)
        var start = 0
        for i in 0..<line.count where line[i] == separator {
            fields.append(trimmed(UnsafeRawBufferPointer(rebasing: line[start..<i])))
            start = i + 1
        }
        fields.append(trimmed(UnsafeRawBufferPointer(rebasing: line[start...])))
    }

    /// Fields separated by runs of spaces or tabs (no empty fields).
    static func words(_ line: UnsafeRawBufferPointer, into fields: inout [UnsafeRawBufferPointer]) {
        fields.removeAll(keepingCapacity: true)
        var i = 0
        while i < line.count {
            while i < line.count, isBlank(line[i]) { i += 1 }
            let start = i
            while i < line.count, !isBlank(line[i]) { i += 1 }
            if i > start { fields.append(UnsafeRawBufferPointer(rebasing: line[start..<i])) }
        }
    }

    @inline(__always)
    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// The field without leading and trailing spaces and tabs.
    @inline(__always)
    static func trimmed(_ field: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var low = 0, high = field.count
        while low < high, isBlank(field[low]) { low += 1 }
        while high > low, isBlank(field[high - 1]) { high -= 1 }
        return UnsafeRawBufferPointer(rebasing: field[low..<high])
    }

    /// The field quoted for a message, at most 40 bytes of it.
    static func quoted(_ field: UnsafeRawBufferPointer) -> String {
        "\"\(String(decoding: field.prefix(40), as: UTF8.self))\""
    }
}

/// Turns a trace's absolute timestamps into the stream's virtual time:
/// nanoseconds since the first request, never decreasing.
struct TraceClock {
    private var first: Int64?
    private(set) var last: Int64 = 0
    /// Nanoseconds per unit of the trace's timestamps.
    let scale: Int64

    init(scale: Int64 = 1) { self.scale = scale }

    /// `time` relative to the first request, in nanoseconds; nil when it is
    /// before the previous request's.
    @inline(__always)
    mutating func relative(_ time: Int64) -> Int64? {
        let start = first ?? time
        first = start
        let (scaled, overflow) = (time &- start).multipliedReportingOverflow(by: scale)
        guard !overflow, scaled >= last else { return nil }
        last = scaled
        return scaled
    }

    /// The previous request's time as written in the trace.
    var lastWritten: Int64 { (first ?? 0) + last / scale }
}
