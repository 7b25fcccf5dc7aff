import Foundation
import Testing

/// Parameters that would exhaust memory or run for years are refused up
/// front, naming the field, the reason and the limit (status 2, one line,
/// nothing written); a huge Zipf universe is served without a per-key table;
/// `--max-memory` stops a growing run with a message instead of the kernel's
/// OOM killer.
@Suite struct ResourceLimitTests {
    /// A spec whose `requests`, `keys` and `caches` are the given JSON fragments.
    static func spec(
        requests: String = "1000", keys: String = #"{ "source": "loop", "keys": 10 }"#, extra: String = "",
        caches: String
    ) -> String {
        #"{ "name": "limits", "requests": \#(requests), "keys": \#(keys), \#(extra) "caches": \#(caches) }"#
    }

    static let refusals: [(name: String, spec: String, message: String)] = [
        (
            "10^18 requests", spec(requests: "1000000000000000000", caches: #"[{ "policy": "lru", "capacity": 10 }]"#),
            "cachesim: s.json: requests: must be between 1 and 1000000000000, got 1000000000000000000"
        ),
        (
            "a universe beyond exact ranks",
            spec(
                keys: #"{ "source": "zipf", "alpha": 1, "universe": 1e18 }"#,
                caches: #"[{ "policy": "lru", "capacity": 10 }]"#),
            "cachesim: s.json: keys.universe: must be between 1 and 9007199254740992"
        ),
        (
            "entries beyond 32-bit slots", spec(caches: #"[{ "policy": "lru", "capacity": 10000000000 }]"#),
            "cachesim: s.json: caches[0].capacity: 10000000000 entries is more than a cache can address: the limit is 2147483646"
        ),
        (
            "bytes beyond the machine",
            spec(
                extra: #""sizes": { "distribution": "fixed", "bytes": 100 },"#,
                caches: #"[{ "policy": "lru", "capacityBytes": 1000000000000000 }]"#),
            "cachesim: s.json: caches[0].capacityBytes: 1000000000000000 bytes is more than this machine's memory: the limit is its physical memory, "
        ),
    ]

    /// An unbounded map over 10^12 unique IDs would need 32 TB.
    static let unboundedRefusal = (
        name: "an unbounded map over 10^12 keys",
        spec: spec(
            requests: "1000000000000", keys: #"{ "source": "unique" }"#, caches: #"[{ "policy": "unbounded" }]"#),
        message:
            "cachesim: s.json: caches[0]: an unbounded cache holds every key, and this stream's 1000000000000 keys need at least 32000000000000 bytes (32 per entry), more than this machine's memory: the limit is its physical memory, "
    )

    @Test func unboundedMapThatCannotFitIsRefused() throws {
        try expectRefusal(Self.unboundedRefusal)
    }

    /// One entry more than physical memory holds at 32 bytes each, on a
    /// stream of unique IDs that can fill them all.
    @Test(
        .enabled(
            if: ProcessInfo.processInfo.physicalMemory / 32 + 1 <= 2_147_483_646,
            "this machine's memory holds 2^31 − 2 entries, the most a cache can address, so no entry capacity is too large for it"
        ))
    func entryCapacityBeyondMemoryIsRefused() throws {
        let entries = ProcessInfo.processInfo.physicalMemory / 32 + 1
        try expectRefusal(
            (
                name: "entries beyond memory",
                spec: Self.spec(
                    requests: "1000000000000", keys: #"{ "source": "unique" }"#,
                    caches: #"[{ "policy": "lru", "capacity": \#(entries) }]"#),
                message:
                    "cachesim: s.json: caches[0].capacity: \(entries) entries need at least \(entries * 32) bytes (32 per entry), more than this machine's memory"
            ))
    }

    /// The same capacity on a stream of 10 keys never fills: it runs.
    @Test func entryCapacityTheStreamCannotFillRuns() throws {
        let folder = try temporaryFolder([
            "s.json": Self.spec(caches: #"[{ "policy": "lru", "capacity": 2000000000 }]"#)
        ])
        let result = try CommandRunner.run(["run", "s.json", "--quiet", "--jobs", "1", "--out", "out"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/result.json").path))
    }

    func expectRefusal(_ example: (name: String, spec: String, message: String)) throws {
        let folder = try temporaryFolder(["s.json": example.spec])
        let result = try CommandRunner.run(["run", "s.json", "--quiet", "--out", "out"], in: folder)
        #expect(result.status == 2, "\(example.name): status \(result.status)")
        #expect(result.stderr.hasPrefix(example.message), "\(example.name): \(result.stderr)")
        #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(example.name): one line, got \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test(arguments: refusals.indices)
    func refusedUpFrontWithTheLimit(index: Int) throws {
        try expectRefusal(Self.refusals[index])
    }

    /// 10^15 keys would need a 16 PB alias table; rejection-inversion needs none.
    @Test func zipfOverAPetaKeyUniverseRuns() throws {
        let folder = try temporaryFolder([
            "s.json": Self.spec(
                requests: "200000", keys: #"{ "source": "zipf", "alpha": 1.1, "universe": 1e15 }"#,
                caches: #"[{ "policy": "lru", "capacity": 1000 }]"#)
        ])
        let result = try CommandRunner.run(["run", "s.json", "--quiet", "--jobs", "1", "--out", "out"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let data = try Data(contentsOf: folder.appendingPathComponent("out/result.json"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let runs = try #require(object?["runs"] as? [[String: Any]])
        #expect(runs.first?["requests"] as? Int == 200_000)
        #expect((runs.first?["hits"] as? Int ?? 0) > 0, "alpha 1.1 repeats its head keys")
    }

    /// An unbounded map on unique keys grows without end; the cap stops it,
    /// in this process (`--jobs 1`) and in worker processes alike.
    @Test(arguments: [1, 2])
    func maxMemoryStopsAGrowingRun(jobs: Int) throws {
        let folder = try temporaryFolder([
            "s.json": Self.spec(
                requests: "50000000", keys: #"{ "source": "unique" }"#,
                caches: #"[{ "policy": "unbounded" }, { "policy": "lru", "capacity": 100 }]"#)
        ])
        let result = try CommandRunner.run(
            ["run", "s.json", "--quiet", "--jobs", String(jobs), "--max-memory", "96M", "--out", "out"], in: folder)
        #expect(result.status == 2, "status \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("memory limit exceeded"), "\(result.stderr)")
        #expect(result.stderr.contains("above the memory limit of 100663296 bytes (--max-memory"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test func maxMemoryRefusesANonsenseSize() throws {
        let folder = try temporaryFolder(["s.json": Self.spec(caches: #"[{ "policy": "lru", "capacity": 10 }]"#)])
        let result = try CommandRunner.run(
            ["run", "s.json", "--quiet", "--max-memory", "lots", "--out", "out"], in: folder)
        #expect(result.status == 2)
        #expect(
            result.stderr.hasPrefix("Error: The value 'lots' is invalid for '--max-memory <bytes>'"), "\(result.stderr)"
        )
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }
}
