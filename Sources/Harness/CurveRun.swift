import Caches
import Dispatch
import Workload

/// What to draw: which policies' curves, at which capacities, how sampled.
public struct CurveRequest: Sendable {
    /// The policies, each with a capacity to scale (see
    /// ``MiniatureSimulation/whyUnsupported(_:)``).
    public var policies: [PolicyDescriptor]
    /// The capacities of every curve (entries, or bytes with `inBytes`).
    public var capacities: [Int]
    /// More capacities for one policy only, by name (a memory budget's
    /// capacity differs per policy: each stores an entry in its own bytes).
    public var extraCapacities: [String: [Int]] = [:]
    /// Policy options by policy name (a spec's cache entry's), for the
    /// miniatures and the checks alike.
    public var options: [String: [String: PolicyOptionValue]] = [:]
    /// Whether capacities are bytes of object sizes rather than entries.
    public var inBytes = false
    /// The key-sampling rate in (0, 1]; 1 simulates every size in full.
    public var samplingRate: Double = 1
    /// How many of each curve's capacities to also simulate in full, for
    /// the error at each (0: none).
    public var checks = 0
    /// Threads the miniatures and checks run on.
    public var threads = 1

    public init(policies: [PolicyDescriptor], capacities: [Int]) {
        self.policies = policies
        self.capacities = capacities
    }
}

/// Hit-ratio curves of several policies from one pass over a workload:
/// LRU's from stack distances (exact, or SHARDS at a rate below 1) when
/// capacities are entries, every other's — and LRU's in bytes — from
/// ``MiniatureSimulation``s. Each chunk of the stream is sampled once, then
/// every miniature and every full check simulation replays its share on
/// one of ``CurveRequest/threads`` threads (each cache on one thread at a
/// time, so the counts are the same on any number of threads). A trace's
/// deletes and writes between requests (Twitter's) are not applied: the
/// curves are of its requests alone.
public enum CurveRun {
    /// Runs `request` over `spec`'s stream (its first repetition).
    /// O(requests × checks + sampled requests × miniatures).
    public static func run(_ spec: WorkloadSpec, _ request: CurveRequest) throws -> CurveSet {
        let rate = request.samplingRate
        var keySample = KeySample(rate: rate)
        let stackDistances = !request.inBytes && request.policies.contains { $0.name == "lru" }
        let histogram = stackDistances ? StackDistanceHistogram(samplingRate: rate) : nil
        let simulated = request.policies.filter { !(stackDistances && $0.name == "lru") }
        let miniatures = try simulated.map { descriptor in
            try MiniatureSimulation(
                policy: descriptor, options: request.options[descriptor.name] ?? [:],
                capacities: capacities(of: descriptor.name, in: request), inBytes: request.inBytes,
                samplingRate: rate)
        }
        let checks = try checkCaches(request, miniatures: miniatures, histogram: histogram)

        // One job per miniature, per check cache, and the histogram.
        enum Job {
            case miniature(MiniatureSimulation, Int)
            case check(Int)
            case histogram(StackDistanceHistogram)
        }
        var jobs: [Job] = []
        for miniature in miniatures {
            for index in 0..<miniature.miniatureCount { jobs.append(.miniature(miniature, index)) }
        }
        jobs += checks.indices.map { .check($0) }
        if let histogram { jobs.append(.histogram(histogram)) }

        let fullCaches = checks.map { CheckCache($0.cache) }
        var stream = try WorkloadStream(spec)
        var chunk = RequestChunk(capacity: defaultChunkSize)
        var sample = RequestChunk(capacity: defaultChunkSize)
        var requests = 0
        while try stream.next(into: &chunk, limit: defaultChunkSize) > 0 {
            requests += chunk.count
            sample.removeAll()
            chunk.keys.withUnsafeBufferPointer { keys in
                keySample.take(keys) { i in
                    sample.keys.append(chunk.keys[i])
                    sample.sizes.append(chunk.sizes[i])
                    sample.times.append(chunk.times[i])
                }
            }
            chunk.withBuffers { keys, sizes, times in
                sample.withBuffers { sampledKeys, sampledSizes, sampledTimes in
                    // Each job touches its own cache only.
                    nonisolated(unsafe) let work = jobs
                    nonisolated(unsafe) let checked = fullCaches
                    nonisolated(unsafe) let full = (keys, sizes, times)
                    nonisolated(unsafe) let taken = (sampledKeys, sampledSizes, sampledTimes)
                    let replay: @Sendable (Int) -> Void = { index in
                        switch work[index] {
                        case .miniature(let miniature, let which):
                            miniature.replay(miniature: which, keys: taken.0, sizes: taken.1, times: taken.2)
                        case .check(let which):
                            let check = checked[which]
                            check.cache.replay(keys: full.0, sizes: full.1, times: full.2, tally: &check.tally)
                        case .histogram(let histogram):
                            histogram.record(full.0)
                        }
                    }
                    // `threads` workers, each taking every threads-th job.
                    let workers = min(request.threads, work.count)
                    guard workers > 1 else { return work.indices.forEach(replay) }
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        for index in stride(from: worker, to: work.count, by: workers) { replay(index) }
                    }
                }
            }
        }

