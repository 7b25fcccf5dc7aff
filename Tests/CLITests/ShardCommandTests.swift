import Foundation
import Testing

/// `cachesim run --shard I/N`, sweep files and `cachesim merge`, through
/// the binary: merged shards are indistinguishable from one unsharded run in
/// everything that does not depend on the machine; a bad set of shards is
/// refused naming the shard (exit 2, nothing written); a complete shard is
/// skipped when run again.
@Suite struct ShardCommandTests {
    static let spec = """
        {"name": "sharded", "seed": 4, "requests": 40000, "repeat": 2,
         "keys": {"source": "zipf", "alpha": 0.8, "universe": 8000},
         "sizes": {"distribution": "uniform", "min": 1, "max": 100}, "missPenalty": {"distribution": "fixed", "ms": 2},
         "caches": [{"policy": "lru", "capacity": [200, 800]}, {"policy": "clock", "capacity": [200, 800]},
                    {"policy": "2q", "capacity": 800}, {"policy": "random", "capacity": 800}]}
        """

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func run(_ arguments: [String], in folder: URL) throws -> CommandRunner.Result {
        try CommandRunner.run(arguments, in: folder)
    }

    /// A result.json without what the machine measures: times, latency,
    /// throughput, allocator and RSS figures and the verdict fitted to them.
    static func deterministic(_ file: URL) throws -> NSDictionary {
        var result = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as! [String: Any]
        for key in ["createdAt", "timerCostNanoseconds", "measurement"] { result[key] = nil }
        var workload = result["workload"] as! [String: Any]
        workload["specPath"] = nil
        result["workload"] = workload
        result["runs"] = (result["runs"] as! [[String: Any]]).map { run in
            var run = run
            run["latency"] = nil
            run["throughput"] = nil
            var memory = run["memory"] as! [String: Any]
            for key in ["finalAllocatorBytes", "peakAllocatorBytes", "finalRSSBytes", "peakRSSBytes", "verdict"] {
                memory[key] = nil
            }
            memory["series"] = (memory["series"] as! [[String: Any]]).map { sample in
                sample.filter { $0.key != "allocatorBytes" && $0.key != "rssBytes" }
            }
            run["memory"] = memory
            return run
        }
        result["summaries"] = (result["summaries"] as! [[String: Any]]).map { summary in
            summary.filter { !$0.key.hasPrefix("requestsPerSecond") }
        }
        return result as NSDictionary
    }

