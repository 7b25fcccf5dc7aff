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
        #expect(verdict.kind == .grows, "\(verdict.summary)")
        // The slope is in allocator bytes, which mallinfo2 cannot see under AddressSanitizer.
        if !underAddressSanitizer {
            #expect(verdict.bytesPerRequestLow > 0, "the slope's 95 % interval must exclude zero")
        }
        #expect(run.memory.finalEntries == (try distinctKeys()))
        #expect(run.hits == run.requests - run.memory.finalEntries)
    }

    @Test func lruLevelsOffAtItsCapacity() throws {
        let run = try #require(results.first { $0.policy == "lru" && $0.capacity?.value == 4096 })
        #expect(run.memory.verdict.kind == .plateau, "\(run.memory.verdict.summary)")
        #expect(run.memory.finalEntries == 4096)
        #expect(run.memory.verdict.plateauEntries == 4096)
    }

    /// Little's law: entries = insertion rate × lifetime. Each ID is
    /// requested `repeats` times and only its first request (a miss)
    /// inserts it, so IDs arrive at the request rate / `repeats`.
    @Test func ttlLevelsOffAtRateTimesLifetime() throws {
        let run = try #require(results.first { $0.policy == "ttl" })
        guard case .poisson(let rate)? = spec.arrivals, case .unique(let repeats, _) = spec.keys else {
            Issue.record("unique-ids.json should have Poisson arrivals of unique IDs")
            return
        }
        let lifetime = try #require(run.options["ttl"]?.asNumber, "the ttl entry should set its lifetime")
        let expected = rate / Double(repeats) * lifetime
        let level = try #require(run.memory.verdict.plateauEntries)
        #expect(run.memory.verdict.kind == .plateau, "\(run.memory.verdict.summary)")
        #expect(abs(level - expected) / expected < 0.05, "plateau at \(level) entries, expected λ·T = \(expected)")
    }
}
