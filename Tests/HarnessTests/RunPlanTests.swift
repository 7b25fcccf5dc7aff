import Caches
import Harness
import Testing
import Workload

/// A spec whose caches need what the workload lacks is refused before
/// anything runs, with the file, the JSON path and what to add.
@Suite struct RunPlanTests {
    func spec(_ caches: [CacheSpec], arrivals: Arrivals? = nil, sizes: SizeDistribution? = nil) -> WorkloadSpec {
        WorkloadSpec(
            name: "t", seed: 1, requests: 1000, keys: .uniform(universe: 100), arrivals: arrivals, sizes: sizes,
            caches: caches, path: "Workloads/t.json")
    }

    @Test func expandsCapacitiesAndRepetitions() throws {
        var workload = spec([
            CacheSpec(policy: "lru", capacities: [.entries(10), .entries(20)], jsonPath: "caches[0]"),
            CacheSpec(policy: "unbounded", jsonPath: "caches[1]"),
        ])
        workload.repetitions = 3
        let plan = try RunPlan(spec: workload)
        #expect(plan.runs.count == (2 + 1) * 3)
        #expect(plan.runs.map(\.index) == Array(0..<9))
        #expect(plan.runs.filter { $0.label == "lru(10)" }.map(\.seed) == [1, 2, 3])
        #expect(plan.runs.last?.label == "unbounded")
    }

