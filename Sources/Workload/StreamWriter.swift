import Foundation

/// How `cachesim gen` writes a stream.
public enum StreamFormat: String, CaseIterable, Sendable {
    /// One key per line: a trace that `"source": "trace"` replays.
    case text
    /// `time,key,size` per line after that header line.
    case csv
    /// libCacheSim's binary records (`OracleGeneralReader`), with each
    /// request's next-access index filled in by a backward pass, so
    /// libCacheSim can run the stream, Belady included.
    case oracleGeneral

    /// How to read a file written in this format back as a trace.
    public func traceSource(path: String) -> TraceSource {
        switch self {
        case .text: TraceSource(path: path)
        case .csv: TraceSource(path: path, format: .csv, keyColumn: 1, timeColumn: 0, sizeColumn: 2, hasHeader: true)
        case .oracleGeneral: TraceSource(path: path, format: .oracleGeneral)
        }
    }
}

/// Writes a request stream to a file atomically: into a temporary file in
/// the same folder, renamed over the destination only when complete, so a
/// failure never leaves a half-written result.
///
/// Text and CSV are written in one pass in constant memory. oracleGeneral
/// needs a second, backward pass over the written file for next-access
/// indices, which keeps the last position of every distinct key: memory is
/// O(distinct keys), as in libCacheSim's own converter.
public enum StreamWriter {
    /// Writes every request of `stream` to `path`; returns how many.
    /// Errors name the output file (or the input, for a bad trace line).
    @discardableResult
    public static func write<S: RequestStream>(_ stream: inout S, to path: String, format: StreamFormat) throws -> Int {
        let destination = URL(fileURLWithPath: path)
        let temporary = destination.deletingLastPathComponent()
            .appendingPathComponent(
                ".\(destination.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
            let handle = FileHandle(forUpdatingAtPath: temporary.path)
        else {
            throw WorkloadError(file: path, "cannot be written (is the folder there and writable?)")
        }
        var finished = false
        defer {
            try? handle.close()
            if !finished { try? FileManager.default.removeItem(at: temporary) }
        }
        var chunk = RequestChunk(capacity: defaultChunkSize)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(defaultChunkSize * 40)
        var total = 0
        if format == .csv { bytes.append(contentsOf: "time,key,size\n".utf8) }
        while try stream.next(into: &chunk, limit: defaultChunkSize) > 0 {
            if format == .oracleGeneral {
                appendOracleGeneral(chunk, to: &bytes)
            } else {
                for i in 0..<chunk.count {
                    if format == .csv {
                        appendDecimal(UInt64(chunk.times[i]), to: &bytes)
                        bytes.append(UInt8(ascii: ","))
                        appendDecimal(chunk.keys[i], to: &bytes)
                        bytes.append(UInt8(ascii: ","))
                        appendDecimal(UInt64(chunk.sizes[i]), to: &bytes)
                    } else {
                        appendDecimal(chunk.keys[i], to: &bytes)
                    }
                    bytes.append(UInt8(ascii: "\n"))
                }
            }
            total += chunk.count
            try write(bytes, to: handle, path: path)
            bytes.removeAll(keepingCapacity: true)
        }
        try write(bytes, to: handle, path: path)
        if format == .oracleGeneral {
            try fillNextAccess(descriptor: handle.fileDescriptor, records: total, path: path)
        }
        try? handle.close()
        // rename(2) replaces the destination atomically within one file system.
        guard rename(temporary.path, destination.path) == 0 else {
            throw WorkloadError(file: path, "cannot be replaced: \(String(cString: strerror(errno)))")
        }
        finished = true
        return total
    }

    private static func write(_ bytes: [UInt8], to handle: FileHandle, path: String) throws(WorkloadError) {
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw WorkloadError(file: path, "write failed: \(error.localizedDescription)")
        }
    }

    /// Appends the decimal digits of `value` (least significant first, then reversed in place).
    private static func appendDecimal(_ value: UInt64, to bytes: inout [UInt8]) {
        let start = bytes.count
        var rest = value
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        bytes[start...].reverse()
    }
}
