import Stats

/// A hot set: a fraction `hotRequests` of requests go, uniformly, to the
/// first ⌈`hotKeys` · universe⌉ keys; the rest go uniformly to the others.
public struct HotsetKeys: KeyGenerator {
    public let universe: UInt64
    /// Number of hot keys: keys 0 ..< hotCount are hot.
    public let hotCount: UInt64
    public let hotRequests: Double
    private let rng: RandomSource
    private let hotDraw: UniformIntDraw
    /// Draws among the cold keys; nil when every key is hot.
    private let coldDraw: UniformIntDraw?

    /// `hotKeys` and `hotRequests` in (0, 1]; hot count at least 1 and, when
    /// some requests are cold, at most universe − 1.
    public init(universe: UInt64, hotKeys: Double, hotRequests: Double, seed: UInt64) {
        precondition(universe >= 1, "validated by the spec reader")
        self.universe = universe
        let hot = UInt64((hotKeys * Double(universe)).rounded(.up))
        hotCount = min(max(hot, 1), hotRequests < 1 ? max(universe - 1, 1) : universe)
        self.hotRequests = hotRequests
        rng = RandomSource(seed: seed)
        hotDraw = UniformIntDraw(below: hotCount)
        coldDraw = universe > hotCount ? UniformIntDraw(below: universe - hotCount) : nil
    }

    /// Per key, `rng.uniform()` picks hot or cold (drawn even when every key
    /// is hot), then `rng.uniformInt(below:)` the key among those; the words
    /// are read in blocks.
    public mutating func generate(into keys: UnsafeMutableBufferPointer<UInt64>) {
        let hotDraw = hotDraw, coldDraw = coldDraw, hotCount = hotCount, hotRequests = hotRequests
        let wordsPerKey = 1 + min(hotDraw.minimumWords, coldDraw?.minimumWords ?? hotDraw.minimumWords)
        rng.withWordReader { reader in
            for i in keys.indices {
                let wordsAfter = (keys.endIndex - 1 - i) * wordsPerKey
                let isHot = reader.uniform(atLeast: wordsPerKey + wordsAfter) < hotRequests
                if isHot || coldDraw == nil {
                    keys[i] = hotDraw.next(from: &reader, wordsAfter: wordsAfter)
                } else {
                    keys[i] = hotCount + coldDraw!.next(from: &reader, wordsAfter: wordsAfter)
                }
            }
        }
    }
}
