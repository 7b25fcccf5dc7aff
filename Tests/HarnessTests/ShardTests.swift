import Foundation
import Testing
import Workload

@testable import Harness

/// Shards and merges of a plan (``SweepPlan``, ``SweepExperiment``,
/// ``ShardMerge``): the partition is a pure function of the plan and N,
/// covers every unit once and stays balanced; the content hash follows the
/// spec's content, not its path; merged shards give the unsharded hits.
@Suite struct ShardTests {
    static let specText = """
        {"name": "shards", "seed": 9, "requests": 30000, "repeat": 2,
         "keys": {"source": "zipf", "alpha": 0.9, "universe": 5000},
         "caches": [{"policy": "lru", "capacity": [100, 400, 1600]}, {"policy": "fifo", "capacity": [100, 400]},
                    {"policy": "belady", "capacity": 400}, {"policy": "s3fifo", "capacity": 400}]}
        """

    static func plan(_ text: String = specText, path: String = "/tmp/shards.json") throws -> SweepPlan {
        try SweepPlan(
            sweep: Sweep(spec: try WorkloadSpec.parse(Data(text.utf8), path: path)))
    }

    @Test func sha256MatchesTheStandardsTestVectors() {
        // FIPS 180-4 examples (one block, two blocks) and the empty message.
        for (message, digest) in [
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ] {
            var hash = SHA256()
            hash.update(Array(message.utf8))
            #expect(hash.hexDigest() == digest, "\(message)")
        }
    }

    @Test func thePartitionIsAPureFunctionCoveringEveryUnitOnce() throws {
        let first = try Self.plan()
        let second = try Self.plan(path: "/elsewhere/other-name.json")
        #expect(first.units.count == (3 + 2 + 1 + 1) * 2)  // caches × capacities × repetitions
        for count in 1...20 {
            let shards = first.partition(count)
            #expect(shards == second.partition(count), "the same spec and N give the same shards")
            #expect(shards.count == count)
            #expect(
                shards.flatMap { $0 }.sorted() == Array(first.units.indices), "every unit exactly once (N = \(count))")
            for index in 0..<count { #expect(first.shard(index, of: count) == shards[index]) }
        }
    }

    /// The greedy bound: the busiest shard (its units' costs plus half a
    /// replay per stream it generates) is at most the mean load plus the
    /// largest unit and one generation.
    @Test func shardsAreBalancedByEstimatedCost() throws {
        let plan = try Self.plan()
        let generation = 30000.0 / 2
        for count in 2...8 {
            let loads = plan.partition(count).map { units in
                units.map { plan.cost(plan.units[$0]) }.reduce(0, +)
                    + Double(Set(units.map { [plan.units[$0].workload, plan.run(plan.units[$0]).repetition] }).count)
                    * generation
            }
            let largest = plan.units.map(plan.cost).max()!
            let mean = loads.reduce(0, +) / Double(count)
            #expect(loads.max()! <= mean + largest + generation, "N = \(count): \(loads)")
        }
        // Belady needs its own pass over the stream: it weighs double.
        let belady = plan.units.first { plan.run($0).policy == "belady" }!
        let lru = plan.units.first { plan.run($0).policy == "lru" }!
        #expect(plan.cost(belady) == 2 * plan.cost(lru))
    }

    @Test func theHashFollowsTheContentNotThePathOrKeyOrder() throws {
        let base = try Self.plan()
        #expect(try Self.plan(path: "/other/place.json").specHash == base.specHash)
        let reordered = Self.specText.replacingOccurrences(
            of: #""name": "shards", "seed": 9"#, with: #""seed": 9, "name": "shards""#)
        #expect(reordered != Self.specText)
        #expect(try Self.plan(reordered).specHash == base.specHash)
        let changed = Self.specText.replacingOccurrences(of: "1600", with: "1601")
        #expect(try Self.plan(changed).specHash != base.specHash)
        #expect(base.specHash.count == 64)
    }

    /// Shards run in this process and merged give the unsharded run's
    /// hits, run by run, and the same summaries of hit ratios.
    @Test func mergedShardsGiveTheUnshardedHits() throws {
        let plan = try Self.plan()
        let whole = try SweepExperiment.run(plan: plan, jobs: 1, executable: nil)
        let shards = try (0..<3).map {
            ("shard-\($0)", try SweepExperiment.runShard(plan: plan, index: $0, count: 3, jobs: 1, executable: nil))
        }
        let merged = try ShardMerge.merge(shards.map { (path: $0.0, shard: $0.1) })
        #expect(merged.count == 1)
        #expect(merged[0].runs.map(\.hits) == whole[0].runs.map(\.hits))
        #expect(merged[0].runs.map(\.label) == whole[0].runs.map(\.label))
        #expect(merged[0].runs.map(\.evictions) == whole[0].runs.map(\.evictions))
        #expect(merged[0].summaries.map(\.hitRatio) == whole[0].summaries.map(\.hitRatio))
        #expect(merged[0].summaries.map(\.hitRatioHalfWidth) == whole[0].summaries.map(\.hitRatioHalfWidth))
        #expect(merged[0].workload == whole[0].workload)
        #expect(merged[0].measurement.jobs == 3)

        func refusal(_ shards: [(path: String, shard: ShardResult)]) -> String {
            do {
                _ = try ShardMerge.merge(shards)
                return "merged"
            } catch { return error.description }
        }
        let all = shards.map { (path: $0.0, shard: $0.1) }
        #expect(refusal(Array(all.dropLast())).hasPrefix("missing shard 2/3 of 3"))
        #expect(
            refusal(all + [(path: "copy", shard: all[1].shard)]).hasPrefix("shard 1/3 is given twice: shard-1 and copy")
        )
        var foreign = all[0]
        foreign.path = "foreign"
        foreign.shard.specHash = String(repeating: "a", count: 64)
        #expect(refusal([foreign, all[1], all[2]]).hasPrefix("foreign: shard 0/3 comes from another spec"))
        #expect(ShardMerge.missing([all[0], foreign], specHash: plan.specHash, count: 3) == ([1, 2], ["foreign"]))
    }
}
