import Foundation

@testable import Harness

/// Results built in code, shaped like what `cachesim run` writes for the
/// three workloads of the issue: the policies are not on this branch yet,
/// so reports are tested on these. Deterministic: no clock, no random source.
/// Each is built once (its verdicts fit growth models) and handed out as a copy.
enum FixtureResults {
    static func zipf() -> ExperimentResult { builtZipf }
    static func uniqueIDs() -> ExperimentResult { builtUniqueIDs }
    static func scanHeavy() -> ExperimentResult { builtScanHeavy }

    private static let builtZipf = buildZipf()
    private static let builtUniqueIDs = buildUniqueIDs()
    private static let builtScanHeavy = buildScanHeavy()

    /// zipf: 3 seeds (intervals), LRU/FIFO/CLOCK/2Q at four capacities over
    /// two decades, Che's prediction beside LRU, modeled service latency,
    /// an unbounded map (a ceiling for the hit ratio) and a no-op reference.
    static func buildZipf() -> ExperimentResult {
        let capacities = [100, 1_000, 10_000, 100_000]
        let hit: [String: [Double]] = [
            "lru": [0.262, 0.421, 0.583, 0.742], "fifo": [0.221, 0.379, 0.545, 0.716],
            "clock": [0.248, 0.409, 0.574, 0.737], "2q": [0.301, 0.466, 0.612, 0.751],
        ]
        let che = [0.259, 0.423, 0.581, 0.744]
        var runs: [RunResult] = []
        for repetition in 0..<3 {
            let seed = UInt64(42 + repetition)
            let wobble = Double(repetition - 1) * 0.0015
            runs.append(
                run(
                    "noop", capacity: nil, seed: seed, repetition: repetition, requests: 1_000_000, hitRatio: 0,
                    memory: { _ in 0 }, entries: { _ in 0 }, rps: 310e6 * (1 + wobble), getNs: 2, service: false))
            runs.append(
                run(
                    "unbounded", capacity: nil, seed: seed, repetition: repetition, requests: 1_000_000,
                    hitRatio: 0.861 + wobble,
                    memory: { 2_000_000 + Int(sqrt(Double($0)) * 6_000) }, entries: { Int(sqrt(Double($0)) * 130) },
                    rps: 41e6 * (1 + wobble), getNs: 38, service: true, arrivalRate: 10_000))
            for policy in ["lru", "fifo", "clock", "2q"] {
                for (index, capacity) in capacities.enumerated() {
                    var result = run(
                        policy, capacity: capacity, seed: seed, repetition: repetition, requests: 1_000_000,
                        hitRatio: hit[policy]![index] + wobble,
                        memory: plateau(level: 4_096 + capacity * 72, reachedAt: min(400_000, capacity * 3)),
                        entries: { min(capacity, $0 / 2) }, rps: (policy == "fifo" ? 58e6 : 47e6) * (1 + wobble * 3),
                        getNs: 30 + index * 6, service: true, arrivalRate: 10_000)
                    if policy == "lru" { result.cheHitRatio = che[index] }
                    runs.append(result)
                }
            }
        }
        return result(name: "zipf", repetitions: 3, runs: runs)
    }

    /// unique-ids: the bug under study, at 1,000 requests/s against a
    /// 256 MiB budget. The unbounded map grows ~41 B per request and never
    /// levels off; LRU(4096) plateaus near 0.3 MiB from request ~4,100; TTL
    /// settles at arrival rate × lifetime.
    static func buildUniqueIDs() -> ExperimentResult {
        let requests = 2_000_000
        let budget = 256 << 20
        let runs = [
            run(
                "unbounded", capacity: nil, seed: 7, repetition: 0, requests: requests, hitRatio: 0,
                memory: { 65_536 + $0 * 41 }, entries: { $0 }, rps: 22e6, getNs: 45, service: false,
                arrivalRate: 1_000, budget: budget),
            run(
                "lru", capacity: 4_096, seed: 7, repetition: 0, requests: requests, hitRatio: 0,
                memory: plateau(level: 314_572, reachedAt: 4_100), entries: { min(4_096, $0) }, rps: 39e6, getNs: 31,
                service: false, arrivalRate: 1_000, budget: budget),
            run(
                "lru", capacity: 65_536, seed: 7, repetition: 0, requests: requests, hitRatio: 0,
                memory: plateau(level: 4_980_000, reachedAt: 65_600), entries: { min(65_536, $0) }, rps: 36e6,
                getNs: 37,
                service: false, arrivalRate: 1_000, budget: budget),
            run(
                "ttl", capacity: nil, seed: 7, repetition: 0, requests: requests, hitRatio: 0,
                memory: plateau(level: 2_400_000, reachedAt: 30_000), entries: { min(30_000, $0) }, rps: 28e6, getNs: 0,
                service: false, label: "ttl(30s)", arrivalRate: 1_000, budget: budget),
        ]
        return result(name: "unique-ids", repetitions: 1, runs: runs)
    }

