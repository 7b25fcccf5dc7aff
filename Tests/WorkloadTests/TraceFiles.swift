import CCompression
import Foundation
import TestSupport
import Workload

/// Writers of trace files in every format cachesim reads, for tests that
/// replay them: each returns the path of a fresh temporary file.
enum TraceFiles {
    static func path(_ suffix: String) -> String {
        Scratch.path("trace", suffix: suffix).path
    }

    static func write(_ bytes: [UInt8], suffix: String) throws -> String {
        let path = path(suffix)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// One decimal key per line.
    static func text(_ keys: [UInt64]) -> [UInt8] {
        Array(keys.map(String.init).joined(separator: "\n").utf8) + [0x0A]
    }

    /// `bytes` gzip-compressed (zlib's gzip file writer).
    static func gzip(_ bytes: [UInt8]) throws -> String {
        let path = path(".gz")
        guard let file = gzopen(path, "wb") else { throw CocoaError(.fileWriteUnknown) }
        _ = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        gzclose(file)
        return path
    }

    /// `bytes` as one zstd frame.
    static func zstd(_ bytes: [UInt8]) throws -> String {
        var out = [UInt8](repeating: 0, count: ZSTD_compressBound(bytes.count))
        let size = ZSTD_compress(&out, out.count, bytes, bytes.count, 3)
        precondition(ZSTD_isError(size) == 0)
        return try write(Array(out.prefix(size)), suffix: ".zst")
    }

    /// `bytes` as one xz stream.
    static func xz(_ bytes: [UInt8]) throws -> String {
        var out = [UInt8](repeating: 0, count: bytes.count + bytes.count / 2 + 4096)
        var written = 0
        let status = lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, nil, bytes, bytes.count, &out, &written, out.count)
        precondition(status == LZMA_OK)
        return try write(Array(out.prefix(written)), suffix: ".xz")
    }

    /// Fixed-width integers in the given layout.
    static func binary(_ keys: [UInt64], _ layout: IntegerLayout) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(keys.count * layout.width)
        for key in keys {
            let big = layout.byteOrder == .bigEndian
            if layout.width == 4 {
                let value = UInt32(truncatingIfNeeded: key)
                withUnsafeBytes(of: big ? value.bigEndian : value.littleEndian) { out += $0 }
            } else {
                withUnsafeBytes(of: big ? key.bigEndian : key.littleEndian) { out += $0 }
            }
        }
        return out
    }

    /// The LIRS format: a block per line, with `*` marker lines between.
    static func lirs(_ keys: [UInt64]) -> [UInt8] {
        var lines = ["*"]
        for (i, key) in keys.enumerated() {
            lines.append(String(key))
            if i % 1000 == 999 { lines.append("*") }
        }
        return Array((lines.joined(separator: "\n") + "\n*\n").utf8)
    }

    /// The ARC format: runs of consecutive blocks as `start n 0 request_no`.
    static func arc(_ keys: [UInt64]) -> [UInt8] {
        var lines: [String] = []
        var i = 0
        while i < keys.count {
            var n = 1
            while i + n < keys.count, keys[i + n] == keys[i] &+ UInt64(n) { n += 1 }
            lines.append("\(keys[i]) \(n) 0 \(lines.count)")
            i += n
        }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// The Twitter CSV: a request per key, one second apart in tens, with a
    /// `delete` of an unrelated key after every 100th request.
    static func twitter(_ keys: [UInt64]) -> [UInt8] {
        var lines: [String] = []
        for (i, key) in keys.enumerated() {
            lines.append("\(1_000 + i / 10),\(key),8,\(i % 3 == 0 ? 0 : 100),7,\(i % 2 == 0 ? "get" : "gets"),0")
            if i % 100 == 99 { lines.append("\(1_000 + i / 10),\(key),8,0,7,delete,0") }
        }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }
}
