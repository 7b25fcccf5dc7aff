import Foundation
import Harness
import TestSupport
import Testing
import Workload

/// The story cachesim exists to tell, on Workloads/unique-ids.json: the map
/// that never evicts grows without end, the LRU levels off at its capacity,
/// and the TTL cache levels off at arrival rate × lifetime (Little's law).
///
/// It runs the real `cachesim run`, in a process of its own: the allocator's
/// counters are per process, and tests running beside it in this one would
/// be counted as the caches' memory.
@Suite struct LeakVerdictTests {
    let spec: WorkloadSpec
    let results: [RunResult]

    init() throws {
        let path = CommandRunner.packageRoot.appendingPathComponent("Workloads/unique-ids.json").path
        spec = try WorkloadSpec.load(path: path)
        let folder = try temporaryFolder([:])
        let run = try CommandRunner.run(["run", path, "--quiet", "--out", folder.appendingPathComponent("run").path])
        guard run.status == 0 else { throw CommandFailure(description: run.stderr) }
        results = try ExperimentResult.read(from: folder.appendingPathComponent("run/result.json").path).runs
    }

    struct CommandFailure: Error, CustomStringConvertible { let description: String }

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
        #expect(verdict.kind == .grows)
        // The slope is in allocator bytes, which mallinfo2 cannot see under AddressSanitizer.
        if !underAddressSanitizer {
            #expect(verdict.bytesPerRequestLow > 0, "the slope's 95 % interval must exclude zero")
        }
        #expect(run.memory.finalEntries == (try distinctKeys()))
        #expect(run.hits == run.requests - run.memory.finalEntries)
    }

    @Test func lruLevelsOffAtItsCapacity() throws {
        let run = try #require(results.first { $0.policy == "lru" && $0.capacity?.limit == 4096 })
        #expect(run.memory.verdict.kind == .plateau)
        #expect(run.memory.finalEntries == 4096)
        #expect(run.memory.verdict.plateauEntries == 4096)
    }

    /// Little's law: entries = insertion rate × lifetime. Each ID is
    /// requested `repeats` times and only its first request (a miss)
    /// inserts it, so IDs arrive at the request rate / `repeats`. The
    /// prediction the run prints beside its plateau is that, and the
    /// measured plateau is within 5 % of it.
    @Test func ttlLevelsOffAtRateTimesLifetime() throws {
        let run = try #require(results.first { $0.policy == "ttl" })
        guard case .poisson(let rate)? = spec.arrivals, case .unique(let repeats, _) = spec.keys else {
            Issue.record("unique-ids.json should have Poisson arrivals of unique IDs")
            return
        }
        let lifetime = try #require(run.options["ttl"]?.asNumber, "the ttl entry should set its lifetime")
        let expected = rate / Double(repeats) * lifetime
        let level = try #require(run.memory.verdict.plateauEntries)
        #expect(run.memory.verdict.kind == .plateau)
        #expect(abs(level - expected) / expected < 0.05, "plateau at \(level) entries, expected λ·T = \(expected)")
        let prediction = try #require(run.ttlPrediction, "Little's law beside the TTL plateau")
        #expect(abs(prediction.entries - expected) < 1e-6)
        #expect(abs(level - prediction.entries) / prediction.entries < 0.05)
        #expect(abs(prediction.hitRatio - run.hitRatio) < 0.01, "every ID hits on its repeats")
    }

    /// The engineer's question — how much a day, and when is the 4 GiB
    /// container full — answered from the measured slope × the arrival
    /// rate: the slope of a least-squares line through the allocator
    /// bytes, computed here by hand, and the spec's 1,000 requests/s.
    @Test func unboundedMapGrowthPerDayAndTimeToItsBudget() throws {
        let run = try #require(results.first { $0.policy == "unbounded" })
        let verdict = run.memory.verdict
        guard case .poisson(let rate)? = spec.arrivals, let budget = spec.memoryBudget else {
            Issue.record("unique-ids.json should have Poisson arrivals and a memory budget")
            return
        }
        #expect(budget == 4 << 30)
        #expect(verdict.kind == .grows && verdict.model == .linear)
        // The slope by hand: Σ(x − x̄)(y − ȳ) / Σ(x − x̄)² over every sample.
        let x = run.memory.series.map { Double($0.request) }, y = run.memory.series.map { Double($0.allocatorBytes) }
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        let slope =
            zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let intercept = my - slope * mx
        if !underAddressSanitizer {
            #expect(abs(verdict.bytesPerRequest - slope) / slope < 0.01, "\(verdict.bytesPerRequest) vs \(slope)")
            // Virtual time runs at the spec's rate (Poisson: within 1 %).
            let measuredRate = try #require(verdict.requestsPerSecond)
            #expect(abs(measuredRate - rate) / rate < 0.01)
            let perSecond = try #require(verdict.bytesPerSecond).estimate
            #expect(abs(perSecond * 86_400 - slope * rate * 86_400) / (slope * rate * 86_400) < 0.02)
            // ≈ 1.4 GiB a day, and 4 GiB in under three days.
            #expect(abs(perSecond * 86_400 / Double(1 << 30) - 1.4) < 0.1)
            let forecast = try #require(verdict.budget)
            let seconds = try #require(forecast.atSeconds)
            let expected = (Double(budget) - intercept) / slope / rate
            #expect(abs(seconds - expected) / expected < 0.02, "\(seconds) s, expected \(expected) s")
            #expect(seconds < 3 * 86_400)
            #expect(try #require(forecast.earliestSeconds) < seconds && seconds < (forecast.latestSeconds ?? .infinity))
        }
    }
}
