import CGSL

/// Walker's alias method for sampling an index with given weights in O(1)
/// (`gsl_ran_discrete_preproc` / `gsl_ran_discrete`).
///
/// Building takes O(K) time and about 16 bytes per weight; the table is
/// immutable and shared between copies.
public struct AliasTable {
    /// Owns the GSL table and frees it.
    @usableFromInline
    final class Storage {
        @usableFromInline
        let table: UnsafeMutablePointer<gsl_ran_discrete_t>
        init(_ table: UnsafeMutablePointer<gsl_ran_discrete_t>) { self.table = table }
        deinit { gsl_ran_discrete_free(table) }
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

    /// Fills `buffer` with independent draws, converted by `transform`
    /// (one tight loop: the per-draw cost is GSL's alone). O(n).
    @inlinable
    public func fill<T>(_ buffer: UnsafeMutableBufferPointer<T>, _ rng: RandomSource, _ transform: (Int) -> T) {
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
