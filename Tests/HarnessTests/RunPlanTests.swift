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
            try RunPlan(spec: spec(
                [CacheSpec(policy: "lru", capacities: [.bytes(1 << 20)], jsonPath: "caches[0]")], sizes: .fixed(bytes: 100)))
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
            try RunPlan(spec: spec([CacheSpec(policy: "lru", capacities: [.entries(10)], options: ["bits": 2], jsonPath: "caches[1]")]))
        }
        #expect(option?.location == "caches[1].bits")
    }

    @Test func boundedPolicyWithoutCapacityIsRefused() {
        let error = #expect(throws: WorkloadError.self) {
            try RunPlan(spec: spec([CacheSpec(policy: "lru", jsonPath: "caches[0]")]))
        }
        #expect(error?.message.contains("needs a \"capacity\"") == true)
    }
}
