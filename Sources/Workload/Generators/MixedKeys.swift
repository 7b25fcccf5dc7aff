import Stats

/// A weighted mixture of sources: a fraction weight / Σ weights of the
/// requests comes from each component, which keeps its own state.
///
/// The mix picks a component per unit (`runLength` keys: one key for
/// independent draws, a whole run for a scan) with probability ∝
/// weight / runLength, so weights are shares of requests and scans stay
/// contiguous runs rather than being interleaved request by request.
public struct MixedKeys: KeyGenerator {
    private var components: [any KeyGenerator]
    private let runLengths: [Int]
    private let picker: AliasTable
    private let rng: RandomSource
    private var current = 0
    /// Keys left in the current stretch of one component.
    private var remaining = 0
    /// A pick drawn ahead that did not extend the current stretch.
    private var pending: Int?

    /// `weights` positive, one per component (checked by the spec reader).
    public init(components: [any KeyGenerator], weights: [Double], seed: UInt64) throws(StatsError) {
        precondition(components.count == weights.count && !components.isEmpty, "validated by the spec reader")
        self.components = components
        runLengths = components.map(\.runLength)
        picker = try AliasTable(weights: zip(weights, runLengths).map { $0 / Double($1) })
        rng = RandomSource(seed: seed)
    }

    public mutating func generate(into keys: UnsafeMutableBufferPointer<UInt64>) {
        var filled = 0
        while filled < keys.count {
            if remaining == 0 {
                current = nextPick()
                remaining = runLengths[current]
                // Consecutive units of one component are generated in one call;
                // the picks are the same whatever the buffer size.
                while filled + remaining < keys.count {
                    let pick = nextPick()
                    guard pick == current else {
                        pending = pick
                        break
                    }
                    remaining += runLengths[current]
                }
            }
            let take = min(remaining, keys.count - filled)
            components[current].generate(into: UnsafeMutableBufferPointer(rebasing: keys[filled..<filled + take]))
            filled += take
            remaining -= take
        }
    }

    private mutating func nextPick() -> Int {
        defer { pending = nil }
        return pending ?? picker.sample(rng)
    }
}
