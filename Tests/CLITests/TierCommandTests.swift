import Foundation
import Testing

/// Key-partitioned tiers: a spec's `"tier"` simulated in one process gives
/// exactly the hits of its nodes replayed as separate jobs — `cachesim
/// split` into key-disjoint traces, a sweep over them sharded and merged —
/// and a node failure shows a dip in the hit ratio and a recovery.
@Suite struct TierCommandTests {
    static func spec(hash: String, failure: String = "") -> String {
        """
        {"name": "tiered", "seed": 8, "requests": 200000, "keys": {"source": "zipf", "alpha": 0.9, "universe": 40000},
         "sizes": {"distribution": "uniform", "min": 1, "max": 50},
         "tier": {"nodes": 4, "hash": "\(hash)"\(failure)},
         "caches": [{"policy": "lru", "capacity": [2000, 8000]}, {"policy": "fifo", "capacity": 8000},
                    {"policy": "s3fifo", "capacity": 8000}, {"policy": "random", "capacity": 8000}]}
        """
    }

    static func json(_ url: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    @Test(arguments: ["jump", "rendezvous"])
    func theInProcessTierEqualsItsNodesRunAsSeparateShards(hash: String) throws {
        let folder = try ShardCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Self.spec(hash: hash).utf8).write(to: folder.appendingPathComponent("tier.json"))
        let tier = try CommandRunner.run(["run", "tier.json", "--out", "tier", "--quiet"], in: folder)
        #expect(tier.status == 0, "\(tier.stderr)")

        let split = try CommandRunner.run(
            ["split", "tier.json", "--shards", "4", "--by", "key", "--hash", hash, "--out", "nodes"], in: folder)
        #expect(split.status == 0, "\(split.stderr)")
        #expect(split.stdout.contains("split 200000 requests over 4 nodes by key (\(hash))"))
        // Each node holds ⌊capacity / 4⌋; the node specs use the tier's seed
        // (random's evictions are drawn from it).
        let sweep = """
            {"name": "nodes", "workloads": ["nodes"], "trace": {"format": "oracleGeneral"}, "seed": 8,
             "caches": [{"policy": "lru", "capacity": [500, 2000]}, {"policy": "fifo", "capacity": 2000},
                        {"policy": "s3fifo", "capacity": 2000}, {"policy": "random", "capacity": 2000}]}
            """
        try Data(sweep.utf8).write(to: folder.appendingPathComponent("nodes.json"))
        for index in 0..<4 {
            let shard = try CommandRunner.run(
                ["run", "nodes.json", "--shard", "\(index)/4", "--out", "shards/\(index)", "--quiet"], in: folder)
            #expect(shard.status == 0, "\(shard.stderr)")
        }
        let merge = try CommandRunner.run(["merge", "shards", "--out", "merged", "--quiet"], in: folder)
        #expect(merge.status == 0, "\(merge.stderr)")

        let tierRuns = try Self.json(folder.appendingPathComponent("tier/result.json"))["runs"] as! [[String: Any]]
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("nodes").path)
            .sorted()
        #expect(names == (0..<4).map { "tier.node-\($0)-of-4.oracleGeneral" })  // named after the file split
        let nodeRuns = try names.map { name in
            let workload = (name as NSString).deletingPathExtension
            return try Self.json(folder.appendingPathComponent("merged/\(workload)/result.json"))["runs"]
                as! [[String: Any]]
        }
        for (r, run) in tierRuns.enumerated() {
            let perNode = (run["tier"] as! [String: Any])["perNode"] as! [[String: Int]]
            let nodeHits = nodeRuns.map { $0[r]["hits"] as! Int }
            let nodeRequests = nodeRuns.map { $0[r]["requests"] as! Int }
            #expect(perNode.map { $0["hits"]! } == nodeHits, "\(run["label"]!): per-node hits")
            #expect(perNode.map { $0["requests"]! } == nodeRequests, "\(run["label"]!): per-node requests")
            #expect(run["hits"] as! Int == nodeHits.reduce(0, +), "\(run["label"]!): the tier's hits")
            #expect(run["bytesHit"] as! Int == nodeRuns.map { $0[r]["bytesHit"] as! Int }.reduce(0, +))
            #expect(run["evictions"] as! Int == nodeRuns.map { $0[r]["evictions"] as! Int }.reduce(0, +))
        }
    }

    /// Node 1 of 4 fails at request 100,000: the windows just after show a
    /// lower hit ratio than just before (its keys now miss on the nodes they
    /// moved to), and the last windows recover most of the way.
    @Test func aNodeFailureShowsADipAndARecovery() throws {
        let folder = try ShardCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = Self.spec(hash: "jump", failure: #", "failNode": {"node": 1, "atRequest": 100000}"#)
        try Data(spec.utf8).write(to: folder.appendingPathComponent("fail.json"))
        let run = try CommandRunner.run(["run", "fail.json", "--out", "out"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("A tier of 4 nodes (jump hash), each with capacity / 4:"))
        #expect(run.stdout.contains("lru(8000): busiest node "))
        #expect(run.stdout.contains("hit ratio before → after node 1 fails → at the end: "))
        let runs = try Self.json(folder.appendingPathComponent("out/result.json"))["runs"] as! [[String: Any]]
        for run in runs {
            let tier = run["tier"] as! [String: Any]
            #expect(tier["failNode"] as? Int == 1 && tier["failedAtRequest"] as? Int == 100000)
            let series = (tier["series"] as! [[String: Int]]).map { ($0["request"]!, $0["hits"]!) }
            var windows: [(end: Int, ratio: Double)] = []
            var previous = (0, 0)
            for point in series {
                windows.append((point.0, Double(point.1 - previous.1) / Double(point.0 - previous.0)))
                previous = point
            }
            let before = windows.filter { $0.end <= 100000 }.suffix(5).map(\.ratio)
            let after = windows.filter { $0.end > 100000 }.prefix(2).map(\.ratio)
            let late = windows.suffix(5).map(\.ratio)
            let mean = { (xs: [Double]) in xs.reduce(0, +) / Double(xs.count) }
            #expect(mean(after) < mean(before) - 0.02, "\(run["label"]!): a dip (\(before) → \(after))")
            #expect(mean(late) > mean(after), "\(run["label"]!): a recovery (\(after) → \(late))")
            // The failed node serves nothing after it fails.
            let perNode = tier["perNode"] as! [[String: Int]]
            #expect(perNode[1]["requests"]! < 100000 / 2)
        }
        let html = try String(contentsOf: folder.appendingPathComponent("out/report.html"), encoding: .utf8)
        #expect(html.contains("Tier hit ratio over time"))
        // The report's tier table: each run's imbalance as the result has it.
        let markdown = try String(contentsOf: folder.appendingPathComponent("out/report.md"), encoding: .utf8)
        #expect(markdown.contains("**tiered: a tier of 4 nodes (jump hash), each with capacity / 4**"))
        for run in runs {
            let imbalance = (run["tier"] as! [String: Any])["imbalance"] as! Double
            let row = markdown.split(separator: "\n").first {
                $0.hasPrefix("| \(run["label"]!) | ") && $0.contains(" → ")
            }
            #expect(
                row?.contains(" | \(String(format: "%.3f", imbalance)) | ") == true,
                "\(run["label"]!): \(row ?? "no row")")
        }
    }

    /// With a warm-up the run's counted figures leave it out, while the
    /// tier's cover the whole replay: the result says so and reads back.
    @Test func aTierWithAWarmUpWritesAResultThatReadsBack() throws {
        let folder = try ShardCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = Self.spec(hash: "jump").replacingOccurrences(
            of: #""requests": 200000,"#, with: #""requests": 200000, "warmup": {"requests": 50000},"#)
        try Data(spec.utf8).write(to: folder.appendingPathComponent("warm.json"))
        let run = try CommandRunner.run(["run", "warm.json", "--out", "out", "--quiet"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        for run in try Self.json(folder.appendingPathComponent("out/result.json"))["runs"] as! [[String: Any]] {
            let perNode = (run["tier"] as! [String: Any])["perNode"] as! [[String: Int]]
            #expect(run["requests"] as? Int == 150_000 && run["warmupRequests"] as? Int == 50_000)
            #expect(perNode.map { $0["requests"]! }.reduce(0, +) == 200_000)
        }
        let report = try CommandRunner.run(["report", "out/result.json", "--out", "report"], in: folder)
        #expect(report.status == 0, "\(report.stderr)")
    }

    @Test func badTiersAreRefused() throws {
        let folder = try ShardCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [(tier: String, message: String)] = [
            (#"{"nodes": 0}"#, "tier.nodes: must be between 1 and 1024, got 0"),
            (#"{"nodes": 4, "hash": "ring"}"#, "tier.hash: "),
            (
                #"{"nodes": 1, "failNode": {"node": 0, "atRequest": 5}}"#,
                "tier.failNode: needs a tier of at least 2 nodes"
            ),
            (
                #"{"nodes": 4, "failNode": {"node": 4, "atRequest": 5}}"#,
                "tier.failNode.node: must be between 0 and 3, got 4"
            ),
            (#"{"nodes": 40000}"#, "tier.nodes: must be between 1 and 1024"),
            (#"{"nodes": 9000}"#, "tier.nodes: must be between 1 and 1024"),
            (#"{"nodes": 600}"#, "caches[0].capacity: 500 over a tier of 600 nodes leaves a node with nothing"),
        ]
        for (tier, message) in cases {
            let spec = """
                {"requests": 1000, "keys": {"source": "uniform", "universe": 100}, "tier": \(tier),
                 "caches": [{"policy": "lru", "capacity": 500}]}
                """
            try Data(spec.utf8).write(to: folder.appendingPathComponent("bad.json"))
            let run = try CommandRunner.run(["run", "bad.json", "--out", "out"], in: folder)
            #expect(run.status == 2, "\(tier)")
            #expect(run.stderr.hasPrefix("cachesim: bad.json: " + message), "\(tier): \(run.stderr)")
        }
        let split = try CommandRunner.run(["split", "nope.txt", "--shards", "2"], in: folder)
        #expect(split.status == 2)
        let zero = try CommandRunner.run(["split", "nope.txt", "--shards", "0"], in: folder)
        #expect(zero.status == 2 && zero.stderr.contains("--shards must be between 1 and 1024, got 0"))
    }
}
