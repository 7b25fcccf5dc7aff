/// A miss-ratio curve for any policy from miniature simulations
/// (Waldspurger et al., "Cache Modeling and Optimization using Miniature
/// Simulations", USENIX ATC '17): the stream is sampled spatially by key
/// hash at a rate R — every request of a sampled key, none of the others —
/// and each capacity C is simulated by the policy itself at ⌊C·R⌉ entries
/// (or bytes) over the sampled requests. The sampled stream keeps each
/// key's whole reuse pattern, so the miniature's hit ratio estimates the
/// full cache's.
///
/// All capacities are fed from one pass: each batch of requests is sampled
/// once (``KeySample``) and replayed through every miniature
/// (``replay(miniature:keys:sizes:times:)``, one miniature per call, so a
/// driver may run different miniatures on different cores).
/// Capacities whose miniature would hold fewer than ``minimumEntries``
/// entries are not reported: a cache of a handful of entries says little
/// about a large one (the point is unresolved, never a number).
///
/// Sampling uses a hash independent of the caches' own (``mix64(_:)`` of
/// the key plus a constant), so the sampled keys do not crowd a few
/// buckets of the miniatures' tables.
public final class MiniatureSimulation {
    /// One capacity of the curve.
    public struct Point: Sendable, Equatable {
        /// The full cache's capacity, in the simulation's unit.
        public var capacity: Int
        /// The miniature's capacity: ⌊capacity · rate⌉.
        public var miniatureCapacity: Int
        /// Requests of the sampled stream, and those the miniature hit.
        public var sampledRequests: Int
        public var hits: Int
        /// Entries the miniature held at the end.
        public var residentEntries: Int
        /// The estimate of the full cache's hit ratio; `nil` when the
        /// miniature was too small to resolve or saw no request.
        public var hitRatio: Double?
    }

    /// Why a policy cannot be simulated in miniature.
    public struct Unsupported: Error, CustomStringConvertible {
        public let description: String
    }

    /// The smallest miniature simulated, in entries. Below it the estimate
    /// is mostly noise (the ATC '17 paper's miniatures hold ~100 entries
    /// and more).
    public static let minimumEntries = 32

    /// Why `descriptor` has no miniature curve, or `nil` when it has one:
    /// a policy without a capacity to scale (`unbounded`, `ttl`, `noop`)
    /// or one that needs each request's next access (`belady`: a sampled
    /// stream's future would have to be indexed before the pass).
    public static func whyUnsupported(_ descriptor: PolicyDescriptor) -> String? {
        if descriptor.needsFuture {
            return "\(descriptor.name) needs each request's next access, which a sampled stream does not index; "
                + "simulate it with `cachesim run` at each capacity instead"
        }
        if descriptor.allowsUnbounded || descriptor.isReference {
            return "\(descriptor.name) has no capacity to scale, so no miss-ratio curve"
        }
        return nil
    }

    public let policy: String
    public let samplingRate: Double
    /// Whether capacities are bytes of object sizes rather than entries.
    public let inBytes: Bool
    /// One per capacity; each its own object, so replays of different
    /// miniatures on different threads never write to a shared array.
    final class Miniature {
        let capacity: Int
        let scaled: Int
        let cache: (any ReplayableCache)?
        var tally = ReplayTally()
        init(_ capacity: Int, _ scaled: Int, _ cache: (any ReplayableCache)?) {
            self.capacity = capacity
            self.scaled = scaled
            self.cache = cache
        }
    }
    let miniatures: [Miniature]
    /// The sample ``record(_:sizes:)`` takes; a driver that samples
    /// for several simulations passes its own to ``points(using:)``.
    public private(set) var sample: KeySample