    @Test func mergedShardsEqualOneUnshardedRun() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Self.spec.utf8).write(to: folder.appendingPathComponent("spec.json"))
        let whole = try Self.run(["run", "spec.json", "--jobs", "2", "--out", "whole", "--quiet"], in: folder)
        #expect(whole.status == 0, "\(whole.stderr)")
        for index in 0..<4 {
            let shard = try Self.run(
                [
                    "run", "spec.json", "--shard", "\(index)/4", "--jobs", "\(1 + index % 2)", "--out",
                    "shards/\(index)",
                ],
                in: folder)
            #expect(shard.status == 0, "\(shard.stderr)")
            #expect(shard.stdout.contains("shard \(index)/4: "))
        }
        let merge = try Self.run(["merge", "shards", "--out", "merged", "--quiet"], in: folder)
        #expect(merge.status == 0, "\(merge.stderr)")
        let a = try Self.deterministic(folder.appendingPathComponent("whole/result.json"))
        let b = try Self.deterministic(folder.appendingPathComponent("merged/result.json"))
        #expect(a == b)
        #expect(((a["runs"] as! [[String: Any]]).count) == 12)
        for file in ["series.csv", "report.md", "report.html"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("merged/\(file)").path))
        }

        // Run again into a complete shard: skipped, left as it was.
        let before = try Data(contentsOf: folder.appendingPathComponent("shards/2/shard.json"))
        let again = try Self.run(["run", "spec.json", "--shard", "2/4", "--out", "shards/2"], in: folder)
        #expect(again.status == 0)
        #expect(again.stdout.contains("shard 2/4 is already complete"))
        #expect(try Data(contentsOf: folder.appendingPathComponent("shards/2/shard.json")) == before)
        let missing = try Self.run(
            ["merge", "--missing", "--spec", "spec.json", "--shards", "4", "shards", "nothing-yet"], in: folder)
        #expect(missing.status == 0 && missing.stdout == "\n", "\(missing.stdout) \(missing.stderr)")
    }

    /// What a single run adds beside its runs — Little's law beside a TTL
    /// cache, the warm-up left out — a merge has too.
    @Test func mergedShardsKeepTheTTLPredictionAndTheWarmUp() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = """
            {"name": "timed", "seed": 3, "requests": 60000, "arrivals": {"process": "poisson", "ratePerSecond": 2000},
             "keys": {"source": "zipf", "alpha": 0.9, "universe": 9000}, "warmup": {"requests": 10000},
             "caches": [{"policy": "ttl", "ttl": 5}, {"policy": "lru", "capacity": [300, 1200]}]}
            """
        try Data(spec.utf8).write(to: folder.appendingPathComponent("timed.json"))
        #expect(
            try Self.run(["run", "timed.json", "--jobs", "2", "--out", "whole", "--quiet"], in: folder).status == 0)
        for index in 0..<2 {
            let shard = try Self.run(
                ["run", "timed.json", "--shard", "\(index)/2", "--out", "shards/\(index)", "--quiet"], in: folder)
            #expect(shard.status == 0, "\(shard.stderr)")
        }
        #expect(try Self.run(["merge", "shards", "--out", "merged", "--quiet"], in: folder).status == 0)
        let runs = try ["whole", "merged"].map { name in
            try Self.deterministic(folder.appendingPathComponent("\(name)/result.json"))["runs"] as! [[String: Any]]
        }
        // The prediction's bytes scale the measured plateau; the rest is exact.
        let predictions = runs.map { runs in
            (runs[0]["ttlPrediction"] as? [String: Any])?.filter { $0.key != "bytes" } as NSDictionary?
        }
        #expect(predictions[0] != nil && predictions[0] == predictions[1])
        #expect(runs[0].map { $0["warmupRequests"] as? Int } == runs[1].map { $0["warmupRequests"] as? Int })
        #expect(runs[0].allSatisfy { $0["warmupRequests"] as? Int == 10000 })
        #expect(runs[0].map { $0["hits"] as! Int } == runs[1].map { $0["hits"] as! Int })
    }

    @Test func aSweepOfSpecsAndTracesMergesToTheUnshardedSweep() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Self.spec.utf8).write(to: folder.appendingPathComponent("spec.json"))
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("traces"), withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        for name in ["b", "a"] {
            let keys = (0..<5000).map { _ in String(Int.random(in: 0..<700, using: &generator)) }
            try Data((keys.joined(separator: "\n") + "\n").utf8).write(
                to: folder.appendingPathComponent("traces/\(name).txt"))
        }
        let sweep = """
            {"name": "mixed", "workloads": ["spec.json", "traces"],
             "caches": [{"policy": "lru", "capacity": [50, 200]}, {"policy": "sieve", "capacity": 200}]}
            """
        try Data(sweep.utf8).write(to: folder.appendingPathComponent("sweep.json"))
        let whole = try Self.run(["run", "sweep.json", "--jobs", "2", "--out", "whole", "--quiet"], in: folder)
        #expect(whole.status == 0, "\(whole.stderr)")
        for index in 0..<3 {
            let shard = try Self.run(
                ["run", "sweep.json", "--shard", "\(index)/3", "--out", "s\(index)", "--quiet"], in: folder)
            #expect(shard.status == 0, "\(shard.stderr)")
        }
        let merge = try Self.run(["merge", "s0", "s1", "s2", "--out", "merged", "--quiet"], in: folder)
        #expect(merge.status == 0, "\(merge.stderr)")
        for workload in ["sharded", "a", "b"] {
            let a = try Self.deterministic(folder.appendingPathComponent("whole/\(workload)/result.json"))
            let b = try Self.deterministic(folder.appendingPathComponent("merged/\(workload)/result.json"))
            #expect(a == b, "\(workload)")
            // The spec's own caches are replaced by the sweep's.
            #expect((a["runs"] as! [[String: Any]]).map { $0["label"] as! String }.contains("sieve(200)"))
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("merged/runs.csv").path))
    }

    @Test func badSetsOfShardsAreRefusedNamingTheShard() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Self.spec.utf8).write(to: folder.appendingPathComponent("spec.json"))
        try Data(Self.spec.replacingOccurrences(of: "800]", with: "801]").utf8).write(
            to: folder.appendingPathComponent("other.json"))
        for index in 0..<3 {
            #expect(
                try Self.run(
                    ["run", "spec.json", "--shard", "\(index)/3", "--out", "s\(index)", "--quiet"], in: folder
                ).status == 0)
        }
        #expect(
            try Self.run(["run", "other.json", "--shard", "1/3", "--out", "foreign", "--quiet"], in: folder).status == 0
        )
        try FileManager.default.copyItem(
            at: folder.appendingPathComponent("s1"), to: folder.appendingPathComponent("copy"))

        let cases: [(arguments: [String], message: String)] = [
            (["s0", "foreign", "s2"], "foreign/shard.json: shard 1/3 comes from another spec"),
            (["s0", "s2"], "missing shard 1/3 of 3"),
            (["s0", "s1", "s2", "copy"], "shard 1/3 is given twice: "),
            (["s0", "s1", "s1", "s2"], "shard 1/3 is given twice: s1/shard.json and s1/shard.json"),
        ]
        for (arguments, message) in cases {
            let merge = try Self.run(["merge"] + arguments + ["--out", "merged"], in: folder)
            #expect(merge.status == 2, "\(arguments)")
            #expect(merge.stderr.hasPrefix("cachesim: " + message), "\(arguments): \(merge.stderr)")
            #expect(merge.stderr.split(separator: "\n").count == 1, "one line: \(merge.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("merged").path))
        }

        // A damaged shard file names the file and the field.
        var shard =
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("s2/shard.json")))
            as! [String: Any]
        shard["shard"] = 7
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("bad"), withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: shard).write(to: folder.appendingPathComponent("bad/shard.json"))
        let damaged = try Self.run(["merge", "s0", "s1", "bad", "--out", "merged"], in: folder)
        #expect(damaged.status == 2)
        #expect(damaged.stderr == "cachesim: bad/shard.json: shard: must be between 0 and shards − 1 (2), got 7\n")
        try Data("{\"formatVersion\": 1, \"specHash\": ".utf8).write(
            to: folder.appendingPathComponent("bad/shard.json"))
        let truncated = try Self.run(["merge", "bad", "--out", "merged"], in: folder)
        #expect(truncated.status == 2)
        #expect(truncated.stderr.hasPrefix("cachesim: bad/shard.json: not a cachesim shard result"))

        // Another plan's shard where this one's would go is not overwritten.
        let clash = try Self.run(["run", "spec.json", "--shard", "1/3", "--out", "foreign"], in: folder)
        #expect(clash.status == 2)
        #expect(clash.stderr.contains("foreign: holds shard 1/3 of another plan"))
        for bad in ["3/3", "-1/3", "1", "a/b", "0/0"] {
            let refused = try Self.run(["run", "spec.json", "--shard=\(bad)"], in: folder)
            #expect(refused.status == 2, "\(bad)")
            #expect(refused.stderr.contains("--shard: expected I/N"), "\(bad): \(refused.stderr)")
        }
        let missing = try Self.run(
            ["merge", "--missing", "--spec", "spec.json", "--shards", "3", "s0", "foreign", "s2"], in: folder)
        #expect(missing.stdout == "1\n")
        #expect(missing.stderr.contains("not counted: foreign/shard.json"))
    }

    @Test func badSweepFilesAreRefusedNamingTheFileAndField() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Self.spec.utf8).write(to: folder.appendingPathComponent("spec.json"))
        try Data("1\n2\n".utf8).write(to: folder.appendingPathComponent("t.txt"))
        let cases: [(sweep: String, message: String)] = [
            (#"{"workloads": []}"#, "sweep.json: workloads: must not be empty"),
            (#"{"workloads": ["nope.json"]}"#, "sweep.json: workloads[0]: no such file or folder: "),
            (#"{"workloads": ["t.txt"]}"#, "sweep.json: workloads[0]: a trace needs the sweep's \"caches\""),
            (
                #"{"workloads": ["spec.json", "spec.json"]}"#,
                "sweep.json: workloads[1]: two workloads are named 'sharded' (also workloads[0])"
            ),
            (
                #"{"workloads": ["t.txt"], "caches": [{"policy": "lru", "capacity": 0}]}"#,
                "sweep.json: caches[0].capacity: must be ≥ 1, got 0"
            ),
            (
                #"{"workloads": ["spec.json"], "caches": [{"policy": "nope", "capacity": 3}]}"#,
                "sweep.json: caches[0].policy: unknown policy 'nope'"
            ),
            (#"{"workloads": ["t.txt"], "cache": []}"#, "sweep.json: cache: unknown field"),
        ]
        for (sweep, message) in cases {
            try Data(sweep.utf8).write(to: folder.appendingPathComponent("sweep.json"))
            let run = try Self.run(["run", "sweep.json", "--out", "out"], in: folder)
            #expect(run.status == 2, "\(sweep)")
            #expect(run.stderr.hasPrefix("cachesim: " + message), "\(sweep): \(run.stderr)")
        }
    }
}
