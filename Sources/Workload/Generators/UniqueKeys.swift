import Caches
/// Request-scoped IDs: the stream under which an unbounded map never stops growing.
///
/// Without repeats every key is new. With `repeats` r > 1 the IDs come in
/// blocks of m = ⌊window / r⌋ IDs; a block is requested r times in a row
/// (id₀ … id_{m−1}, id₀ … id_{m−1}, …), so every ID is requested exactly r
/// times within r·m ≤ `window` requests and never again. IDs are scrambled
/// by `mix64` with a seed-derived offset, so keys look random and stay distinct.
public struct UniqueKeys: KeyGenerator {
    public let repeats: Int
    public let window: Int
    /// IDs per block (m).
    private let blockIDs: UInt64
    private let offset: UInt64
    /// First ID of the current block.
    private var blockBase: UInt64 = 0
    /// Position inside the block, 0 ..< r·m.
    private var blockPosition: UInt64 = 0
    /// Next ID when repeats == 1.
    private var nextID: UInt64 = 0

    /// `repeats` ≥ 1 and `window` ≥ `repeats` (checked by the spec reader).
    public init(repeats: Int = 1, window: Int = 1, seed: UInt64) {
        precondition(repeats >= 1 && window >= repeats, "validated by the spec reader")
        self.repeats = repeats
        self.window = window
        blockIDs = UInt64(window / repeats)
        offset = deriveSeed(seed, stream: 0x756e_6971)
    }

    public mutating func generate(into keys: UnsafeMutableBufferPointer<UInt64>) {
        if repeats == 1 {
            let base = nextID &+ offset
            for i in keys.indices {
                keys[i] = mix64(base &+ UInt64(truncatingIfNeeded: i))
            }
            nextID &+= UInt64(keys.count)
            return
        }
        let blockLength = blockIDs * UInt64(repeats)
        var position = blockPosition, inRound = blockPosition % blockIDs
        for i in keys.indices {
            keys[i] = mix64(blockBase &+ inRound &+ offset)
            position += 1
            inRound += 1
            if inRound == blockIDs { inRound = 0 }
            if position == blockLength {
                position = 0
                blockBase &+= blockIDs
            }
        }
        blockPosition = position
    }
}
