import Foundation
import Harness
import TestSupport
import Testing
import Workload

/// Verdicts told in the workload's own time, from real `cachesim run`s (in
/// processes of their own, as the allocator's counters are per process).
@Suite struct GrowthVerdictTests {
    static let heavy = ProcessInfo.processInfo.environment["CACHESIM_HEAVY"] == "1"

    struct CommandFailure: Error, CustomStringConvertible { let description: String }

    /// Runs `spec` (a path) with `arguments` and reads its result.
    static func run(_ spec: String, _ arguments: [String] = []) throws -> ExperimentResult {
        let folder = try temporaryFolder([:])
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("run").path
        let result = try CommandRunner.run(["run", spec, "--quiet", "--out", out] + arguments)
        guard result.status == 0 else { throw CommandFailure(description: result.stderr) }
        return try ExperimentResult.read(from: out + "/result.json")
    }

    /// A spec file in a fresh folder.
    static func spec(_ json: String) throws -> String {
        try temporaryFolder(["spec.json": json]).appendingPathComponent("spec.json").path
    }

    /// Workloads/zipf.json's unbounded map can never hold more than its
    /// universe of 10^6 keys: judged saturating, not a line, and its ceiling
    /// is within 10 % of the size a run twenty times as long, which has seen
    /// every key, ends at — in entries and in allocator bytes.
    @Test(.enabled(if: heavy, "replays 2 × 10^8 requests: CACHESIM_HEAVY=1 (Scripts/test) runs it"))
    func zipfUnboundedMapSaturatesNearItsUniverse() throws {
        let zipf = CommandRunner.packageRoot.appendingPathComponent("Workloads/zipf.json").path
        let result = try Self.run(zipf, ["--jobs", "2"])
        let run = try #require(result.runs.first { $0.policy == "unbounded" })
        let verdict = run.memory.verdict
        #expect(verdict.kind == .saturating)
        #expect(verdict.model == .saturating)
        let ceilingEntries = try #require(verdict.ceilingEntries).estimate
        let ceilingBytes = try #require(verdict.ceilingBytes).estimate

        let long = try Self.spec(
            """
            { "name": "zipf-long", "seed": 42, "requests": 200000000,
              "keys": { "source": "zipf", "alpha": 0.99, "universe": 1000000 },
              "arrivals": { "process": "poisson", "ratePerSecond": 10000 },
              "sizes": { "distribution": "fixed", "bytes": 100 },
              "caches": [ { "policy": "unbounded" } ] }
            """)
        let saturated = try #require(try Self.run(long).runs.first)
        #expect(saturated.memory.verdict.kind == .plateau, "20× longer, it has seen (almost) every key")
        let finalEntries = Double(saturated.memory.finalEntries)
        #expect(finalEntries > 999_000)
        #expect(abs(ceilingEntries - finalEntries) / finalEntries < 0.10, "\(ceilingEntries) vs \(finalEntries)")
        if !underAddressSanitizer {
            let finalBytes = Double(saturated.memory.finalAllocatorBytes)
            #expect(abs(ceilingBytes - finalBytes) / finalBytes < 0.10, "\(ceilingBytes) B vs \(finalBytes) B")
        }
    }

    /// Little's law on Poisson Zipf traffic: a TTL cache holds Σᵢ λᵢT/(1 +
    /// λᵢT) keys; the measured plateau is within 5 % of what the run prints.
    @Test func ttlPlateauOnPoissonZipfMatchesLittlesLaw() throws {
        let spec = try Self.spec(
            """
            { "name": "ttl-zipf", "seed": 3, "requests": 3000000,
              "keys": { "source": "zipf", "alpha": 0.9, "universe": 200000 },
              "arrivals": { "process": "poisson", "ratePerSecond": 10000 },
              "caches": [ { "policy": "ttl", "ttl": 20 } ] }
            """)
        let run = try #require(try Self.run(spec).runs.first)
        let prediction = try #require(run.ttlPrediction)
        let measured = try #require(run.memory.verdict.plateauEntries)
        #expect(run.memory.verdict.kind == .plateau)
        #expect(abs(measured - prediction.entries) / prediction.entries < 0.05, "\(measured) vs \(prediction.entries)")
        // The hit ratio too, less the first lifetime's cold start (20 s of 300).
        #expect(abs(run.hitRatio - prediction.hitRatio) < 0.02, "\(run.hitRatio) vs \(prediction.hitRatio)")
    }

