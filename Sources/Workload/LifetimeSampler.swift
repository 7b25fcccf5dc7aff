import Caches
import Foundation
import Stats

/// Each request's lifetime in nanoseconds, drawn from a spec's
/// ``Lifetimes``: per key, a hash of (key, seed) gives u ∈ (0, 1), so a key
/// keeps its lifetime on every set without a table (as ``ObjectSizer`` does
/// for sizes); per request, u comes from the seed's own generator, one draw
/// a request. Either way u below the never share means 0 (never expires);
/// above it, u is rescaled to (0, 1) and mapped through the distribution's
/// inverse CDF, rounded to the nanosecond and at least 1.
public struct LifetimeSampler {
    public let lifetimes: Lifetimes
    private let salt: UInt64
    private let random: RandomSource

    public init(_ lifetimes: Lifetimes, seed: UInt64) {
        self.lifetimes = lifetimes
        salt = seed
        random = RandomSource(seed: seed)
    }

    /// The lifetime of `key`'s object, for a per-key distribution. O(1).
    public func lifetime(of key: UInt64) -> Int64 { lifetime(at: unitInterval(mix64(key ^ salt))) }

    /// The lifetime for a draw u ∈ (0, 1): 0 below the never share, else
    /// the distribution's quantile of the rescaled draw.
    func lifetime(at u: Double) -> Int64 {
        let never = lifetimes.neverShare
        guard u >= never else { return 0 }
        let v = min(max((u - never) / (1 - never), 0x1p-53), 1 - 0x1p-53)
        let seconds: Double
        switch lifetimes.distribution {
        case .fixed(let fixed): seconds = fixed
        case .exponential(let mean): seconds = -mean * log1p(-v)
        case .lognormal(let median, let sigma): seconds = median * exp(sigma * Normal.quantile(v))
        }
        return Int64((seconds * 1e9).rounded().clamped(to: 1...maximumLifetimeSeconds * 1e9 * 4))
    }

    /// Writes the lifetime of each of `keys` into `lifetimes` (same count),
    /// in stream order. O(n).
    public func fill(_ lifetimes: UnsafeMutableBufferPointer<Int64>, keys: UnsafeBufferPointer<UInt64>) {
        if self.lifetimes.perKey {
            for i in lifetimes.indices { lifetimes[i] = lifetime(of: keys[i]) }
        } else {
            for i in lifetimes.indices { lifetimes[i] = lifetime(at: random.uniformPositive()) }
        }
    }
}
