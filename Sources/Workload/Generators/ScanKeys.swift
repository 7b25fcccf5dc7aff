import Stats

/// Sequential scans: runs of `length` consecutive keys s, s + 1, …, s + length − 1,
/// each starting at a uniformly drawn s ∈ 0 … universe − length, like a table
/// scan over a key range. Inside a `mix` each run stays contiguous.
public struct ScanKeys: KeyGenerator {
    public let length: Int
    public let universe: UInt64
    private let rng: RandomSource
    private var start: UInt64 = 0
    /// Keys already emitted of the current run; `length` means a new run starts.
    private var emitted: Int

    /// `length` ≥ 1 and `universe` ≥ `length` (checked by the spec reader).
    public init(length: Int, universe: UInt64, seed: UInt64) {
        precondition(length >= 1 && universe >= UInt64(length), "validated by the spec reader")
        self.length = length
        self.universe = universe
        rng = RandomSource(seed: seed)
        emitted = length
    }

    public var runLength: Int { length }

    public mutating func generate(into keys: UnsafeMutableBufferPointer<UInt64>) {
        for i in keys.indices {
            if emitted == length {
                start = rng.uniformInt(below: universe - UInt64(length) + 1)
                emitted = 0
            }
            keys[i] = start + UInt64(emitted)
            emitted += 1
        }
    }
}
