/// A miss-ratio curve for any policy from miniature simulations
/// (Waldspurger et al., "Cache Modeling and Optimization using Miniature
/// Simulations", USENIX ATC '17): the stream is sampled spatially by key
/// hash at a rate R — every request of a sampled key, none of the others —
/// and each capacity C is simulated by the policy itself at ⌊C·R⌉ entries
/// over the sampled requests. The sampled stream keeps each key's whole
/// reuse pattern, so the miniature's hit ratio estimates the full cache's.
///
/// All capacities are fed from one pass: each batch of requests is filtered
/// once and replayed through every miniature cache, one after another.
/// Capacities whose miniature would hold fewer than ``minimumEntries``
/// are not simulated: a cache of a handful of entries says little about a
/// large one (the point is reported as unresolved, never as a number).
///
/// Sampling uses a hash independent of the caches' own (``mix64(_:)`` of
/// the key plus a constant), so the sampled keys do not crowd a few
/// buckets of the miniatures' tables.
public final class MiniatureSimulation {
    /// One capacity of the curve.
    public struct Point: Sendable, Equatable {
        /// The full cache's capacity, in entries.
        public var capacity: Int
        /// The miniature's capacity: ⌊capacity · rate⌉.
        public var miniatureCapacity: Int
        /// Requests of the sampled stream, and those the miniature hit.
        public var sampledRequests: Int
        public var hits: Int
        /// Hits over sampled requests; `nil` when the miniature was too small
        /// to simulate or saw no request.
        public var hitRatio: Double?
    }

    /// Why a policy cannot be simulated in miniature.
    public struct Unsupported: Error, CustomStringConvertible {
        public let description: String
    }

    /// The smallest miniature simulated. Below it the estimate is mostly
    /// noise (the ATC '17 paper's miniatures hold ~100 entries and more).
    public static let minimumEntries = 32

    public let policy: String
    public let samplingRate: Double
    @usableFromInline let threshold: UInt64
    var miniatures: [(capacity: Int, scaled: Int, cache: (any ReplayableCache)?, tally: ReplayTally)]
    /// Requests seen before sampling.
    public private(set) var requests = 0
    var sampledKeys: [UInt64] = []
    var time: Int64 = 0

    /// Miniatures of `policy` at each of `capacities` (entries ≥ 1) at
    /// `samplingRate` in (0, 1]; rate 1 simulates every size in full.
    /// Throws ``Unsupported`` for a policy without a capacity to scale
    /// (`unbounded`, `ttl`, `noop`) or one that needs each request's next
    /// access (`belady`: the sampled stream's future would have to be
    /// indexed first), and the policy's own error for bad options.
    public init(
        policy descriptor: PolicyDescriptor, options: [String: PolicyOptionValue] = [:], capacities: [Int],
        samplingRate: Double, seed: UInt64 = 0
    ) throws {
        precondition(samplingRate > 0 && samplingRate <= 1, "samplingRate must be in (0, 1]")
        precondition(capacities.allSatisfy { $0 >= 1 }, "capacities must be at least 1")
        if descriptor.needsFuture {
            throw Unsupported(
                description:
                    "\(descriptor.name) needs each request's next access, which a sampled stream does not index; "
                    + "simulate it with `cachesim run` at each capacity instead")
        }
        if descriptor.allowsUnbounded || descriptor.isReference {
            throw Unsupported(description: "\(descriptor.name) has no capacity to scale, so no curve")
        }
        policy = descriptor.name
        self.samplingRate = samplingRate
        threshold = samplingRate >= 1 ? .max : UInt64(samplingRate * 0x1p64)
        miniatures = try capacities.map { capacity in
            let scaled = samplingRate >= 1 ? capacity : Int((Double(capacity) * samplingRate).rounded())
            guard samplingRate >= 1 || scaled >= Self.minimumEntries else {
                return (capacity, scaled, nil, ReplayTally())
            }
            let cache = try descriptor.make(
                CacheConfiguration(capacity: .entries(scaled), options: options, seed: seed))
            return (capacity, scaled, cache, ReplayTally())
        }
    }

    /// Whether `key` is in the sample.
    @inlinable
    public func isSampled(_ key: UInt64) -> Bool {
        threshold == .max || mix64(key &+ 0x9E37_79B9_7F4A_7C15) <= threshold
    }

    /// Feeds `keys` (every request weighs one entry) to every miniature.
    /// O(keys + sampled × miniatures).
    public func record(_ keys: UnsafeBufferPointer<UInt64>) {
        requests += keys.count
        sampledKeys.removeAll(keepingCapacity: true)
        for key in keys where isSampled(key) { sampledKeys.append(key) }
        guard !sampledKeys.isEmpty else { return }
        let count = sampledKeys.count
        let start = time
        time += Int64(count)
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: count) { sizes in
            sizes.initialize(repeating: 1)
            withUnsafeTemporaryAllocation(of: Int64.self, capacity: count) { times in
                for i in 0..<count { times[i] = start + Int64(i) }
                sampledKeys.withUnsafeBufferPointer { sampled in
                    for index in miniatures.indices {
                        guard let cache = miniatures[index].cache else { continue }
                        cache.replay(
                            keys: sampled, sizes: UnsafeBufferPointer(sizes), times: UnsafeBufferPointer(times),
                            tally: &miniatures[index].tally)
                    }
                }
            }
        }
    }

    /// The curve so far, in the capacities' order.
    ///
    /// The misses are divided by the sample's expected size, rate ×
    /// requests, not its actual one: on a skewed stream one hot key in or
    /// out of the sample moves the sampled requests by percents, nearly all
    /// of them hits, while the misses come from the many cold keys and
    /// scale with the rate. This is SHARDS_adj's correction (Waldspurger et
    /// al., FAST '15) carried to miniatures; without it a 10 % sample of a
    /// Zipf(0.9) stream that caught two of its hottest keys read 15–20
    /// points too high at every size.
    public var points: [Point] {
        let expected = samplingRate * Double(requests)
        return miniatures.map { miniature in
            let tally = miniature.tally
            let simulated = miniature.cache != nil && tally.requests > 0
            let misses = Double(tally.requests - tally.hits)
            let ratio =
                samplingRate >= 1
                ? Double(tally.hits) / Double(max(1, tally.requests))
                : Swift.min(1, Swift.max(0, 1 - misses / expected))
            return Point(
                capacity: miniature.capacity, miniatureCapacity: miniature.scaled, sampledRequests: tally.requests,
                hits: tally.hits, hitRatio: simulated ? ratio : nil)
        }
    }
}
