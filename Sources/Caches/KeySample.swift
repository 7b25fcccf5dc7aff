/// A spatial sample of a key stream (SHARDS, Waldspurger et al., FAST '15):
/// every request of a key whose hash falls below `rate × 2^64`, none of the
/// others, so a sampled key keeps its whole reuse pattern. One sample
/// feeds every miniature of a curve run (``MiniatureSimulation``), and it
/// carries what scales their counts back to the whole stream:
///
/// - the requests seen and sampled,
/// - the distinct keys sampled (exactly) and in the whole stream
///   (``DistinctKeyEstimate``, from the same hash: no second hash per
///   request).
///
/// The miss scale ``missScale`` is the ratio estimator of survey sampling
/// with the key count as its auxiliary variable: a miniature's misses times
/// (distinct keys ÷ distinct sampled keys). Every key costs a cache at least
/// its first miss, and cold keys, which make most misses of a small cache,
/// cost about one per request, so the misses follow the number of keys
/// sampled far more closely than the number of requests, which one hot key
/// in or out of the sample moves by percents. Dividing by the expected
/// sample (SHARDS_adj's correction) removes the hot keys' noise but keeps
/// the key count's: on a Zipf(0.99) stream over 10^6 keys, a 1 % sample
/// that caught 1.3 % fewer keys than expected read every policy's hit
/// ratio 0.1–1.4 points high; scaling by the keys removed most of it.
public struct KeySample {
    public let rate: Double
    /// Keys whose sampling hash is at most this are sampled.
    public let threshold: UInt64
    /// Requests seen, sampled or not.
    public private(set) var requests = 0
    /// Requests of sampled keys.
    public private(set) var sampledRequests = 0
    var sampledKeys: Set<UInt64> = []
    var distinct = DistinctKeyEstimate()

    /// A sample at `rate` in (0, 1] (1: every key).
    public init(rate: Double) {
        precondition(rate > 0 && rate <= 1, "rate must be in (0, 1]")
        self.rate = rate
        threshold = rate >= 1 ? .max : UInt64(rate * 0x1p64)
    }

    /// The sampling hash: ``mix64(_:)`` of the key plus a constant, so it
    /// is independent of the caches' own table hash.
    @inlinable
    public static func hash(_ key: UInt64) -> UInt64 { mix64(key &+ 0x9E37_79B9_7F4A_7C15) }

    /// Whether `key` is sampled (the same keys at every call).
    @inlinable
    public func contains(_ key: UInt64) -> Bool { threshold == .max || Self.hash(key) <= threshold }

    /// Counts `keys` and calls `take(i)` for the index of each sampled one,
    /// in order. O(keys).
    public mutating func take(_ keys: UnsafeBufferPointer<UInt64>, _ take: (Int) -> Void) {
        requests += keys.count
        if threshold == .max {
            for i in 0..<keys.count {
                distinct.insert(hash: Self.hash(keys[i]))
                take(i)
            }
            sampledRequests += keys.count
            return
        }
        for i in 0..<keys.count {
            let hash = Self.hash(keys[i])
            distinct.insert(hash: hash)
            if hash <= threshold {
                sampledKeys.insert(keys[i])
                sampledRequests += 1
                take(i)
            }
        }
    }

    /// The distinct keys sampled so far (at rate 1, not tracked: 0).
    public var sampledDistinctKeys: Int { sampledKeys.count }

    /// The distinct keys of the whole stream, HyperLogLog's estimate
    /// (±0.41 %).
    public var distinctKeys: Double { distinct.estimate }

    /// What a miniature's misses are multiplied by to estimate the full
    /// cache's: distinct keys ÷ distinct sampled keys (1 at rate 1; 1/rate
    /// before any key is sampled).
    public var missScale: Double {
        if threshold == .max { return 1 }
        guard !sampledKeys.isEmpty else { return 1 / rate }
        return distinctKeys / Double(sampledKeys.count)
    }
}
