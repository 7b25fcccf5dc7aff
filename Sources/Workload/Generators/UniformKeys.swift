import Stats

/// Keys 0 ..< `universe`, each equally likely on every request.
public struct UniformKeys: KeyGenerator {
    public let universe: UInt64
    private let rng: RandomSource

    public init(universe: UInt64, seed: UInt64) {
        precondition(universe >= 1, "validated by the spec reader")
        self.universe = universe
        rng = RandomSource(seed: seed)
    }

    public mutating func generate(into keys: UnsafeMutableBufferPointer<UInt64>) {
        for i in keys.indices {
            keys[i] = rng.uniformInt(below: universe)
        }
    }
}
