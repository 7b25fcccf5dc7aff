import CGSL
import CPrefetch

/// Walker's alias method for sampling an index with given weights in O(1)
/// (`gsl_ran_discrete_preproc` / `gsl_ran_discrete`).
///
/// Building takes O(K) time. `sample` calls `gsl_ran_discrete`; `fill`, the
/// bulk path, reads a packed copy of GSL's table (threshold and alias in one
/// 8-byte word per weight) and makes the same decisions from the same
/// uniform draws, so its output is identical to `gsl_ran_discrete`'s while a
/// draw reads one word instead of two (a table of 10⁶ weights is 8 MiB, not
/// 16, and fits the last-level cache). The table is immutable and shared
/// between copies; it takes about 24 bytes per weight (GSL's and the packed copy).
public struct AliasTable {
    /// One slot of the packed table: GSL's threshold F[k] (already offset as
    /// (k + probability)/K and compared with the uniform u = word / 2³²) as
    /// ⌈F[k] · 2³²⌉ in the high 33 bits — u < F[k] exactly when word is below
    /// it, since F[k] · 2³² is exact — and the alias A[k] in the low 31 bits.
    @usableFromInline
    typealias Slot = UInt64

    /// The low bits of a slot holding the alias.
    @usableFromInline
    static var aliasMask: UInt64 { 0x7fff_ffff }

    /// The packed slot of GSL's F[k] = `threshold` and A[k] = `alias`.
    static func slot(threshold: Double, alias: Int) -> Slot {
        // F[k] = 1 ("always k") becomes 2³², above every word.
        let bound = min(max((threshold * 0x1p32).rounded(.up), 0), 0x1p32)
        return UInt64(bound) << 31 | UInt64(alias)
    }

    /// Owns the GSL table and its packed copy, and frees them.
    @usableFromInline
    final class Storage {
        @usableFromInline
        let table: UnsafeMutablePointer<gsl_ran_discrete_t>
        @usableFromInline
        let slots: UnsafeMutableBufferPointer<Slot>

        init(_ table: UnsafeMutablePointer<gsl_ran_discrete_t>) {
            self.table = table
            let count = table.pointee.K
            slots = .allocate(capacity: count)
            for k in 0..<count {
                slots[k] = AliasTable.slot(threshold: table.pointee.F[k], alias: table.pointee.A[k])
            }
        }

        deinit {
            gsl_ran_discrete_free(table)
            slots.deallocate()
        }
    }

    @usableFromInline
    let storage: Storage

    /// Number of outcomes (`weights.count`).
    public let count: Int

    /// A table drawing index `i` with probability `weights[i] / Σ weights`.
    /// Throws when there are no weights, a weight is negative or not finite,
    /// or all are zero. O(K).
    public init(weights: [Double]) throws(StatsError) {
        ensureGSLErrorHandlerOff()
        let operation = "gsl_ran_discrete_preproc"
        guard !weights.isEmpty else { throw StatsError(operation: operation, "no weights") }
        guard weights.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw StatsError(operation: operation, "weights must be finite and ≥ 0")
        }
        guard weights.contains(where: { $0 > 0 }) else {
            throw StatsError(operation: operation, "all weights are 0")
        }
        guard UInt64(weights.count) <= Self.aliasMask else {
            throw StatsError(operation: operation, "more than 2³¹ − 1 weights")
        }
        let table = weights.withUnsafeBufferPointer { gsl_ran_discrete_preproc($0.count, $0.baseAddress) }
        guard let table else { throw StatsError(operation: operation, status: Int32(GSL_ENOMEM)) }
        storage = Storage(table)
        count = weights.count
    }

    /// An index in `0..<count`, drawn with the table's probabilities. O(1).
    @inlinable
    public func sample(_ rng: RandomSource) -> Int {
        Int(gsl_ran_discrete(rng.rng, storage.table))
    }

    /// Fills `buffer` with independent draws, converted by `transform`:
    /// the same draws `sample` would give (one uniform each), from the packed
    /// table. O(n).
    @inlinable
    public func fill<T>(_ buffer: UnsafeMutableBufferPointer<T>, _ rng: RandomSource, _ transform: (Int) -> T) {
        let slots = storage.slots.baseAddress!
        let count = Double(self.count)
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.block) { words in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: Self.block) { columns in
                var start = buffer.startIndex
                while start < buffer.endIndex {
                    let n = min(Self.block, buffer.endIndex - start)
                    rng.fill(words: UnsafeMutableBufferPointer(rebasing: words[0..<n]))
                    // gsl_ran_discrete, step by step (GSL's KNUTH_CONVENTION):
                    // the column of every draw of the block first, its slot
                    // prefetched, so the block's cache misses overlap…
                    for j in 0..<n {
                        let column = Int(Double(words[j]) / 4_294_967_296.0 * count)
                        columns[j] = column
                        cachesim_prefetch(slots + column)
                    }
                    // …then each draw is the column or its alias.
                    for j in 0..<n {
                        let slot = slots[columns[j]]
                        let index = UInt64(words[j]) < slot >> 31 ? columns[j] : Int(slot & Self.aliasMask)
                        buffer[start + j] = transform(index)
                    }
                    start += n
                }
            }
        }
    }

    /// Draws per block of `fill`.
    @usableFromInline
    static var block: Int { 256 }

    /// `fill` through `gsl_ran_discrete` itself, one call per draw: the same
    /// output, kept to measure the packed path against. O(n).
    @inlinable
    public func fillCallingGSL<T>(_ buffer: UnsafeMutableBufferPointer<T>, _ rng: RandomSource, _ transform: (Int) -> T)
    {
        let r = rng.rng
        let table = storage.table
        for i in buffer.indices {
            buffer[i] = transform(Int(gsl_ran_discrete(r, table)))
        }
    }

    /// The probability of index `k` (`gsl_ran_discrete_pdf`). O(K) in GSL.
    public func probability(_ k: Int) -> Double {
        gsl_ran_discrete_pdf(k, storage.table)
    }
}
