import Caches
import Foundation
import Stats
import Workload

/// How `cachesim bench` measures.
public struct BenchOptions: Sendable, Equatable {
    /// Timed rounds: each replays every run once, in an order that changes
    /// from round to round.
    public var rounds = 24
    /// Untimed rounds first, so that page faults on the requests and the
    /// allocator's first growth land in no timed round.
    public var warmupRounds = 1
    /// At most this many requests of the spec's stream (`nil`: the spec's).
    public var requests: Int?
    /// The confidence of every interval.
    public var confidence = 0.95

    public init(rounds: Int = 24, warmupRounds: Int = 1, requests: Int? = nil, confidence: Double = 0.95) {
        self.rounds = rounds
        self.warmupRounds = warmupRounds
        self.requests = requests
        self.confidence = confidence
    }
}

/// A spec's requests, generated once and held in memory, so that every
/// round replays exactly the same requests and no round pays for their
/// generation.
public struct BenchRequests: Sendable {
    /// The spec limited to the requests held (its `requests` set to their number).
    public let spec: WorkloadSpec
    public let chunks: [RequestChunk]
    /// Requests in all.
    public var count: Int { chunks.reduce(0) { $0 + $1.count } }

    /// Generates (or reads) `spec`'s stream of repetition 0, at most
    /// `limit` requests, with each request's next access when one of
    /// `runs` needs the future (the offline optimum). Throws when the
    /// stream has no request. O(requests) time and memory.
    public init(_ spec: WorkloadSpec, limit: Int?, for runs: [PlannedRun]) throws(WorkloadError) {
        let withFuture = runs.contains { CacheCatalog.named($0.policy)?.needsFuture == true }
        var spec = spec
        if let limit { spec.requests = min(spec.requests ?? limit, limit) }
        var stream = try WorkloadStream(spec)
        stream.fillsNextAccess = withFuture && stream.suppliesNextAccess
        var chunks: [RequestChunk] = []
        while true {
            var chunk = RequestChunk(capacity: Self.chunkSize)
            let remaining = spec.requests.map { $0 - chunks.reduce(0) { $0 + $1.count } } ?? Self.chunkSize
            guard remaining > 0 else { break }
            let n = try stream.next(into: &chunk, limit: min(Self.chunkSize, remaining))
            guard n > 0 else { break }
            chunks.append(chunk)
        }
        let total = chunks.reduce(0) { $0 + $1.count }
        guard total > 0 else {
            throw WorkloadError(file: spec.path, location: "requests", "the stream has no requests to bench")
        }
        spec.requests = total
        if withFuture && !stream.fillsNextAccess {
            let future = try NextAccessIndex(spec)
            var start = 0
            for i in chunks.indices {
                chunks[i].nextAccess = Array(future.values[start..<start + chunks[i].count])
                start += chunks[i].count
            }
        }
        self.spec = spec
        self.chunks = chunks
    }

    static let chunkSize = 1 << 16
}

/// `cachesim bench`: the bare replay of each cache of a spec — no latency
/// sampling, no memory probes — timed in interleaved rounds beside a
/// `noop` reference, and counted in instructions under Valgrind
/// (``InstructionCounter``).
public enum Bench {
    /// The label of the reference run every ratio is to.
    public static let referenceLabel = "noop"

    /// The runs a bench of `plan` measures: repetition 0 of every cache,
    /// then, when the spec has no plain `noop`, a `noop` reference. A
    /// `noop` with options keeps them in its label (`noop(work=8)`), apart
    /// from the reference. Refuses real products (a server's replay is
    /// its socket's, not a policy's).
    public static func runs(of plan: RunPlan) throws(WorkloadError) -> [PlannedRun] {
        var runs = plan.runs.filter { $0.repetition == 0 }
        for (i, entry) in plan.spec.caches.enumerated()
        where CacheCatalog.named(entry.policy)?.capabilities.contains(
            .isProduct) == true
        {
            throw WorkloadError(
                file: plan.spec.path, location: "caches[\(i)].policy",
                "'\(entry.policy)' is a real product, and bench times policies' replays alone; drop it from the bench spec (cachesim run measures it)"
            )
        }
        for i in runs.indices where runs[i].policy == referenceLabel && !runs[i].options.isEmpty {
            runs[i].variant = PlannedRun.variant(of: runs[i].options)
        }
        if !runs.contains(where: { $0.label == referenceLabel }) {
            runs.append(PlannedRun(index: plan.runs.count, policy: referenceLabel, capacity: nil, seed: plan.spec.seed))
        }
        return runs
    }

