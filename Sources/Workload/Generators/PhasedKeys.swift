/// A sequence of sources, each for a number of requests: working-set shifts.
/// After the last phase the sequence starts again from the first, each source
/// continuing where it stopped.
public struct PhasedKeys: KeyGenerator {
    private var phases: [any KeyGenerator]
    private let lengths: [Int]
    private var current = 0
    private var remaining: Int

    /// One positive request count per phase (checked by the spec reader).
    public init(phases: [any KeyGenerator], lengths: [Int]) {
        precondition(phases.count == lengths.count && !phases.isEmpty && lengths.allSatisfy { $0 > 0 })
        self.phases = phases
        self.lengths = lengths
        remaining = lengths[0]
    }

    public mutating func generate(into keys: UnsafeMutableBufferPointer<UInt64>) {
        var filled = 0
        while filled < keys.count {
            if remaining == 0 {
                current = (current + 1) % phases.count
                remaining = lengths[current]
            }
            let take = min(remaining, keys.count - filled)
            phases[current].generate(into: UnsafeMutableBufferPointer(rebasing: keys[filled..<filled + take]))
            filled += take
            remaining -= take
        }
    }
}
