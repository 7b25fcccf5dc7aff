import Testing

@testable import Stats

/// The packed copy of GSL's alias table against GSL itself.
@Suite struct PackedAliasTableTests {
    /// The packed slot decides as GSL does — column when F = 1 or u < F,
    /// else alias, with u = word / 2³² — at the words either side of every
    /// threshold, where a rounding slip would show.
    @Test func packedThresholdsDecideAsGSLAtTheirBoundaries() {
        var thresholds: [Double] = [0, 1, 0.5, 0x1p-32, 0x1p-33, 1 - 0x1p-32, 1 - 0x1p-40, 0.1, 1.0 / 3]
        let rng = RandomSource(seed: 5)
        thresholds += (0..<10_000).map { _ in rng.uniform() }
        thresholds += (0..<1000).map { k in Double(k) / 999 }
        for threshold in thresholds {
            let slot = AliasTable.slot(threshold: threshold, alias: 7)
            #expect(slot & AliasTable.aliasMask == 7)
            let edge = (threshold * 0x1p32).rounded(.up)
            for offset in [-2.0, -1, 0, 1] {
                let word = UInt32(min(max(edge + offset, 0), 0xffff_ffff))
                let gsl = threshold == 1 || Double(word) / 4_294_967_296.0 < threshold
                #expect((UInt64(word) < slot >> 31) == gsl, "threshold \(threshold), word \(word)")
            }
        }
    }

    static let weightSets: [[Double]] = [
        [1], [0, 1], [1, 0, 0, 5], [Double](repeating: 1, count: 1000),
        (1...65_536).map { $0 % 7 == 0 ? 0 : 1 / Double($0) }, (1...(1 << 21)).map { 1 / Double($0) },
    ]

    @Test(arguments: weightSets.indices)
    func packedFillIsGSLsDraws(set: Int) throws {
        let table = try AliasTable(weights: Self.weightSets[set])
        let a = RandomSource(seed: UInt64(set)), b = RandomSource(seed: UInt64(set))
        for cut in [1, 255, 256, 257, 100_000] {
            var filled = [Int](repeating: -1, count: cut), viaGSL = filled
            filled.withUnsafeMutableBufferPointer { table.fill($0, a) { $0 } }
            viaGSL.withUnsafeMutableBufferPointer { table.fillCallingGSL($0, b) { $0 } }
            #expect(filled == viaGSL)
        }
    }
}
