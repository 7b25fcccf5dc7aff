/// A loop over `keys` keys: 0, 1, …, keys − 1, 0, 1, … — the access pattern
/// on which LRU, FIFO and CLOCK miss every request when smaller than the loop.
public struct LoopKeys: KeyGenerator {
    public let keys: UInt64
    private var position: UInt64 = 0

    public init(keys: UInt64) {
        precondition(keys >= 1, "validated by the spec reader")
        self.keys = keys
    }

    public mutating func generate(into output: UnsafeMutableBufferPointer<UInt64>) {
        var position = self.position
        for i in output.indices {
            output[i] = position
            position += 1
            if position == keys { position = 0 }
        }
        self.position = position
    }
}