    /// scan-heavy: loops and scans where LRU and FIFO thrash and 2Q resists.
    static func buildScanHeavy() -> ExperimentResult {
        let capacities = [1_000, 4_000, 16_000]
        let hit: [String: [Double]] = [
            "lru": [0.031, 0.118, 0.402], "fifo": [0.029, 0.112, 0.395], "clock": [0.044, 0.151, 0.431],
            "2q": [0.162, 0.318, 0.527],
        ]
        var runs: [RunResult] = []
        for policy in ["lru", "fifo", "clock", "2q"] {
            for (index, capacity) in capacities.enumerated() {
                runs.append(
                    run(
                        policy, capacity: capacity, seed: 1, repetition: 0, requests: 500_000,
                        hitRatio: hit[policy]![index],
                        memory: plateau(level: 2_048 + capacity * 80, reachedAt: capacity + 200),
                        entries: { min(capacity, $0) },
                        rps: 30e6 + Double(index) * 1e6, getNs: 28 + index * 4, service: false))
            }
        }
        return result(name: "scan-heavy", repetitions: 1, runs: runs)
    }

    /// All three, in the order the issue names them.
    static func all() -> [ExperimentResult] { [zipf(), uniqueIDs(), scanHeavy()] }

    // MARK: Building blocks

    /// A series that climbs to `level` by `reachedAt` and holds it (with a
    /// little deterministic jitter, as an allocator shows).
    static func plateau(level: Int, reachedAt: Int) -> @Sendable (Int) -> Int {
        { request in
            let base = request >= reachedAt ? level : level * request / max(reachedAt, 1)
            return base + (request / 1_000 % 7 - 3) * level / 2_000
        }
    }

    static func run(
        _ policy: String, capacity: Int?, seed: UInt64, repetition: Int, requests: Int, hitRatio: Double,
        memory: (Int) -> Int, entries: (Int) -> Int, rps: Double, getNs: Int, service: Bool, label: String? = nil,
        arrivalRate: Double? = nil, budget: Int? = nil
    ) -> RunResult {
        let samples = 32
        let hits = Int((Double(requests) * hitRatio).rounded())
        // Hits accrue as the cache warms: half the steady ratio in the first
        // sixteenth of the run, the steady ratio after it.
        let warmEnd = requests / 16
        let series = (1...samples).map { index -> MemorySample in
            let request = requests * index / samples
            let bytes = memory(request)
            let warmHits = Double(min(request, warmEnd)) * hitRatio / 2
            let steadyHits = Double(max(0, request - warmEnd)) * hitRatio
            return MemorySample(
                request: request, entries: entries(request), objectBytes: entries(request), storageBytes: bytes * 3 / 4,
                allocatorBytes: bytes, rssBytes: bytes + 8_192, seconds: arrivalRate.map { Double(request) / $0 },
                hits: min(request, Int(warmHits + steadyHits)))
        }
        let report = MemoryReport(
            series: series, verdict: MemoryVerdict.assess(series, budget: budget), finalEntries: series.last!.entries,
            peakEntries: series.map(\.entries).max()!, finalAllocatorBytes: series.last!.allocatorBytes,
            peakAllocatorBytes: series.map(\.allocatorBytes).max()!, finalStorageBytes: series.last!.storageBytes,
            peakStorageBytes: series.map(\.storageBytes).max()!, finalRSSBytes: series.last!.rssBytes,
            peakRSSBytes: series.map(\.rssBytes).max()!)
        let get = Percentiles(
            count: requests / 512, p50: getNs, p90: getNs * 2 + 5, p99: getNs * 6 + 40, p999: getNs * 20 + 300,
            max: 48_000, mean: Double(getNs) * 1.4)
        let misses = requests - hits
        let set = Percentiles(
            count: misses / 512, p50: getNs * 2 + 10, p90: getNs * 3 + 20, p99: getNs * 9 + 90, p999: getNs * 40 + 900,
            max: 96_000,
            mean: Double(getNs) * 2.6)
        return RunResult(
            policy: policy, label: label ?? capacity.map { "\(policy)(\($0))" } ?? policy,
            capacity: capacity.map { .entries($0) }, options: [:], seed: seed,
            repetition: repetition,
            requests: requests, hits: hits, misses: misses, hitRatio: Double(hits) / Double(requests),
            bytesRequested: requests,
            bytesHit: hits, byteHitRatio: Double(hits) / Double(requests),
            evictions: capacity.map { max(0, misses - $0) } ?? 0,
            memory: report,
            latency: LatencyReport(get: get, set: set, sampleEvery: 512, timerCostNanoseconds: 18),
            throughput: Throughput(
                requestsPerSecond: rps, replayedRequests: requests, replaySeconds: Double(requests) / rps),
            serviceLatency: service
                ? ServiceLatency(
                    meanNanoseconds: (1 - hitRatio) * 5e6 + hitRatio * 2e5,
                    p50Nanoseconds: hitRatio > 0.5 ? 2e5 : 4.8e6,
                    p99Nanoseconds: 1.4e7, samples: 100_000)
                : nil,
            cheHitRatio: nil, warm: WarmState.detect(series))
    }

    static func result(name: String, repetitions: Int, runs: [RunResult]) -> ExperimentResult {
        ExperimentResult(
            createdAt: "2026-11-29T04:00:00Z",
            workload: WorkloadSummary(
                name: name, specPath: "Workloads/\(name).json", spec: .object(["name": .string(name)]),
                seed: runs[0].seed,
                repetitions: repetitions),
            timerCostNanoseconds: 18,
            measurement: MeasurementInfo(
                jobs: 2, latencySampleEvery: 512, memorySampleEvery: runs[0].requests / 32, attribution: "fixture"),
            runs: runs, summaries: Experiment.summarize(runs))
    }
}
