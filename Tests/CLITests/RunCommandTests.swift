import Foundation
import Testing

/// `cachesim run` from the outside: determinism across worker counts,
/// refusals before anything runs, and nothing half-written.
@Suite struct RunCommandTests {
    static let spec = """
        { "name": "small", "seed": 9, "requests": 300000,
          "keys": { "source": "zipf", "alpha": 0.9, "universe": 50000 },
          "arrivals": { "process": "poisson", "ratePerSecond": 5000 },
          "caches": [
            { "policy": "lru", "capacity": [500, 5000] },
            { "policy": "clock", "capacity": 2000 },
            { "policy": "2q", "capacity": 2000 },
            { "policy": "ttl", "ttl": 5 },
            { "policy": "unbounded" } ],
          "repeat": 2 }
        """

    struct Run: Decodable, Equatable {
        var label: String
        var seed: UInt64
        var hits: Int
        var evictions: Int
    }
    struct Result: Decodable { var runs: [Run] }

    func hits(jobs: Int, in folder: URL, out: String) throws -> [Run] {
        let result = try CommandRunner.run(
            ["run", "s.json", "--jobs", String(jobs), "--quiet", "--out", out], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty, "--quiet prints nothing")
        let data = try Data(contentsOf: folder.appendingPathComponent("\(out)/result.json"))
        return try JSONDecoder().decode(Result.self, from: data).runs
    }

    @Test func sameHitCountsWithOneOrTwoJobsRunAfterRun() throws {
        let folder = try temporaryFolder(["s.json": Self.spec])
        let first = try hits(jobs: 1, in: folder, out: "one")
        #expect(first.count == 6 * 2)
        #expect(Set(first.map(\.seed)) == [9, 10])
        #expect(try hits(jobs: 2, in: folder, out: "two") == first)
        #expect(try hits(jobs: 2, in: folder, out: "again") == first)
        let series = try String(contentsOf: folder.appendingPathComponent("one/series.csv"), encoding: .utf8)
        #expect(series.hasPrefix("label,policy,capacity"))
    }

    @Test func tableNamesEveryRunAndItsVerdict() throws {
        let folder = try temporaryFolder(["s.json": Self.spec])
        let result = try CommandRunner.run(["run", "s.json", "--jobs", "1", "--out", "table"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        for label in [
            "lru(500)", "lru(5000)", "clock(2000)", "2q(2000)", "ttl", "unbounded", "plateau", "± ",
            "Che's approximation", "Best at each capacity", "  2,000: ",
        ] {
            #expect(result.stdout.contains(label), "missing \(label) in:\n\(result.stdout)")
        }
        // Only 2,000 entries has two policies to rank (clock and 2q).
        #expect(!result.stdout.contains("  500: ") && !result.stdout.contains("  5,000: "))
    }

    /// A workload name is untrusted: `run` shows it in the terminal, the
    /// CSV and report.md as text, never as an escape sequence, a formula or
    /// HTML (issue 21).
    @Test func hostileWorkloadNameReachesNoOutputRaw() throws {
        let spec = """
            { "name": "=1+2 <script>alert(1)</script> \\u001b[31mred", "seed": 1, "requests": 2000,
              "keys": { "source": "zipf", "alpha": 0.9, "universe": 500 },
              "caches": [ { "policy": "lru", "capacity": 100 } ] }
            """
        let folder = try temporaryFolder(["s.json": spec])
        let table = try CommandRunner.run(["run", "s.json", "--jobs", "1", "--out", "t"], in: folder)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(!table.stdout.contains("\u{1B}"), "an escape sequence reached the terminal")
        let markdown = try String(contentsOf: folder.appendingPathComponent("t/report.md"), encoding: .utf8)
        #expect(!markdown.contains("<script") && !markdown.contains("\u{1B}"))
        #expect(markdown.contains("&lt;script&gt;alert(1)&lt;/script&gt; \\\\u{1B}\\[31mred"))
        let html = try String(contentsOf: folder.appendingPathComponent("t/report.html"), encoding: .utf8)
        #expect(!html.contains("<script>alert"))
        let csv = try CommandRunner.run(["run", "s.json", "--jobs", "1", "--out", "c", "--format", "csv"], in: folder)
        #expect(csv.status == 0, "\(csv.stderr)")
        let row = try #require(csv.stdout.split(separator: "\n").dropFirst().first)
        #expect(row.hasPrefix("'=1+2 <script>"), "the formula defused: \(row)")
    }

    static let refusals: [(name: String, spec: String, arguments: [String], message: String)] = [
        (
            "ttl without arrivals",
            #"{ "requests": 10, "keys": { "source": "loop", "keys": 3 }, "caches": [ { "policy": "ttl", "ttl": 5 } ] }"#,
            [],
            #"cachesim: s.json: caches[0]: policy 'ttl' expires entries by time, but the workload has no request times: add "arrivals""#
        ),
        (
            "byte capacity without sizes",
            #"{ "requests": 10, "keys": { "source": "loop", "keys": 3 }, "caches": [ { "policy": "lru", "capacityBytes": 1000 } ] }"#,
            [], #"cachesim: s.json: caches[0].capacityBytes: a byte capacity needs object sizes"#
        ),
        (
            "unknown policy",
            #"{ "requests": 10, "keys": { "source": "loop", "keys": 3 }, "caches": [ { "policy": "mru-ish", "capacity": 5 } ] }"#,
            [], "cachesim: s.json: caches[0].policy: unknown policy 'mru-ish'"
        ),
        (
            "option out of range",
            #"{ "requests": 10, "keys": { "source": "loop", "keys": 3 }, "caches": [ { "policy": "clock", "capacity": 5, "bits": 99 } ] }"#,
            [], "cachesim: s.json: caches[0].bits: must be 1...8, whole, got 99"
        ),
        (
            "unwritable output",
            #"{ "requests": 10, "keys": { "source": "loop", "keys": 3 }, "caches": [ { "policy": "lru", "capacity": 5 } ] }"#,
            ["--out", "file/run"], "cachesim: "
        ),
        (
            "bad --jobs", #"{ "requests": 10, "keys": { "source": "loop", "keys": 3 } }"#, ["--jobs", "0"],
            "Error: --jobs must be at least 1"
        ),
    ]

    @Test(arguments: refusals.indices)
    func refusedBeforeAnythingRunsWithStatus2(index: Int) throws {
        let example = Self.refusals[index]
        let folder = try temporaryFolder(["s.json": example.spec, "file": "not a directory"])
        let result = try CommandRunner.run(["run", "s.json"] + example.arguments, in: folder)
        #expect(result.status == 2, "\(example.name): status \(result.status), \(result.stderr)")
        #expect(result.stderr.hasPrefix(example.message), "\(example.name): \(result.stderr)")
        #expect(result.stdout.isEmpty)
        // Nothing was written: no Results/ folder, no staging directory.
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == ["file", "s.json"], "\(example.name): left \(left)")
    }
}
