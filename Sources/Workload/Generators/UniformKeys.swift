import Stats

/// Keys 0 ..< `universe`, each equally likely on every request.
public struct UniformKeys: KeyGenerator {
    public let universe: UInt64
    private let rng: RandomSource
    private let draw: UniformIntDraw

    public init(universe: UInt64, seed: UInt64) {
        precondition(universe >= 1, "validated by the spec reader")
        self.universe = universe
        rng = RandomSource(seed: seed)
        draw = UniformIntDraw(below: universe)
    }

    /// `rng.uniformInt(below: universe)` per key, its words read in blocks.
    public mutating func generate(into keys: UnsafeMutableBufferPointer<UInt64>) {
        let draw = draw
        rng.withWordReader { reader in
            for i in keys.indices {
                keys[i] = draw.next(from: &reader, wordsAfter: (keys.endIndex - 1 - i) * draw.minimumWords)
            }
        }
    }
}
