import Foundation
import Stats
import Testing
import Workload

@testable import Harness

/// A tier's per-node request load against the load it should have: a
/// consistent hash promises to place each key as a uniform random choice of
/// node would, so on a skewed stream the busiest node's excess comes from
/// where the few hot keys happen to land. The reference is that model
/// itself, drawn independently: the same keys with the same request counts,
/// each put on a node chosen by GSL's Mersenne Twister, 2,000 times.
///
/// On this stream (Zipf α 0.9 over 40,000 keys, 400,000 requests, 8 nodes)
/// the model's imbalance (busiest node over the mean) has mean 1.369 and a
/// central 99 % range of 1.155–1.738: the hottest key alone is 5 % of the
/// requests, two fifths of a node's fair share. Jump hash gives 1.567 and
/// rendezvous 1.272 (`Scripts/test --filter TierLoadTests` prints them with
/// their rank among the model's draws).
@Suite struct TierLoadTests {
    static let spec = """
        {"name": "tier-load", "seed": 21, "requests": 400000,
         "keys": {"source": "zipf", "alpha": 0.9, "universe": 40000},
         "caches": [{"policy": "lru", "capacity": 4000}], "tier": {"nodes": 8, "hash": "HASH"}}
        """

    /// Requests per distinct key of the spec's stream, read independently of the tier.
    static func requestsPerKey(_ spec: WorkloadSpec) throws -> [Int] {
        var stream = try WorkloadStream(spec)
        var chunk = RequestChunk(capacity: 1 << 14)
        var counts: [UInt64: Int] = [:]
        while try stream.next(into: &chunk, limit: 1 << 14) > 0 {
            for key in chunk.keys { counts[key, default: 0] += 1 }
        }
        return counts.values.sorted(by: >)
    }

    /// Imbalances of `trials` uniform random placements of keys with `requests` on `nodes`.
    static func modelImbalances(_ requests: [Int], nodes: Int, trials: Int) -> [Double] {
        let random = RandomSource(seed: 2024)
        var load = [Int](repeating: 0, count: nodes)
        return (0..<trials).map { _ in
            for node in load.indices { load[node] = 0 }
            for count in requests { load[Int(random.uniformInt(below: UInt64(nodes)))] += count }
            return TierReport.imbalance(load)
        }.sorted()
    }

    @Test(arguments: ["jump", "rendezvous"])
    func perNodeLoadIsWithinTheImbalanceAUniformChoiceGives(hash: String) throws {
        let text = Self.spec.replacingOccurrences(of: "HASH", with: hash)
        let spec = try WorkloadSpec.parse(Data(text.utf8), path: "tier-load.json")
        let plan = try SweepPlan(sweep: Sweep(spec: spec))
        let run = try SweepExperiment.run(plan: plan, jobs: 1, executable: nil)[0].runs[0]
        let tier = try #require(run.tier)
        let loads = tier.perNode.map(\.requests)
        #expect(loads.reduce(0, +) == 400_000)
        #expect(tier.imbalance == TierReport.imbalance(loads))

        let requests = try Self.requestsPerKey(spec)
        #expect(requests.reduce(0, +) == 400_000)
        let model = Self.modelImbalances(requests, nodes: 8, trials: 2000)
        let mean = model.reduce(0, +) / Double(model.count)
        let (low, high) = (model[10], model[1989])  // the central 99 %
        let rank = Double(model.filter { $0 < tier.imbalance }.count) / Double(model.count)
        print(
            "tier load, \(hash): imbalance \(String(format: "%.3f", tier.imbalance)) (above \(Int(rank * 100)) % of the model's); a uniform choice of node per key: mean \(String(format: "%.3f", mean)), 99 % within \(String(format: "%.3f", low))–\(String(format: "%.3f", high))"
        )
        #expect(tier.imbalance >= low && tier.imbalance <= high, "\(hash): \(tier.imbalance), model \(low)–\(high)")
    }
}
