/// A sequence of sources, each for a number of requests: working-set shifts.
/// After the last phase the sequence starts again from the first, each source
/// continuing where it stopped.
///
/// Each phase has a key space of its own: phase i's keys are offset by
/// i · 2⁴⁸ (`phaseKeyOffset`), so two Zipf or hot-set phases over the same
/// universe are still different working sets, and a return to phase 0 brings
/// its keys back.
public struct PhasedKeys: KeyGenerator {
    /// Keys of phase i are offset by i times this.
    public static let phaseKeyOffset: UInt64 = 1 << 48

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
            let slice = UnsafeMutableBufferPointer(rebasing: keys[filled..<filled + take])
            phases[current].generate(into: slice)
            if current > 0 {
                let offset = UInt64(current) &* Self.phaseKeyOffset
                for i in slice.indices { slice[i] &+= offset }
            }
            filled += take
            remaining -= take
        }
    }
}
