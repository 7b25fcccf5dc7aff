import CGSL

/// Walker's alias method for sampling an index with given weights in O(1)
/// (`gsl_ran_discrete_preproc` / `gsl_ran_discrete`).
///
/// Building takes O(K) time. `sample` calls `gsl_ran_discrete`; `fill`, the
/// bulk path, reads a packed copy of GSL's table (threshold and alias side by
/// side, 16 bytes per weight) and makes the same decisions from the same
/// uniform draws, so its output is identical to `gsl_ran_discrete`'s while a
/// draw from a large table costs one cache miss instead of two. The table is
/// immutable and shared between copies; it takes about 32 bytes per weight.
public struct AliasTable {
    /// One slot of the packed table: GSL's F[k] (already offset as
    /// (k + probability)/K, compared with the uniform draw directly) and A[k].
    @usableFromInline
    struct Slot {
        @usableFromInline var threshold: Double
        @usableFromInline var alias: Int
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
                slots[k] = Slot(threshold: table.pointee.F[k], alias: table.pointee.A[k])
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
    /// the same draws `sample` would give, from the packed table. O(n).
    @inlinable
    public func fill<T>(_ buffer: UnsafeMutableBufferPointer<T>, _ rng: RandomSource, _ transform: (Int) -> T) {
        let r = rng.rng
        let slots = storage.slots
        let count = Double(slots.count)
        // Uniforms are drawn a block ahead so the table lookups of a block are
        // independent loads the CPU overlaps (a large table misses the cache).
        withUnsafeTemporaryAllocation(of: Double.self, capacity: Self.block) { uniforms in
            var start = buffer.startIndex
            while start < buffer.endIndex {
                let n = min(Self.block, buffer.endIndex - start)
                for j in 0..<n { uniforms[j] = gsl_rng_uniform(r) }
                for j in 0..<n {
                    // gsl_ran_discrete, step by step (GSL's KNUTH_CONVENTION).
                    let u = uniforms[j]
                    let k = Int(u * count)
                    let slot = slots[k]
                    buffer[start + j] = transform(slot.threshold == 1 || u < slot.threshold ? k : slot.alias)
                }
                start += n
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
