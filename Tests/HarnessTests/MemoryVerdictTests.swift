import Harness
import Testing

/// The verdict on synthetic series whose shape is known.
@Suite struct MemoryVerdictTests {
    func series(_ bytes: (Int) -> Int) -> [MemorySample] {
        (0...100).map { i in
            MemorySample(request: i * 1000, entries: bytes(i) / 40, objectBytes: 0, storageBytes: bytes(i), allocatorBytes: bytes(i), rssBytes: 0)
        }
    }

    @Test func linearGrowthIsGrowsWithItsSlope() {
        let verdict = MemoryVerdict.assess(series { 1000 + $0 * 40_000 })
        #expect(verdict.kind == .grows)
        #expect(abs(verdict.bytesPerRequest - 40) < 1e-9)
        #expect(verdict.projectedAtRequest == 1_000_000)
        #expect(abs(verdict.projectedBytes! - (1000 + 40.0 * 1_000_000)) < 1)
    }

    @Test func fillThenFlatIsPlateauFromWhereItLevelled() {
        let verdict = MemoryVerdict.assess(series { min($0, 20) * 10_000 })
        #expect(verdict.kind == .plateau)
        #expect(verdict.plateauBytes == 200_000)
        #expect(verdict.plateauReachedAtRequest == 20_000)
    }

    @Test func smallNoiseIsNotALeak() {
        // A level of 1 MB wobbling by a few hundred bytes with a slight upward drift.
        let verdict = MemoryVerdict.assess(series { 1_000_000 + ($0 % 3) * 100 + $0 })
        #expect(verdict.kind == .plateau)
    }
}
