import Foundation
import Testing
import Workload

/// What each format reader makes of small hand-written files: times, sizes,
/// expansion, skipped lines, and errors that name a line or byte offset.
@Suite struct TraceReaderFormatTests {
    func read(_ source: TraceSource, chunkSize: Int = defaultChunkSize) throws -> RequestChunk {
        var stream = try WorkloadStream(WorkloadSpec(name: "t", seed: 1, requests: nil, keys: .trace(source)))
        return try collect(&stream, chunkSize: chunkSize)
    }

    func file(_ text: String, suffix: String = ".txt") throws -> String {
        try TraceFiles.write(Array(text.utf8), suffix: suffix)
    }

    /// oracleGeneral records as libCacheSim lays them out.
    func oracleGeneral(_ records: [(time: UInt32, id: UInt64, size: UInt32, next: Int64)]) -> [UInt8] {
        var out: [UInt8] = []
        for r in records {
            withUnsafeBytes(of: r.time.littleEndian) { out += $0 }
            withUnsafeBytes(of: r.id.littleEndian) { out += $0 }
            withUnsafeBytes(of: r.size.littleEndian) { out += $0 }
            withUnsafeBytes(of: r.next.littleEndian) { out += $0 }
        }
        return out
    }

    @Test func oracleGeneralGivesKeysSecondsAndSizes() throws {
        let path = try TraceFiles.write(
            oracleGeneral([(100, 7, 4096, 2), (101, 8, 0, -1), (103, 7, 4096, -1)]), suffix: ".bin")
        let chunk = try read(TraceSource(path: path, format: .oracleGeneral))
        #expect(chunk.keys == [7, 8, 7])
        #expect(chunk.times == [0, 1_000_000_000, 3_000_000_000])
        #expect(chunk.sizes == [4096, 1, 4096], "a size of 0 reads as 1")
    }

