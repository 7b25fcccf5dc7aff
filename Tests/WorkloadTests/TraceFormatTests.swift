import Caches
import Foundation
import TestSupport
import Testing
import Workload

/// Every trace format, and every compression, replays a shared trace to the
/// same key sequence and the same LRU hit count as the plain text file.
@Suite("Trace formats", .enabled(if: sharedTracesAvailable, Comment(rawValue: sharedTracesAbsent)))
struct TraceFormatTests {
    /// Shared traces the formats are checked on, and an LRU capacity each.
    static let traces = [("lirs-2_pools", 500), ("cache2k-web07", 3000), ("cloudphysics-io", 5000)]

    static func textPath(_ name: String) -> String { sharedTracesDirectory.appendingPathComponent("\(name).txt").path }

    static func keys(of source: TraceSource, chunkSize: Int = 4099) throws -> [UInt64] {
        var stream = try WorkloadStream(WorkloadSpec(name: "t", seed: 1, requests: nil, keys: .trace(source)))
        return try collect(&stream, chunkSize: chunkSize).keys
    }

    static func lruHits(_ keys: [UInt64], capacity: Int) throws -> Int {
        let cache = try PolicyRegistry.named("lru")!.make(CacheConfiguration(capacity: .entries(capacity)))
        let sizes = [UInt32](repeating: 1, count: keys.count), times = [Int64](repeating: 0, count: keys.count)
        var tally = ReplayTally()
        keys.withUnsafeBufferPointer { k in
            sizes.withUnsafeBufferPointer { s in
                times.withUnsafeBufferPointer { t in cache.replay(keys: k, sizes: s, times: t, tally: &tally) }
            }
        }
        return tally.hits
    }

    /// The trace written in each format (and compression), as sources to read.
    static func copies(of keys: [UInt64], text: String) throws -> [(String, TraceSource)] {
        let plain = try [UInt8](Data(contentsOf: URL(fileURLWithPath: text)))
        let oracle = TraceFiles.path(".oracleGeneral")
        var stream = try WorkloadStream(
            WorkloadSpec(name: "t", seed: 1, requests: nil, keys: .trace(TraceSource(path: text))))
        try StreamWriter.write(&stream, to: oracle, format: .oracleGeneral)
        let oracleBytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: oracle)))
        let int32 = IntegerLayout(width: 4, byteOrder: .bigEndian, signed: true)
        let uint32 = IntegerLayout(width: 4, byteOrder: .bigEndian, signed: false)
        let int64 = IntegerLayout(width: 8, byteOrder: .bigEndian, signed: true)
        let little64 = IntegerLayout(width: 8, byteOrder: .littleEndian, signed: false)
        return [
            ("gzip text", TraceSource(path: try TraceFiles.gzip(plain))),
            ("zstd text", TraceSource(path: try TraceFiles.zstd(plain))),
            ("xz text", TraceSource(path: try TraceFiles.xz(plain))),
            ("oracleGeneral", TraceSource(path: oracle, format: .oracleGeneral)),
            ("zstd oracleGeneral", TraceSource(path: try TraceFiles.zstd(oracleBytes), format: .oracleGeneral)),
            (
                "binary int32 big-endian",
                TraceSource(
                    path: try TraceFiles.write(TraceFiles.binary(keys, int32), suffix: ".bin"), format: .binary,
                    integers: int32)
            ),
            (
                "binary uint32 big-endian",
                TraceSource(
                    path: try TraceFiles.write(TraceFiles.binary(keys, uint32), suffix: ".bin"), format: .binary,
                    integers: uint32)
            ),
            (
                "binary int64 big-endian",
                TraceSource(
                    path: try TraceFiles.write(TraceFiles.binary(keys, int64), suffix: ".bin"), format: .binary,
                    integers: int64)
            ),
            (
                "gzip binary uint64 little-endian",
                TraceSource(
                    path: try TraceFiles.gzip(TraceFiles.binary(keys, little64)), format: .binary, integers: little64)
            ),
            ("lirs", TraceSource(path: try TraceFiles.write(TraceFiles.lirs(keys), suffix: ".lirs"), format: .lirs)),
            ("arc", TraceSource(path: try TraceFiles.write(TraceFiles.arc(keys), suffix: ".lis"), format: .arc)),
            ("xz twitter", TraceSource(path: try TraceFiles.xz(TraceFiles.twitter(keys)), format: .twitter)),
        ]
    }

    @Test("every format and compression replays like the text trace", arguments: traces)
    func sameKeysAndLRUHits(name: String, capacity: Int) throws {
        let text = Self.textPath(name)
        let expected = try Self.keys(of: TraceSource(path: text))
        let expectedHits = try Self.lruHits(expected, capacity: capacity)
        #expect(expected.count > 50_000 && expectedHits > 0)
        for (format, source) in try Self.copies(of: expected, text: text) {
            let replayed = try Self.keys(of: source)
            #expect(replayed == expected, "\(name) as \(format): \(replayed.count) keys")
            #expect(try Self.lruHits(replayed, capacity: capacity) == expectedHits, "\(name) as \(format)")
        }
    }
}

/// Compression is recognised by content, on files made here: runs on a
/// fresh clone too.
@Suite struct TraceCompressionTests {
    @Test func compressionIsDetectedFromMagicBytes() throws {
        let keys: [UInt64] = [1, 2, 3]
        let bytes = TraceFiles.text(keys)
        for (path, kind) in [
            (try TraceFiles.gzip(bytes), TraceCompression.gzip), (try TraceFiles.zstd(bytes), .zstd),
            (try TraceFiles.xz(bytes), .xz), (try TraceFiles.write(bytes, suffix: ".gz"), .none),
        ] {
            let reader = try TraceReader(TraceSource(path: path))
            #expect(reader.compression == kind, "\(path)")
            #expect(try TraceFormatTests.keys(of: TraceSource(path: path)) == keys)
        }
    }
}
