import CGSL

/// A seeded pseudo-random generator: GSL's Mersenne Twister (`gsl_rng_mt19937`).
///
/// The same seed gives the same sequence of draws on every machine. One source
/// belongs to one stream of work: it is a class (it owns the C state and frees
/// it in `deinit`) and is not meant to be shared between threads.
///
/// mt19937 takes a 32-bit seed; the 64-bit seed is folded (high half XOR low
/// half) into it, so seeds that differ in their low 32 bits always give
/// different sequences.
public final class RandomSource {
    /// The GSL generator; exposed for samplers in this module that call GSL directly.
    @usableFromInline
    let rng: UnsafeMutablePointer<gsl_rng>

    /// GSL's state of `rng`, for drawing blocks in place (see
    /// `RandomSource+Blocks.swift`); nil when its layout is not the one
    /// expected, and blocks are then drawn through GSL one at a time.
    @usableFromInline
    let twister: MersenneTwisterState?

    /// The seed this source was created with.
    public let seed: UInt64

    /// A generator seeded with `seed`. O(1) (624 words of state).
    public init(seed: UInt64) {
        ensureGSLErrorHandlerOff()
        guard let rng = gsl_rng_alloc(cgsl_rng_mt19937()) else {
            fatalError("gsl_rng_alloc: out of memory")
        }
        self.rng = rng
        self.seed = seed
        twister = MersenneTwisterState(rng)
        gsl_rng_set(rng, UInt(truncatingIfNeeded: (seed ^ (seed >> 32)) & 0xFFFF_FFFF))
    }

    deinit {
        gsl_rng_free(rng)
    }

    /// A uniform draw from [0, 1). O(1).
    @inlinable
    public func uniform() -> Double {
        gsl_rng_uniform(rng)
    }

    /// A uniform draw from (0, 1): never exactly 0, safe for `log`. O(1).
    @inlinable
    public func uniformPositive() -> Double {
        gsl_rng_uniform_pos(rng)
    }

    /// 32 uniformly random bits (the generator's raw output). O(1).
    @inlinable
    public func next32() -> UInt32 {
        UInt32(truncatingIfNeeded: gsl_rng_get(rng))
    }

    /// A uniform integer in `0..<n`; `n` must be at least 1. O(1) expected.
    ///
    /// Below 2³² this is `gsl_rng_uniform_int` (exact); from 2³² up, two
    /// 32-bit draws make a 64-bit one mapped by Lemire's multiply-shift (bias
    /// below 2⁻³²). (GSL refuses n = 2³², above its generator's range.)
    @inlinable
    public func uniformInt(below n: UInt64) -> UInt64 {
        precondition(n >= 1, "uniformInt(below:) needs n ≥ 1")
        if n < 1 << 32 {
            return UInt64(gsl_rng_uniform_int(rng, UInt(n)))
        }
        let bits = UInt64(next32()) << 32 | UInt64(next32())
        return bits.multipliedFullWidth(by: n).high
    }

    /// An exponential draw with the given mean (`gsl_ran_exponential`). O(1).
    @inlinable
    public func exponential(mean: Double) -> Double {
        gsl_ran_exponential(rng, mean)
    }

    /// A lognormal draw: exp(N(`zeta`, `sigma`²)), so the median is e^zeta
    /// (`gsl_ran_lognormal`). O(1).
    @inlinable
    public func lognormal(zeta: Double, sigma: Double) -> Double {
        gsl_ran_lognormal(rng, zeta, sigma)
    }

    /// A Pareto draw with shape `a` and scale (minimum) `b`: P(X > x) = (b/x)^a
    /// (`gsl_ran_pareto`). O(1).
    @inlinable
    public func pareto(shape: Double, scale: Double) -> Double {
        gsl_ran_pareto(rng, shape, scale)
    }
}
