import Caches
import Foundation
import Stats

/// Zipf keys: rank r ∈ 1…universe is drawn with probability ∝ 1/r^alpha and
/// turned into the key `mix64(r)`, so popularity is not ordered by key value
/// and distinct ranks never share a key.
///
/// Up to `aliasThreshold` keys the ranks come from a GSL alias table (O(1)
/// per draw, 24 bytes per key: GSL's table and the 8-byte packed copy that
/// draws read). Above it, from rejection-inversion sampling (Hörmann &
/// Derflinger 1996, as in Apache Commons RNG), which needs no per-key table:
/// a universe of 10⁹ keys costs a few words of memory.
///
/// Both draw their uniforms from GSL's mt19937 a block at a time (see
/// `RandomSource+Blocks.swift`): the same uniforms, in the same order, as
/// one GSL call per draw, so a seed's stream is what it always was.
public struct ZipfSampler: KeyGenerator {
    /// Largest universe that gets an alias table (48 MiB of tables).
    public static let aliasThreshold: UInt64 = 1 << 21

    /// How ranks are drawn.
    public enum Method: Sendable {
        /// Alias table up to `aliasThreshold`, rejection-inversion above.
        case automatic
        case aliasTable
        case rejectionInversion
    }

    private enum Sampler {
        case alias(AliasTable)
        case rejectionInversion(RejectionInversion)
    }

    public let alpha: Double
    public let universe: UInt64
    private let sampler: Sampler
    private let rng: RandomSource

    /// A sampler over `universe` ≥ 1 keys with exponent `alpha` ≥ 0, drawing
    /// from `RandomSource(seed: seed)`. O(universe) with an alias table, O(1) without.
    public init(alpha: Double, universe: UInt64, seed: UInt64, method: Method = .automatic) {
        precondition(alpha >= 0 && alpha.isFinite && universe >= 1, "validated by the spec reader")
        self.alpha = alpha
        self.universe = universe
        rng = RandomSource(seed: seed)
        let useAlias: Bool
        switch method {
        case .automatic: useAlias = universe <= Self.aliasThreshold
        case .aliasTable: useAlias = true
        case .rejectionInversion: useAlias = false
        }
        if useAlias {
            let weights = (1...Int(universe)).map { pow(Double($0), -alpha) }
            // Weights are positive and finite, which is all AliasTable checks.
            sampler = .alias(try! AliasTable(weights: weights))
        } else {
            sampler = .rejectionInversion(RejectionInversion(exponent: alpha, count: Double(universe)))
        }
    }

    /// The exact probability of rank `rank` (1-based). O(universe) for the
    /// normalising constant; for tests and small universes.
    public static func probabilities(alpha: Double, universe: Int) -> [Double] {
        let weights = (1...universe).map { pow(Double($0), -alpha) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }

    /// The key that rank `rank` (1-based) is scrambled to.
    @inlinable
    public static func key(rank: UInt64) -> UInt64 { mix64(rank) }

    public mutating func generate(into keys: UnsafeMutableBufferPointer<UInt64>) {
        switch sampler {
        case .alias(let table):
            table.fill(keys, rng) { Self.key(rank: UInt64($0) + 1) }
        case .rejectionInversion(let sampler):
            rng.withWordReader { reader in
                for i in keys.indices {
                    // Every key to come takes at least one uniform.
                    keys[i] = Self.key(rank: sampler.sample { reader.uniform(atLeast: keys.endIndex - i) })
                }
            }
        }
    }
}

/// Rejection-inversion sampling of a Zipf rank in 1…n with exponent s ≥ 0
/// (W. Hörmann, G. Derflinger, "Rejection-inversion to generate variates from
/// monotone discrete distributions", ACM TOMACS 6(3), 1996). Expected draws
/// per sample are close to 1 for every s.
struct RejectionInversion {
    let exponent: Double
    let count: Double
    private let hIntegralX1: Double
    private let hIntegralCount: Double
    private let s: Double

    init(exponent: Double, count: Double) {
        self.exponent = exponent
        self.count = count
        hIntegralX1 = Self.hIntegral(1.5, exponent) - 1
        hIntegralCount = Self.hIntegral(count + 0.5, exponent)
        s = 2 - Self.hIntegralInverse(Self.hIntegral(2.5, exponent) - Self.h(2, exponent), exponent)
    }

    /// A rank, from uniforms in [0, 1) taken from `uniform` (one per try).
    @inline(__always)
    func sample(_ uniform: () -> Double) -> UInt64 {
        while true {
            let u = hIntegralCount + uniform() * (hIntegralX1 - hIntegralCount)
            let x = Self.hIntegralInverse(u, exponent)
            // k = ⌊x + ½⌋ clamped to 1 … count, without the C library's floor
            // (truncation is the floor from 1 up); a NaN try is rejected, as
            // the comparisons below always rejected it.
            let y = x + 0.5
            if y.isNaN { continue }
            let k = y < 1 ? 1 : Double(Int64(min(y, count)))
            if k - x <= s || u >= Self.hIntegral(k + 0.5, exponent) - Self.h(k, exponent) {
                return UInt64(k)
            }
        }
    }

    /// h(x) = x^−s, the continuous density the discrete one is bounded by.
    private static func h(_ x: Double, _ exponent: Double) -> Double { exp(-exponent * log(x)) }

    /// H(x) = ∫₁ˣ h, written to stay accurate as s → 1.
    private static func hIntegral(_ x: Double, _ exponent: Double) -> Double {
        let logX = log(x)
        return expm1OverX((1 - exponent) * logX) * logX
    }

    private static func hIntegralInverse(_ x: Double, _ exponent: Double) -> Double {
        let t = max(x * (1 - exponent), -1)
        return exp(log1pOverX(t) * x)
    }

    /// log(1 + x) / x, with its Taylor series near 0.
    private static func log1pOverX(_ x: Double) -> Double {
        abs(x) > 1e-8 ? log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x))
    }

    /// (eˣ − 1) / x, with its Taylor series near 0.
    private static func expm1OverX(_ x: Double) -> Double {
        abs(x) > 1e-8 ? expm1(x) / x : 1 + x * 0.5 * (1 + x / 3 * (1 + 0.25 * x))
    }
}