    /// Times `runs` over `requests`: `options.warmupRounds` untimed rounds,
    /// then `options.rounds` timed ones, each replaying every run once in
    /// an order shuffled per round (seeded by the round: the same on every
    /// machine). Every run's cache is built fresh for each replay, outside
    /// the timing. `progress` is told the requests just replayed.
    public static func time(
        _ runs: [PlannedRun], over requests: BenchRequests, options: BenchOptions,
        progress: (Int) -> Void = { _ in }, isCancelled: () -> Bool = { false }
    ) throws -> [BenchRun] {
        let session = BenchSession(runs, over: requests)
        for round in 0..<(options.warmupRounds + options.rounds) {
            try session.round(
                round, timed: round >= options.warmupRounds, progress: progress, isCancelled: isCancelled)
        }
        return session.results(confidence: options.confidence)
    }

    /// The order of round `round`: a Fisher–Yates shuffle of `0..<count`
    /// driven by SplitMix64 seeded with the round. O(count).
    static func order(_ count: Int, round: Int) -> [Int] {
        var order = Array(0..<count)
        var state = UInt64(round) &+ 0x5EED
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, Int(next() % UInt64(i + 1))) }
        return order
    }

    /// Replays every request of `requests` through `cache`: get, on a miss
    /// set, a trace's deletes and writes applied where they fall. Nothing
    /// else — this is what a bench times and counts.
    public static func replay(_ cache: any ReplayableCache, _ requests: BenchRequests, tally: inout ReplayTally) {
        let future = cache as? any FutureAwareCache
        // Requests with lifetimes replay through the expiring loop (which
        // logs what a run gives causes to), so an expiring cache gets them.
        let expiring = cache.expires
        var log = ReplayLog()
        for chunk in requests.chunks {
            chunk.withBuffers { keys, sizes, times in
                chunk.nextAccess.withUnsafeBufferPointer { next in
                    var i = 0
                    var mutation = 0
                    while true {
                        while mutation < chunk.mutations.count, chunk.mutations[mutation].before <= i {
                            let change = chunk.mutations[mutation]
                            switch change.change {
                            case .remove: cache.discard(change.key)
                            case .store(let size, let time, let lifetime):
                                cache.admit(change.key, size: Int(size), now: time, lifetime: lifetime)
                            }
                            mutation += 1
                        }
                        guard i < keys.count else { break }
                        let end = mutation < chunk.mutations.count ? chunk.mutations[mutation].before : keys.count
                        let (k, s, t) = (
                            UnsafeBufferPointer(rebasing: keys[i..<end]), UnsafeBufferPointer(rebasing: sizes[i..<end]),
                            UnsafeBufferPointer(rebasing: times[i..<end])
                        )
                        if let future {
                            future.replay(
                                keys: k, sizes: s, times: t, nextAccess: UnsafeBufferPointer(rebasing: next[i..<end]),
                                tally: &tally)
                        } else if expiring && !chunk.lifetimes.isEmpty {
                            chunk.lifetimes.withUnsafeBufferPointer { lifetimes in
                                cache.replay(
                                    keys: k, sizes: s, times: t,
                                    lifetimes: lifetimes.isEmpty
                                        ? nil : UnsafeBufferPointer(rebasing: lifetimes[i..<end]),
                                    log: &log, tally: &tally)
                            }
                            log.removeAll()
                        } else {
                            cache.replay(keys: k, sizes: s, times: t, tally: &tally)
                        }
                        i = end
                    }
                }
            }
        }
    }

    /// ``replay(_:_:tally:)`` under a fixed symbol name, which Valgrind's
    /// callgrind switches its counting on and off at
    /// (`--toggle-collect=cachesim_bench_replay`), so that an instruction
    /// count is of the replay alone. Never inlined, or there is no symbol;
    /// never optimized itself, or the optimizer calls a specialized copy
    /// under another name (the replay it calls is optimized as usual).
    @inline(never) @_optimize(none) @_silgen_name("cachesim_bench_replay")
    public static func countedReplay(
        _ cache: any ReplayableCache, _ requests: BenchRequests, tally: inout ReplayTally
    ) {
        replay(cache, requests, tally: &tally)
    }

    /// What `bench --instructions` runs under Valgrind: the run labelled
    /// `label` in the bench of `spec`, its cache built and its first
    /// `requests` requests generated before ``countedReplay(_:_:tally:)``,
    /// which alone is counted.
    /// With `noopWork`, the run is instead a `noop` with that much busy
    /// work (the calibration's run under test).
    public static func replayForCounting(
        _ spec: WorkloadSpec, label: String, requests: Int, noopWork: Int? = nil
    ) throws -> ReplayTally {
        let runs = try runs(of: try RunPlan(spec: spec))
        let found = noopWork.map { BenchCalibration.target($0, index: runs.count) } ?? runs.first { $0.label == label }
        guard let run = found else {
            throw WorkloadError(file: spec.path, location: "caches", "no run labelled '\(label)' in this bench")
        }
        let held = try BenchRequests(spec, limit: requests, for: [run])
        let cache = try run.makeCache()
        var tally = ReplayTally()
        countedReplay(cache, held, tally: &tally)
        return tally
    }

    /// The bench file of `runs` over `requests`, timed with `options`.
    public static func result(
        runs: [BenchRun], requests: BenchRequests, specPath: String, options: BenchOptions, pairing: String? = nil
    ) -> BenchResult {
        var result = BenchResult(
            createdAt: ISO8601DateFormatter().string(from: Date()), host: ProcessInfo.processInfo.hostName,
            cores: ProcessInfo.processInfo.activeProcessorCount,
            workload: BenchWorkload(
                name: requests.spec.name, specPath: specPath,
                streamDigest: BenchWorkload.streamDigest(of: requests.spec, requests: requests.count),
                requests: requests.count),
            rounds: runs.first?.roundNanoseconds.count ?? options.rounds, warmupRounds: options.warmupRounds,
            reference: referenceLabel, confidence: options.confidence, runs: runs)
        result.pairing = pairing
        return result
    }
}

