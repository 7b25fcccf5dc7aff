import CGSL

/// GSL's own mt19937 state (`mt_state_t`: 624 words, each in an
/// `unsigned long`, then the `int` index of the next word to temper), read
/// and advanced in place, so a block of draws costs one pass over the words
/// instead of one call through `gsl_rng_get`'s function pointer per draw.
///
/// The state is GSL's: draws made here and draws made by GSL calls on the
/// same generator interleave as one sequence. Nothing here seeds; GSL does.
/// The layout is not part of GSL's API, so ``layoutMatches`` checks it (size,
/// range, and a draw-for-draw comparison with `gsl_rng_get` across a twist)
/// once per process; when it does not hold, ``RandomSource`` keeps calling GSL.
@usableFromInline
struct MersenneTwisterState {
    /// Words of state (N).
    @usableFromInline static let wordCount = 624
    /// The twist's middle distance (M).
    static let shift = 397

    /// `mt[0 ..< 624]`, each holding a 32-bit value.
    @usableFromInline let words: UnsafeMutablePointer<UInt>
    /// `mti`: the next word to temper; `wordCount` means a twist is due.
    @usableFromInline let position: UnsafeMutablePointer<Int32>

    /// The state of `rng`, which must be an mt19937 generator, when the
    /// layout check passed; nil otherwise.
    init?(_ rng: UnsafeMutablePointer<gsl_rng>) {
        guard Self.layoutMatches else { return nil }
        self.init(unchecked: rng)
    }

    private init(unchecked rng: UnsafeMutablePointer<gsl_rng>) {
        let state = rng.pointee.state!
        words = state.assumingMemoryBound(to: UInt.self)
        position = (state + Self.wordCount * MemoryLayout<UInt>.stride).assumingMemoryBound(to: Int32.self)
    }

    /// Tempers word `index` into the generator's output (MT19937's tempering). O(1).
    @inlinable @inline(__always)
    func output(_ index: Int) -> UInt32 {
        var y = words[index]
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return UInt32(truncatingIfNeeded: y)
    }

    /// Replaces all 624 words by the next 624 (MT19937's twist) and resets
    /// the position: what GSL does when its position reaches 624. O(624).
    @usableFromInline
    func twist() {
        let n = Self.wordCount, m = Self.shift
        // Word k mixes words k and k + 1 with word k + M (mod N); the words
        // below k are already new, as in the reference's in-place order.
        @inline(__always) func mixed(_ k: Int, _ next: Int, _ far: Int) -> UInt {
            let y = (words[k] & 0x8000_0000) | (words[next] & 0x7fff_ffff)
            return words[far] ^ (y >> 1) ^ ((y & 1) &* 0x9908_b0df)
        }
        for k in 0..<(n - m) { words[k] = mixed(k, k + 1, k + m) }
        for k in (n - m)..<(n - 1) { words[k] = mixed(k, k + 1, k + m - n) }
        words[n - 1] = mixed(n - 1, 0, m - 1)
        position.pointee = 0
    }

    /// Whether GSL's mt19937 state is laid out as this type reads it, and
    /// drawing through it gives exactly `gsl_rng_get`'s sequence. Checked
    /// once per process.
    static let layoutMatches: Bool = {
        guard let type = cgsl_rng_mt19937() else { return false }
        let wordBytes = wordCount * MemoryLayout<UInt>.stride
        let alignment = MemoryLayout<UInt>.alignment
        let size = (wordBytes + MemoryLayout<Int32>.size + alignment - 1) / alignment * alignment
        guard type.pointee.size == size, type.pointee.min == 0, type.pointee.max == 0xffff_ffff,
            let reference = gsl_rng_alloc(type), let tested = gsl_rng_alloc(type)
        else { return false }
        defer {
            gsl_rng_free(reference)
            gsl_rng_free(tested)
        }
        // Draws past two twists, then GSL's own next draw: the state this
        // type leaves behind must be the one GSL expects.
        for seed: UInt in [0, 1, 5489, 0xdead_beef] {
            gsl_rng_set(reference, seed)
            gsl_rng_set(tested, seed)
            let state = MersenneTwisterState(unchecked: tested)
            for _ in 0..<(2 * wordCount + 7) {
                if Int(state.position.pointee) >= wordCount { state.twist() }
                let drawn = state.output(Int(state.position.pointee))
                state.position.pointee += 1
                if UInt(drawn) != gsl_rng_get(reference) { return false }
            }
            if gsl_rng_get(tested) != gsl_rng_get(reference) { return false }
        }
        return true
    }()
}