    /// Miniatures of `policy` at each of `capacities` (≥ 1, entries or,
    /// with `inBytes`, bytes) at `samplingRate` in (0, 1]; rate 1
    /// simulates every size in full. Throws ``Unsupported`` (see
    /// ``whyUnsupported(_:)``) and the policy's own error for bad options.
    public init(
        policy descriptor: PolicyDescriptor, options: [String: PolicyOptionValue] = [:], capacities: [Int],
        inBytes: Bool = false, samplingRate: Double, seed: UInt64 = 0
    ) throws {
        precondition(samplingRate > 0 && samplingRate <= 1, "samplingRate must be in (0, 1]")
        precondition(capacities.allSatisfy { $0 >= 1 }, "capacities must be at least 1")
        if let reason = Self.whyUnsupported(descriptor) { throw Unsupported(description: reason) }
        policy = descriptor.name
        self.samplingRate = samplingRate
        self.inBytes = inBytes
        sample = KeySample(rate: samplingRate)
        miniatures = try capacities.map { capacity in
            let scaled = samplingRate >= 1 ? capacity : Swift.max(1, Int((Double(capacity) * samplingRate).rounded()))
            // In bytes the entries held are known only at the end (see `points`).
            let floor = inBytes ? 1 : Self.minimumEntries
            guard samplingRate >= 1 || scaled >= floor else { return Miniature(capacity, scaled, nil) }
            let cache = try descriptor.make(
                CacheConfiguration(
                    capacity: inBytes ? .bytes(scaled) : .entries(scaled), options: options, seed: seed))
            return Miniature(capacity, scaled, cache)
        }
    }

    /// How many miniatures there are (one per capacity, simulated or not).
    public var miniatureCount: Int { miniatures.count }

    /// Replays sampled requests through miniature `index` (a no-op when it
    /// is too small to simulate). Different indices may run at once on
    /// different threads; one index must not.
    public func replay(
        miniature index: Int, keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>
    ) {
        let miniature = miniatures[index]
        guard let cache = miniature.cache else { return }
        cache.replay(keys: keys, sizes: sizes, times: times, tally: &miniature.tally)
    }

    /// Feeds `keys` (every request weighs one entry unless `sizes` are
    /// given) to every miniature, on this thread.
    /// O(keys + sampled × miniatures).
    public func record(_ keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>? = nil) {
        var taken: (keys: [UInt64], sizes: [UInt32], times: [Int64]) = ([], [], [])
        let start = Int64(sample.sampledRequests)
        sample.take(keys) { i in
            taken.keys.append(keys[i])
            taken.sizes.append(sizes?[i] ?? 1)
            taken.times.append(start + Int64(taken.times.count))
        }
        taken.keys.withUnsafeBufferPointer { keys in
            taken.sizes.withUnsafeBufferPointer { sizes in
                taken.times.withUnsafeBufferPointer { times in
                    for index in miniatures.indices { replay(miniature: index, keys: keys, sizes: sizes, times: times) }
                }
            }
        }
    }

    /// The curve of what ``record(_:sizes:)`` fed, in the capacities' order.
    public var points: [Point] { points(using: sample) }

    /// The curve of the requests `sample` took, in the capacities' order:
    /// each miniature's misses times ``KeySample/missScale`` over the
    /// stream's requests. Dividing by the sampled requests instead reads a
    /// skewed stream badly: one hot key in or out of the sample moves them
    /// by percents, nearly all hits (a 10 % sample of a Zipf(0.9) stream
    /// that caught two of its hottest keys read 15–20 points high).
    ///
    /// A byte miniature that evicted while holding fewer than
    /// ``minimumEntries`` entries is unresolved, like an entry miniature
    /// below that size.
    public func points(using sample: KeySample) -> [Point] {
        let scale = sample.missScale
        let requests = Double(sample.requests)
        return miniatures.map { miniature in
            let tally = miniature.tally
            let resident = miniature.cache?.count ?? 0
            let tooFewInBytes =
                inBytes && samplingRate < 1 && resident < Self.minimumEntries && (miniature.cache?.evictions ?? 0) > 0
            let simulated = miniature.cache != nil && tally.requests > 0 && !tooFewInBytes
            let misses = Double(tally.requests - tally.hits)
            let ratio =
                samplingRate >= 1
                ? Double(tally.hits) / Double(max(1, tally.requests))
                : Swift.min(1, Swift.max(0, 1 - misses * scale / requests))
            return Point(
                capacity: miniature.capacity, miniatureCapacity: miniature.scaled, sampledRequests: tally.requests,
                hits: tally.hits, residentEntries: resident, hitRatio: simulated ? ratio : nil)
        }
    }
}