/// The rounds of one bench as they are taken: the runs, the requests they
/// replay, and each run's hits and round times so far. ``Bench/time(_:over:options:progress:isCancelled:)``
/// takes every round at once; an A/B bench (`--against`) and the
/// calibration alternate the rounds of two sessions, so that both meet the
/// same machine at the same moments.
public final class BenchSession {
    public let runs: [PlannedRun]
    public let requests: BenchRequests
    /// Each run's timed rounds, in nanoseconds.
    public private(set) var nanoseconds: [[Int64]]
    private var hits: [Int?]
    private let reference: Int

    /// A session of `runs`, one of which is the reference (`noop`).
    public init(_ runs: [PlannedRun], over requests: BenchRequests) {
        let reference = runs.firstIndex { $0.label == Bench.referenceLabel }
        precondition(reference != nil, "a bench has a reference run")
        self.runs = runs
        self.requests = requests
        self.reference = reference!
        nanoseconds = [[Int64]](repeating: [], count: runs.count)
        hits = [Int?](repeating: nil, count: runs.count)
    }

    /// Replays every run once, in round `round`'s order, recording the
    /// times when `timed`. Throws when a run's hits differ from an earlier
    /// round's (a replay must be deterministic) or on cancellation.
    public func round(
        _ round: Int, timed: Bool, progress: (Int) -> Void = { _ in }, isCancelled: () -> Bool = { false }
    ) throws {
        var times = [Int64](repeating: 0, count: runs.count)
        for i in Bench.order(runs.count, round: round) {
            if isCancelled() { throw CancellationError() }
            let cache = try runs[i].makeCache()
            var tally = ReplayTally()
            let start = monotonicNanoseconds()
            Bench.replay(cache, requests, tally: &tally)
            times[i] = max(1, monotonicNanoseconds() - start)
            if let earlier = hits[i], earlier != tally.hits {
                throw PolicyError(
                    "\(runs[i].label) got \(earlier) hits in one round and \(tally.hits) in another: its replay is not deterministic"
                )
            }
            hits[i] = tally.hits
            progress(requests.count)
        }
        if timed { for i in runs.indices { nanoseconds[i].append(times[i]) } }
    }

    /// The runs' figures over the rounds recorded so far.
    public func results(confidence: Double) -> [BenchRun] {
        let referenceTimes = nanoseconds[reference]
        return runs.indices.map { i in
            let run = runs[i]
            return BenchRun(
                label: run.label, policy: run.policy, capacity: run.capacity,
                options: run.options, hits: hits[i] ?? 0, requests: requests.count, roundNanoseconds: nanoseconds[i],
                roundRatios: zip(nanoseconds[i], referenceTimes).map { Double($0) / Double($1) },
                confidence: confidence)
        }
    }
}
