import Stats

/// A hot set: a fraction `hotRequests` of requests go, uniformly, to the
/// first ⌈`hotKeys` · universe⌉ keys; the rest go uniformly to the others.
public struct HotsetKeys: KeyGenerator {
    public let universe: UInt64
    /// Number of hot keys: keys 0 ..< hotCount are hot.
    public let hotCount: UInt64
    public let hotRequests: Double
    private let rng: RandomSource

    /// `hotKeys` and `hotRequests` in (0, 1]; hot count at least 1 and, when
    /// some requests are cold, at most universe − 1.
    public init(universe: UInt64, hotKeys: Double, hotRequests: Double, seed: UInt64) {
        precondition(universe >= 1, "validated by the spec reader")
        self.universe = universe
        let hot = UInt64((hotKeys * Double(universe)).rounded(.up))
        hotCount = min(max(hot, 1), hotRequests < 1 ? max(universe - 1, 1) : universe)
        self.hotRequests = hotRequests
        rng = RandomSource(seed: seed)
    }

    public mutating func generate(into keys: UnsafeMutableBufferPointer<UInt64>) {
        let coldCount = universe - hotCount
        for i in keys.indices {
            if rng.uniform() < hotRequests || coldCount == 0 {
                keys[i] = rng.uniformInt(below: hotCount)
            } else {
                keys[i] = hotCount + rng.uniformInt(below: coldCount)
            }
        }
    }
}