    /// A warm-up of N requests leaves exactly the hits of the first N out:
    /// the counted hits are those of the whole run less those of a run of
    /// N requests (the same seed draws the same first N).
    @Test func warmupLeavesTheFirstRequestsOutOfTheCountedFigures() throws {
        func spec(requests: Int, warmup: String) throws -> String {
            try Self.spec(
                """
                { "name": "warm", "seed": 9, "requests": \(requests), \(warmup)
                  "keys": { "source": "zipf", "alpha": 0.8, "universe": 50000 },
                  "sizes": { "distribution": "uniform", "min": 10, "max": 1000 },
                  "caches": [ { "policy": "lru", "capacity": 2000 }, { "policy": "fifo", "capacity": 2000 } ] }
                """)
        }
        let whole = try Self.run(spec(requests: 400_000, warmup: ""))
        let prefix = try Self.run(spec(requests: 150_000, warmup: ""))
        let counted = try Self.run(spec(requests: 400_000, warmup: #""warmup": {"requests": 150000},"#))
        for index in whole.runs.indices {
            let (all, first, rest) = (whole.runs[index], prefix.runs[index], counted.runs[index])
            #expect(rest.warmupRequests == 150_000)
            #expect(rest.requests == all.requests - first.requests)
            #expect(rest.hits == all.hits - first.hits)
            #expect(rest.bytesHit == all.bytesHit - first.bytesHit)
            #expect(rest.bytesRequested == all.bytesRequested - first.bytesRequested)
            #expect(rest.evictions == all.evictions - first.evictions)
            // The series still holds the whole run, warm-up included.
            #expect(rest.memory.series.last?.hits == all.hits)
            #expect(all.memory.series.last?.hits == all.hits && all.warmupRequests == nil)
        }
    }

    /// A warm-up in seconds starts counting at the first request at or past that time.
    @Test func warmupInSecondsCountsFromThatTime() throws {
        let spec = try Self.spec(
            """
            { "name": "warm-seconds", "seed": 4, "requests": 200000, "warmup": {"seconds": 50},
              "keys": { "source": "uniform", "universe": 1000 },
              "arrivals": { "process": "fixed", "ratePerSecond": 1000 },
              "caches": [ { "policy": "lru", "capacity": 100 } ] }
            """)
        let run = try #require(try Self.run(spec).runs.first)
        // Fixed arrivals: request i at i ms, so 50 s is request 50,000.
        #expect(run.warmupRequests == 50_000)
        #expect(run.requests == 150_000)
    }

    /// `--memory-budget` overrides the spec's, in every worker process; the
    /// hit ratio windows and the warm point come with every run.
    @Test func memoryBudgetFlagReachesEveryWorker() throws {
        let spec = try Self.spec(
            """
            { "name": "budget", "seed": 5, "requests": 300000, "memoryBudget": "1G",
              "keys": { "source": "unique" },
              "arrivals": { "process": "fixed", "ratePerSecond": 100 },
              "caches": [ { "policy": "unbounded" }, { "policy": "lru", "capacity": 1000 } ] }
            """)
        let result = try Self.run(spec, ["--memory-budget", "64M", "--jobs", "2"])
        for run in result.runs {
            #expect(run.memory.verdict.budget?.budgetBytes == 64 << 20, "\(run.label)")
            #expect(run.memory.series.allSatisfy { $0.seconds != nil && $0.hits != nil })
            #expect(run.warm != nil)
        }
        let unbounded = try #require(result.runs.first { $0.policy == "unbounded" })
        if !underAddressSanitizer {
            let forecast = try #require(unbounded.memory.verdict.budget)
            #expect(forecast.atSeconds != nil, "a leak reaches any budget")
        }
        // Without the flag, the spec's budget.
        let fromSpec = try Self.run(spec, ["--jobs", "1"])
        #expect(fromSpec.runs.allSatisfy { $0.memory.verdict.budget?.budgetBytes == 1 << 30 })
    }
}
