/// An endless source of keys, filled chunk by chunk.
///
/// Implementations keep their position between calls, so the keys produced do
/// not depend on how the output is cut into buffers.
public protocol KeyGenerator {
    /// Writes the next `keys.count` keys into `keys`. O(keys.count).
    mutating func generate(into keys: UnsafeMutableBufferPointer<UInt64>)

    /// How many keys make one unit of this source inside a `mix`: a mix
    /// emits whole units contiguously (a scan's run), never interleaved.
    var runLength: Int { get }
}

extension KeyGenerator {
    /// Independent draws: a unit is one key.
    public var runLength: Int { 1 }

    /// The next `count` keys as an array (convenience for tests and tools). O(count).
    public mutating func next(_ count: Int) -> [UInt64] {
        var keys = [UInt64](repeating: 0, count: count)
        keys.withUnsafeMutableBufferPointer { generate(into: $0) }
        return keys
    }
}
