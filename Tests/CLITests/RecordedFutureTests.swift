import Foundation
import Testing

/// The offline optimum reads an oracleGeneral trace's recorded next
/// accesses instead of computing them, gets the same hits as from the
/// computed future, and refuses a file whose field is not its future.
@Suite struct RecordedFutureTests {
    static let generator =
        #"{ "requests": 20000, "seed": 3, "keys": { "source": "zipf", "alpha": 0.9, "universe": 3000 } }"#

    /// A spec replaying `trace` (in `format`) through belady and lru at 200 entries.
    static func replay(_ trace: String, _ format: String) -> String {
        #"{ "name": "t", "keys": { "source": "trace", "path": "\#(trace)", "format": "\#(format)" }, "caches": [ { "policy": "belady", "capacity": 200 }, { "policy": "lru", "capacity": 200 } ] }"#
    }

    /// Hits of each run of the result in `folder/out`, by label.
    func hits(_ folder: URL, _ out: String) throws -> [String: Int] {
        let data = try Data(contentsOf: folder.appendingPathComponent("\(out)/result.json"))
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let runs = try #require(result["runs"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: runs.map { ($0["label"] as! String, $0["hits"] as! Int) })
    }

    @Test func recordedAndComputedFuturesGiveTheSameHits() throws {
        let folder = try temporaryFolder([
            "gen.json": Self.generator, "og.json": Self.replay("k.oracleGeneral", "oracleGeneral"),
            "text.json": Self.replay("k.txt", "text"),
        ])
        for (format, file) in [("oracleGeneral", "k.oracleGeneral"), ("text", "k.txt")] {
            let gen = try CommandRunner.run(["gen", "gen.json", "--out", file, "--format", format], in: folder)
            #expect(gen.status == 0, "\(gen.stderr)")
        }
        for spec in ["og", "text"] {
            let run = try CommandRunner.run(
                ["run", "\(spec).json", "--quiet", "--jobs", "1", "--out", spec], in: folder)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let recorded = try hits(folder, "og")
        let computed = try hits(folder, "text")
        #expect(recorded == computed, "belady and lru hits from the recorded and the computed future")
        let belady = try #require(recorded["belady(200)"]), lru = try #require(recorded["lru(200)"])
        #expect(belady > lru, "the optimum beats LRU: \(belady) vs \(lru)")
    }

    @Test func aFileCountingFromOneIsReadToo() throws {
        let folder = try temporaryFolder([
            "gen.json": Self.generator, "og.json": Self.replay("k.oracleGeneral", "oracleGeneral"),
        ])
        let gen = try CommandRunner.run(
            ["gen", "gen.json", "--out", "k.oracleGeneral", "--format", "oracleGeneral"], in: folder)
        #expect(gen.status == 0, "\(gen.stderr)")
        let first = try CommandRunner.run(["run", "og.json", "--quiet", "--jobs", "1", "--out", "a"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        // Positions from 1, as some tools write them: the same future.
        try rewriteNextAccess(folder.appendingPathComponent("k.oracleGeneral")) { $0 < 0 ? $0 : $0 + 1 }
        let second = try CommandRunner.run(["run", "og.json", "--quiet", "--jobs", "1", "--out", "b"], in: folder)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try hits(folder, "a") == hits(folder, "b"))
    }

    /// What a bad field holds: zeros everywhere, or "never" everywhere.
    static let badFields: [String: Int64] = ["zeroed": 0, "never": -1]

    @Test(arguments: ["zeroed", "never"])
    func aFieldThatIsNotTheFutureIsRefused(name: String) throws {
        let value = Self.badFields[name]!
        let folder = try temporaryFolder([
            "gen.json": Self.generator, "og.json": Self.replay("k.oracleGeneral", "oracleGeneral"),
        ])
        let gen = try CommandRunner.run(
            ["gen", "gen.json", "--out", "k.oracleGeneral", "--format", "oracleGeneral"], in: folder)
        #expect(gen.status == 0, "\(gen.stderr)")
        try rewriteNextAccess(folder.appendingPathComponent("k.oracleGeneral")) { _ in value }
        let run = try CommandRunner.run(["run", "og.json", "--quiet", "--jobs", "1", "--out", "x"], in: folder)
        #expect(run.status == 2, "\(name): \(run.stderr)")
        #expect(run.stderr.contains("k.oracleGeneral: request "), "names the file and the request: \(run.stderr)")
        #expect(run.stderr.contains("the next-access field is not this trace's future"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x").path), "nothing written")
        // Without the offline optimum the field is not read, and the file replays.
        let lruOnly =
            #"{ "name": "t", "keys": { "source": "trace", "path": "k.oracleGeneral", "format": "oracleGeneral" }, "caches": [ { "policy": "lru", "capacity": 200 } ] }"#
        try Data(lruOnly.utf8).write(to: folder.appendingPathComponent("lru.json"))
        let lru = try CommandRunner.run(["run", "lru.json", "--quiet", "--jobs", "1", "--out", "y"], in: folder)
        #expect(lru.status == 0, "\(lru.stderr)")
    }

    /// Replaces every record's next-access field (bytes 16..<24) with `change` of it.
    func rewriteNextAccess(_ file: URL, _ change: (Int64) -> Int64) throws {
        var bytes = [UInt8](try Data(contentsOf: file))
        for record in stride(from: 0, to: bytes.count, by: 24) {
            let old = bytes[(record + 16)..<(record + 24)].withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
            withUnsafeBytes(of: change(Int64(littleEndian: old)).littleEndian) {
                bytes.replaceSubrange((record + 16)..<(record + 24), with: $0)
            }
        }
        try Data(bytes).write(to: file)
    }
}
