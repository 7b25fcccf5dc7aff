import Foundation
import TestSupport
import Testing
import Workload

@Suite struct TraceReaderTests {
    /// Writes `text` to a fresh temporary file and returns its path.
    func temporaryFile(_ text: String, suffix: String = ".txt") throws -> String {
        let path = Scratch.path("trace", suffix: suffix)
            .path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func read(_ source: TraceSource, requests: Int? = nil, chunkSize: Int = defaultChunkSize) throws -> RequestChunk {
        var stream = try WorkloadStream(WorkloadSpec(name: "t", seed: 1, requests: requests, keys: .trace(source)))
        return try collect(&stream, chunkSize: chunkSize)
    }

    @Test(.enabled(if: sharedTracesAvailable, Comment(rawValue: sharedTracesAbsent)))
    func sharedTraceReplaysToTheSameKeys() throws {
        let folder = sharedTracesDirectory
        let path = folder.appendingPathComponent("lirs-2_pools.txt").path
        let expected = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline).map {
            UInt64($0)!
        }
        let replayed = try read(TraceSource(path: path), chunkSize: 4099)
        #expect(replayed.keys == expected)
        #expect(replayed.count == 100_000)
        #expect(try read(TraceSource(path: path), requests: 1234).keys == Array(expected.prefix(1234)))
    }

    @Test func textKeysAreNumbersOrHashes() throws {
        let path = try temporaryFile("17\r\nuser:alice\n  18446744073709551615 \nuser:alice\n99999999999999999999")
        let keys = try read(TraceSource(path: path)).keys
        #expect(keys[0] == 17 && keys[2] == UInt64.max)
        #expect(keys[1] == hashKey(Array("user:alice".utf8)) && keys[3] == keys[1])
        #expect(keys[4] == hashKey(Array("99999999999999999999".utf8)))
    }

    @Test func csvColumnsGiveKeysTimesAndSizes() throws {
        let path = try temporaryFile("time,key,size\n1000,5,10\n1500,abc,20\n1500,5,10\n", suffix: ".csv")
        let chunk = try read(
            TraceSource(path: path, format: .csv, keyColumn: 1, timeColumn: 0, sizeColumn: 2, hasHeader: true))
        #expect(chunk.keys == [5, hashKey(Array("abc".utf8)), 5])
        #expect(chunk.times == [0, 500, 500])
        #expect(chunk.sizes == [10, 20, 10])
    }

    static let badTraces: [(String, TraceSource.Format, String)] = [
        ("1\n2\n\n4\n", .text, "line 3: empty line, expected a key"),
        ("0,1,5\n3\n", .csv, "line 2: has 1 field(s), key column 1 is missing"),
        ("0,1,5\n10,2,x\n", .csv, #"line 2: size "x" is not an integer between 1 and 4294967295"#),
        ("0,1,5\n10,2,0\n", .csv, #"line 2: size "0" is not an integer between 1 and 4294967295"#),
        ("10,1,5\n5,2,5\n", .csv, "line 2: time 5 is before the previous request's 10"),
        ("1.5,1,5\n", .csv, #"line 1: time "1.5" is not an integer number of nanoseconds"#),
    ]

    @Test(arguments: badTraces)
    func badLineIsNamedByNumber(text: String, format: TraceSource.Format, message: String) throws {
        let path = try temporaryFile(text)
        let source =
            format == .text
            ? TraceSource(path: path)
            : TraceSource(path: path, format: .csv, keyColumn: 1, timeColumn: 0, sizeColumn: 2)
        #expect(throws: WorkloadError.self) { try read(source) }
        do {
            _ = try read(source)
        } catch {
            #expect("\(error)" == "\(path): \(message)")
        }
    }

    @Test func missingTraceNamesTheFile() {
        #expect(throws: WorkloadError(file: "/nonexistent/trace.txt", "trace file not found")) {
            try read(TraceSource(path: "/nonexistent/trace.txt"))
        }
    }
}