    @Test func oracleGeneralWriterFillsNextAccess() throws {
        let keys: [UInt64] = [5, 6, 5, 7, 6, 5]
        let out = TraceFiles.path(".oracleGeneral")
        var stream = try WorkloadStream(
            WorkloadSpec(
                name: "t", seed: 1, requests: nil,
                keys: .trace(TraceSource(path: try TraceFiles.write(TraceFiles.text(keys), suffix: ".txt")))))
        #expect(try StreamWriter.write(&stream, to: out, format: .oracleGeneral) == 6)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: out)))
        #expect(bytes.count == 6 * 24)
        let next = (0..<6).map { i in
            bytes.withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(fromByteOffset: i * 24 + 16, as: Int64.self)) }
        }
        #expect(next == [2, 4, 5, -1, -1, -1])
    }

    @Test func binaryLayoutsDecodeSignedAndUnsigned() throws {
        let bytes: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFE, 0x00, 0x00, 0x01, 0x00]
        let signed = try read(
            TraceSource(
                path: try TraceFiles.write(bytes, suffix: ".bin"), format: .binary,
                integers: IntegerLayout(width: 4, byteOrder: .bigEndian, signed: true)))
        #expect(signed.keys == [UInt64(bitPattern: -2), 256])
        let unsigned = try read(
            TraceSource(
                path: try TraceFiles.write(bytes, suffix: ".bin"), format: .binary,
                integers: IntegerLayout(width: 4, byteOrder: .bigEndian, signed: false)))
        #expect(unsigned.keys == [0xFFFF_FFFE, 256])
        let little = try read(
            TraceSource(
                path: try TraceFiles.write(bytes, suffix: ".bin"), format: .binary,
                integers: IntegerLayout(width: 8, byteOrder: .littleEndian, signed: false)))
        #expect(little.keys == [0x0001_0000_FEFF_FFFF])
    }

    @Test func arcRunsExpandAcrossChunks() throws {
        let path = try file("10 3 0 0\n\n 100   5000 0 1\n7 1 0 2\n", suffix: ".lis")
        let chunk = try read(TraceSource(path: path, format: .arc), chunkSize: 97)
        #expect(chunk.keys == [10, 11, 12] + (100..<5100).map { UInt64($0) } + [7])
    }

    @Test func lirsSkipsMarkerLines() throws {
        let chunk = try read(TraceSource(path: try file("*\n5\n* 12\n6\n\n5\n*"), format: .lirs))
        #expect(chunk.keys == [5, 6, 5])
    }

    @Test func twitterSizesTimesWritesAndDeletes() throws {
        let path = try file(
            """
            10,user:1,5,100,3,get,0
            12,user:2,6,0,3,set,3600
            12,user:1,5,0,3,delete,0
            15,user:1,5,100,4,gets,0
            """, suffix: ".csv")
        let chunk = try read(TraceSource(path: path, format: .twitter))
        let user1 = hashKey(Array("user:1".utf8)), user2 = hashKey(Array("user:2".utf8))
        #expect(chunk.keys == [user1, user1], "the set and the delete are not requests")
        #expect(chunk.sizes == [105, 105])
        #expect(chunk.times == [0, 5_000_000_000])
        var stream = try WorkloadStream(
            WorkloadSpec(name: "t", seed: 1, requests: nil, keys: .trace(TraceSource(path: path, format: .twitter))))
        var whole = RequestChunk(capacity: 10)
        #expect(try stream.next(into: &whole, limit: 10) == 2)
        #expect(
            whole.mutations == [
                Mutation(
                    before: 1, key: user2, change: .store(size: 6, time: 2_000_000_000, lifetime: 3_600_000_000_000)),
                Mutation(before: 1, key: user1, change: .remove),
            ])
        stream = try WorkloadStream(
            WorkloadSpec(name: "t", seed: 1, requests: nil, keys: .trace(TraceSource(path: path, format: .twitter))))
        var first = RequestChunk(capacity: 1)
        #expect(try stream.next(into: &first, limit: 1) == 1 && first.mutations.isEmpty)
        var second = RequestChunk(capacity: 1)
        #expect(try stream.next(into: &second, limit: 1) == 1)
        #expect(second.mutations.map(\.before) == [0, 0], "the set and delete come before the chunk's first request")
    }

    @Test func pagesSplitBlockRequests() throws {
        // (address, length): 0+4096 is page 0; 4000+200 spans pages 0 and 1; 12288+1 is page 3.
        let path = try file("0,0,4096\n0,4000,200\n0,12288,1\n", suffix: ".csv")
        let source = TraceSource(path: path, format: .csv, keyColumn: 1, timeColumn: 0, sizeColumn: 2, pageSize: 4096)
        let chunk = try read(source, chunkSize: 2)
        #expect(chunk.keys == [0, 0, 1, 3])
        #expect(chunk.sizes == [4096, 4096, 4096, 4096])
        #expect(chunk.times == [0, 0, 0, 0])
    }

    @Test func formatsSayWhetherTheySupplyTimesAndSizes() {
        let supplied = TraceSource.Format.allCases.map { format -> (TraceSource.Format, Bool, Bool) in
            let source = TraceSource(path: "x", format: format)
            return (format, source.suppliesTimes, source.suppliesSizes)
        }
        #expect(supplied.filter { $0.1 }.map(\.0) == [.oracleGeneral, .twitter])
        #expect(supplied.filter { $0.2 }.map(\.0) == [.oracleGeneral, .twitter])
        #expect(TraceSource(path: "x", format: .csv, timeColumn: 0).suppliesTimes)
        #expect(TraceSource(path: "x", format: .binary, pageSize: 4096).suppliesSizes, "pages have the page size")
    }

    static let badFiles: [(name: String, bytes: [UInt8], source: @Sendable (String) -> TraceSource, message: String)] =
        [
            (
                "truncated oracleGeneral", [UInt8](repeating: 0, count: 24 + 10),
                { TraceSource(path: $0, format: .oracleGeneral) },
                "byte 24: truncated record: the file ends 10 byte(s) into a 24-byte record"
            ),
            (
                "truncated int64", [UInt8](repeating: 1, count: 8 * 3 + 5), { TraceSource(path: $0, format: .binary) },
                "byte 24: truncated record: the file ends 5 byte(s) into a 8-byte record"
            ),
            (
                "lirs word", Array("1\n2\nthree\n".utf8), { TraceSource(path: $0, format: .lirs) },
                #"line 3: block number "three" is not a non-negative integer"#
            ),
            (
                "arc count", Array("1 2 0 0\n5 x 0 1\n".utf8), { TraceSource(path: $0, format: .arc) },
                #"line 2: block count "x" is not a positive integer"#
            ),
            (
                "twitter size", Array("1,a,3,4,5,get,0\n2,b,3,big,5,get,0\n".utf8),
                { TraceSource(path: $0, format: .twitter) },
                #"line 2: value size "big" is not an integer between 0 and 4294967295"#
            ),
            (
                "twitter operation", Array("1,a,3,4,5,fetch,0\n".utf8), { TraceSource(path: $0, format: .twitter) },
                #"line 1: operation "fetch" is not one of"#
            ),
        ]

    @Test(arguments: badFiles.indices)
    func badInputNamesTheLineOrByte(index: Int) throws {
        let example = Self.badFiles[index]
        let path = try TraceFiles.write(example.bytes, suffix: ".bin")
        do {
            _ = try read(example.source(path))
            Issue.record("\(example.name): no error")
        } catch {
            #expect("\(error)".hasPrefix("\(path): \(example.message)"), "\(example.name): \(error)")
        }
    }

    @Test func aLineLongerThanTheBufferIsAnError() throws {
        let path = try TraceFiles.write(
            Array("1\n".utf8) + [UInt8](repeating: 0x37, count: (1 << 20) + 10) + [0x0A], suffix: ".txt")
        #expect(throws: WorkloadError(file: path, location: "line 2", "line longer than 1048576 bytes")) {
            try read(TraceSource(path: path))
        }
    }

    @Test func truncatedAndCorruptCompressedStreamsNameTheByte() throws {
        let plain = TraceFiles.text((0..<50_000).map { UInt64($0 * 7919 % 10007) })
        for (kind, path) in [
            ("gzip", try TraceFiles.gzip(plain)), ("zstd", try TraceFiles.zstd(plain)),
            ("xz", try TraceFiles.xz(plain)),
        ] {
            let whole = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            let cut = try TraceFiles.write(Array(whole.prefix(whole.count / 2)), suffix: ".cut")
            #expect(
                throws: WorkloadError(
                    file: cut, location: "byte \(whole.count / 2)", "\(kind) stream ends early (truncated file)")
            ) {
                try read(TraceSource(path: cut))
            }
            var damaged = whole
            // Past the magic number, into the headers and first blocks. (A stream
            // without a checksum damaged further on may decode to garbage, which
            // the format reader then rejects by line.)
            for i in 6..<60 { damaged[i] ^= 0x5A }
            let corrupt = try TraceFiles.write(damaged, suffix: ".bad")
            do {
                _ = try read(TraceSource(path: corrupt))
                Issue.record("\(kind): corrupt stream read without error (\(path))")
            } catch let error as WorkloadError {
                #expect(error.file == corrupt && error.location.hasPrefix("byte "), "\(kind): \(error)")
                #expect(error.message.hasPrefix("corrupt \(kind) stream"), "\(kind): \(error)")
            }
        }
    }
}