        var curves: [PolicyCurve] = []
        for descriptor in request.policies {
            var curve: PolicyCurve
            if let histogram, descriptor.name == "lru" {
                let sizes = capacities(of: "lru", in: request)
                curve = PolicyCurve(
                    policy: "lru", method: rate < 1 ? .shards(rate) : .stackDistances,
                    points: zip(sizes, histogram.curve(capacities: sizes, distinctKeys: keySample.distinctKeys)).map {
                        capacity, point in
                        // SHARDS scales capacities by the rate: below one
                        // sampled entry no distance fits.
                        (Double(capacity) * rate).rounded(.down) >= 1
                            ? CurvePoint(capacity: capacity, hitRatio: point.hitRatio)
                            : CurvePoint(capacity: capacity, unresolved: "capacity × rate < 1")
                    }
                ).withExpectedErrors(rate: rate) { Double($0) * rate }
            } else {
                let miniature = miniatures.first { $0.policy == descriptor.name }!
                let floor = MiniatureSimulation.minimumEntries
                let points = miniature.points(using: keySample)
                let held = Dictionary(points.map { ($0.capacity, Double($0.residentEntries)) }) { a, _ in a }
                curve = PolicyCurve(
                    policy: descriptor.name, method: rate < 1 ? .miniature(rate) : .fullSimulation,
                    points: points.map { point in
                        point.hitRatio.map { CurvePoint(capacity: point.capacity, hitRatio: $0) }
                            ?? CurvePoint(
                                capacity: point.capacity,
                                unresolved: request.inBytes
                                    ? "the miniature held fewer than \(floor) objects"
                                    : "capacity × rate < \(floor) entries")
                    }
                ).withExpectedErrors(rate: rate) { held[$0] }
            }
            for (index, check) in checks.enumerated() where check.policy == descriptor.name {
                let tally = fullCaches[index].tally
                guard tally.requests > 0, let at = curve.points.firstIndex(where: { $0.capacity == check.capacity })
                else { continue }
                curve.points[at].exactHitRatio = Double(tally.hits) / Double(tally.requests)
            }
            curves.append(curve)
        }
        return CurveSet(
            workload: spec.name, requests: requests, samplingRate: rate, unit: request.inBytes ? .bytes : .entries,
            meanObjectBytes: nil, curves: curves)
    }

    /// The capacities of `policy`'s curve: the shared ones and its own, in
    /// increasing order without repeats.
    static func capacities(of policy: String, in request: CurveRequest) -> [Int] {
        Array(Set(request.capacities + (request.extraCapacities[policy] ?? []))).sorted()
    }

    /// `request.checks` of each curve's resolvable capacities (spread from
    /// the smallest to the largest), each a full-size cache of its policy.
    static func checkCaches(
        _ request: CurveRequest, miniatures: [MiniatureSimulation], histogram: StackDistanceHistogram?
    ) throws -> [(policy: String, capacity: Int, cache: any ReplayableCache)] {
        guard request.checks > 0 else { return [] }
        let rate = request.samplingRate
        var checks: [(policy: String, capacity: Int, cache: any ReplayableCache)] = []
        for descriptor in request.policies {
            let floor = histogram != nil && descriptor.name == "lru" ? 1.0 : Double(MiniatureSimulation.minimumEntries)
            let resolvable = request.capacities.filter {
                rate >= 1 || request.inBytes || (Double($0) * rate).rounded() >= floor
            }
            guard !resolvable.isEmpty else { continue }
            let k = min(request.checks, resolvable.count)
            let picked =
                k == 1
                ? [resolvable[resolvable.count - 1]]
                : (0..<k).map { resolvable[$0 * (resolvable.count - 1) / (k - 1)] }
            for capacity in Set(picked).sorted() {
                let cache = try descriptor.make(
                    CacheConfiguration(
                        capacity: request.inBytes ? .bytes(capacity) : .entries(capacity),
                        options: request.options[descriptor.name] ?? [:]))
                checks.append((descriptor.name, capacity, cache))
            }
        }
        return checks
    }
}

/// A full-size cache run beside the miniatures, and its counts; each is
/// replayed by one thread at a time.
private final class CheckCache {
    let cache: any ReplayableCache
    var tally = ReplayTally()
    init(_ cache: any ReplayableCache) { self.cache = cache }
}
