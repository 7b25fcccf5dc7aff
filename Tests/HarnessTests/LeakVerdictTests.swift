import Caches
import Harness
import Testing
import Workload

/// The story cachesim exists to tell, on Workloads/unique-ids.json: the map
/// that never evicts grows without end, the LRU levels off at its capacity,
/// and the TTL cache levels off at arrival rate × lifetime (Little's law).
@Suite struct LeakVerdictTests {
    let spec: WorkloadSpec
    let results: [RunResult]

    init() throws {
        spec = try WorkloadSpec.load(path: workloadPath("unique-ids.json"))
        let plan = try RunPlan(spec: spec)
        results = try RunExecutor.execute(plan: plan, indices: plan.runs.map(\.index), timerCost: measureTimerCost())
    }

    /// Distinct keys of the stream, counted independently of any cache.
    func distinctKeys() throws -> Int {
        var stream = try WorkloadStream(spec)
        var chunk = RequestChunk(capacity: defaultChunkSize)
        var seen = Set<UInt64>()
        var done = 0
        while true {
            let limit = min(defaultChunkSize, (spec.requests ?? Int.max) - done)
            guard limit > 0 else { break }
            let n = try stream.next(into: &chunk, limit: limit)
            guard n > 0 else { break }
            seen.formUnion(chunk.keys)
            done += n
        }
        return seen.count
    }

    @Test func unboundedMapGrows() throws {
        let run = try #require(results.first { $0.policy == "unbounded" })
        let verdict = run.memory.verdict
        #expect(verdict.kind == .grows, "\(verdict.summary)")
        #expect(verdict.bytesPerRequestLow > 0, "the slope's 95 % interval must exclude zero")
        #expect(run.memory.finalEntries == (try distinctKeys()))
        #expect(run.hits == run.requests - run.memory.finalEntries)
    }

    @Test func lruLevelsOffAtItsCapacity() throws {
        let run = try #require(results.first { $0.policy == "lru" && $0.capacity?.value == 4096 })
        #expect(run.memory.verdict.kind == .plateau, "\(run.memory.verdict.summary)")
        #expect(run.memory.finalEntries == 4096)
        #expect(run.memory.verdict.plateauEntries == 4096)
    }

    @Test func ttlLevelsOffAtRateTimesLifetime() throws {
        let run = try #require(results.first { $0.policy == "ttl" })
        guard case .poisson(let rate)? = spec.arrivals ?? nil else {
            Issue.record("unique-ids.json should have Poisson arrivals")
            return
        }
        let lifetime = try #require(run.options["ttl"], "the ttl entry should set its lifetime")
        let expected = rate * lifetime
        let level = try #require(run.memory.verdict.plateauEntries)
        #expect(run.memory.verdict.kind == .plateau, "\(run.memory.verdict.summary)")
        #expect(abs(level - expected) / expected < 0.05, "plateau at \(level) entries, expected λ·T = \(expected)")
    }
}
