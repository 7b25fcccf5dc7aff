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
    /// Picks drawn ahead, in order, and how many of them are used: the
    /// picker's source serves nothing else, so drawing them a block at a
    /// time leaves the sequence of picks unchanged.
    private var picks = [Int32](repeating: 0, count: pickBlock)
    private var picksUsed = pickBlock
    /// The component of the current unit, and its keys still to come.
    private var current = 0
    private var remaining = 0

    /// `weights` positive, one per component (checked by the spec reader).
    public init(components: [any KeyGenerator], weights: [Double], seed: UInt64) throws(StatsError) {
        precondition(components.count == weights.count && !components.isEmpty, "validated by the spec reader")
        precondition(components.count <= Int(Int32.max), "a component index is an Int32")
        self.components = components
        runLengths = components.map(\.runLength)
        picker = try AliasTable(weights: zip(weights, runLengths).map { $0 / Double($1) })
        rng = RandomSource(seed: seed)
    }

    /// Keys are placed a piece at a time: the owner of every key of the
    /// piece is planned from the picks, each component generates its share
    /// of the piece in one call, and the shares are dealt out in key order.
    /// A component's keys come out in its own order however they are cut, so
    /// the stream is the one a call per unit would give, at a call per
    /// component and piece.
    public mutating func generate(into keys: UnsafeMutableBufferPointer<UInt64>) {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: Self.piece) { owners in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.piece) { shares in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: components.count) { cursors in
                    var placed = keys.startIndex
                    while placed < keys.endIndex {
                        let n = min(Self.piece, keys.endIndex - placed)
                        let piece = UnsafeMutableBufferPointer(rebasing: keys[placed..<placed + n])
                        if plan(UnsafeMutableBufferPointer(rebasing: owners[0..<n])) {
                            deal(piece, owners: UnsafeBufferPointer(rebasing: owners[0..<n]), shares, cursors)
                        } else {
                            components[Int(owners[0])].generate(into: piece)
                        }
                        placed += n
                    }
                }
            }
        }
    }

    /// Keys generated and dealt at a time.
    private static let piece = 4096

    /// Picks drawn at a time.
    private static let pickBlock = 1024

    /// Writes the component of each next key into `owners`; whether more
    /// than one component owns them.
    private mutating func plan(_ owners: UnsafeMutableBufferPointer<Int32>) -> Bool {
        var planned = 0
        while planned < owners.count {
            if remaining == 0 {
                current = nextPick()
                remaining = runLengths[current]
            }
            let take = min(remaining, owners.count - planned)
            UnsafeMutableBufferPointer(rebasing: owners[planned..<planned + take]).update(repeating: Int32(current))
            planned += take
            remaining -= take
        }
        return owners.contains { $0 != owners[0] }
    }

    /// The next pick (`picker.sample(rng)`, drawn a block at a time).
    private mutating func nextPick() -> Int {
        if picksUsed == picks.count {
            picks.withUnsafeMutableBufferPointer { picker.fill($0, rng) { Int32($0) } }
            picksUsed = 0
        }
        defer { picksUsed += 1 }
        return Int(picks[picksUsed])
    }

    /// Fills `piece`, whose key i belongs to component `owners[i]`: each
    /// component's keys generated in one call into `shares`, then dealt.
    private mutating func deal(
        _ piece: UnsafeMutableBufferPointer<UInt64>, owners: UnsafeBufferPointer<Int32>,
        _ shares: UnsafeMutableBufferPointer<UInt64>, _ cursors: UnsafeMutableBufferPointer<Int>
    ) {
        cursors.update(repeating: 0)
        for owner in owners { cursors[Int(owner)] += 1 }
        var offset = 0
        for c in cursors.indices {
            let length = cursors[c]
            cursors[c] = offset
            if length > 0 {
                components[c].generate(into: UnsafeMutableBufferPointer(rebasing: shares[offset..<offset + length]))
            }
            offset += length
        }
        for i in piece.indices {
            let owner = Int(owners[i])
            piece[i] = shares[cursors[owner]]
            cursors[owner] += 1
        }
    }
}