    @Test func ttlWithoutArrivalsIsRefused() {
        let error = #expect(throws: WorkloadError.self) {
            try RunPlan(spec: spec([CacheSpec(policy: "ttl", options: ["ttl": 60], jsonPath: "caches[0]")]))
        }
        #expect(error?.file == "Workloads/t.json")
        #expect(error?.location == "caches[0]")
        #expect(error?.message.contains("add \"arrivals\"") == true)
    }

    @Test func byteCapacityWithoutSizesIsRefused() {
        let error = #expect(throws: WorkloadError.self) {
            try RunPlan(spec: spec([CacheSpec(policy: "lru", capacities: [.bytes(1 << 20)], jsonPath: "caches[0]")]))
        }
        #expect(error?.location == "caches[0].capacityBytes")
        #expect(error?.message.contains("add \"sizes\"") == true)
        // With sizes, the same entry is accepted.
        #expect(throws: Never.self) {
            try RunPlan(
                spec: spec(
                    [CacheSpec(policy: "lru", capacities: [.bytes(1 << 20)], jsonPath: "caches[0]")],
                    sizes: .fixed(bytes: 100)))
        }
    }

    @Test func unknownPolicyAndOptionsAreRefused() {
        let policy = #expect(throws: WorkloadError.self) {
            try RunPlan(spec: spec([CacheSpec(policy: "lruu", capacities: [.entries(10)], jsonPath: "caches[0]")]))
        }
        #expect(policy?.location == "caches[0].policy")
        #expect(policy?.message.contains("unknown policy 'lruu'") == true)
        #expect(policy?.message.contains("lru") == true)

        let option = #expect(throws: WorkloadError.self) {
            try RunPlan(
                spec: spec([
                    CacheSpec(policy: "lru", capacities: [.entries(10)], options: ["bits": 2], jsonPath: "caches[1]")
                ]))
        }
        #expect(option?.location == "caches[1].bits")

        // A word where a number is wanted, and a number out of range: the
        // registry says what the option accepts.
        let word = #expect(throws: WorkloadError.self) {
            try RunPlan(
                spec: spec(
                    [CacheSpec(policy: "ttl", options: ["ttl": "30s"], jsonPath: "caches[0]")],
                    arrivals: .poisson(ratePerSecond: 10)))
        }
        #expect(word?.location == "caches[0].ttl")
        #expect(word?.message == "must be 1e-09...31536000, got 30s")
        let range = #expect(throws: WorkloadError.self) {
            try RunPlan(
                spec: spec([
                    CacheSpec(policy: "2q", capacities: [.entries(10)], options: ["kin": 2], jsonPath: "caches[0]")
                ]))
        }
        #expect(range?.message == "must be 0...1, got 2")
    }

    @Test func offlineOptimumOnATooLongStreamIsRefused() {
        var workload = spec([
            CacheSpec(policy: "lru", capacities: [.entries(10)], jsonPath: "caches[0]"),
            CacheSpec(policy: "belady", capacities: [.entries(10)], jsonPath: "caches[1]"),
        ])
        workload.requests = NextAccessIndex.maximumRequests + 1
        let error = #expect(throws: WorkloadError.self) { try RunPlan(spec: workload) }
        #expect(error?.file == "Workloads/t.json")
        #expect(error?.location == "caches[1].policy")
        #expect(error?.message.contains("next access") == true)
        workload.requests = 1000
        #expect(throws: Never.self) { try RunPlan(spec: workload) }
    }

    /// Belady, fed by the harness's pass over the stream, hits at least as
    /// often as every other policy at the same capacity, timed requests
    /// included, whether it runs alone or beside others.
    @Test func offlineOptimumBeatsEveryPolicy() throws {
        let sizes = [5, 20, 60]
        let capacities = sizes.map { Capacity.entries($0) }
        let others = ["lru", "fifo", "clock", "2q", "arc", "sieve", "s3fifo", "lfu", "random"]
        var workload = WorkloadSpec(
            name: "t", seed: 3, requests: 20_000, keys: .zipf(alpha: 0.8, universe: 200),
            caches: [CacheSpec(policy: "belady", capacities: capacities, jsonPath: "caches[0]")]
                + others.enumerated().map {
                    CacheSpec(policy: $1, capacities: capacities, jsonPath: "caches[\($0 + 1)]")
                },
            path: "Workloads/t.json")
        var options = HarnessOptions()
        options.latencySampleEvery = 7
        let results = try RunExecutor.execute(
            plan: RunPlan(spec: workload), indices: Array(0..<(capacities.count * (others.count + 1))),
            options: options,
            timerCost: 0)
        for size in sizes {
            let atCapacity = results.filter { $0.capacity?.limit == size }
            let optimum = try #require(atCapacity.first { $0.policy == "belady" })
            for result in atCapacity where result.policy != "belady" {
                #expect(result.hits <= optimum.hits, "\(result.label): \(result.hits) hits, belady \(optimum.hits)")
            }
        }
        workload.caches = [CacheSpec(policy: "belady", capacities: [.entries(20)], jsonPath: "caches[0]")]
        let alone = try RunExecutor.execute(plan: RunPlan(spec: workload), indices: [0], options: options, timerCost: 0)
        #expect(alone[0].hits == results.first { $0.label == "belady(20)" }?.hits)
    }

    /// When the spec asks for curves, the one-pass curve rides along with
    /// LRU runs, passes through their simulated points exactly, is taken at
    /// every other policy's capacity too, and is the same however the runs
    /// are shared among workers; when it does not, nobody pays for it.
    @Test func lruRunsCarryTheirWholeCurve() throws {
        var workload = spec([
            CacheSpec(policy: "lru", capacities: [.entries(10), .entries(40)], jsonPath: "caches[0]"),
            CacheSpec(policy: "fifo", capacities: [.entries(23)], jsonPath: "caches[1]"),
        ])
        let unasked = try RunExecutor.execute(plan: RunPlan(spec: workload), indices: [0, 1, 2], timerCost: 0)
        #expect(unasked.allSatisfy { $0.lruCurve == nil }, "no curve unless the spec asks for one")
        workload.curves = true
        let plan = try RunPlan(spec: workload)
        let results = try RunExecutor.execute(plan: plan, indices: [0, 1, 2], timerCost: 0)
        #expect(results[2].lruCurve == nil, "fifo carries no LRU curve")
        for run in results.prefix(2) {
            let curve = try #require(run.lruCurve)
            #expect(curve.count > 2 && zip(curve, curve.dropFirst()).allSatisfy { $0.capacity < $1.capacity })
            #expect(curve.first { $0.capacity == run.capacity?.limit }?.hitRatio == run.hitRatio, "\(run.label)")
            #expect(curve.contains { $0.capacity == 23 }, "taken at fifo's capacity")
        }
        // As two worker processes would split the plan.
        let alone = try RunExecutor.execute(plan: plan, indices: [0], timerCost: 0)
        let rest = try RunExecutor.execute(plan: plan, indices: [1, 2], timerCost: 0)
        #expect(alone[0].lruCurve == results[0].lruCurve && rest[0].lruCurve == results[1].lruCurve)
        let lruAt23 = try RunExecutor.execute(
            plan: RunPlan(spec: spec([CacheSpec(policy: "lru", capacities: [.entries(23)], jsonPath: "caches[0]")])),
            indices: [0], timerCost: 0)[0]
        #expect(results[0].lruCurve?.first { $0.capacity == 23 }?.hitRatio == lruAt23.hitRatio)
    }

    @Test func boundedPolicyWithoutCapacityIsRefused() {
        let error = #expect(throws: WorkloadError.self) {
            try RunPlan(spec: spec([CacheSpec(policy: "lru", jsonPath: "caches[0]")]))
        }
        #expect(error?.message.contains("needs a \"capacity\"") == true)
    }
}
