import Harness
import Testing

/// The verdict on synthetic series whose shape is known.
@Suite struct MemoryVerdictTests {
    func series(_ bytes: (Int) -> Int) -> [MemorySample] {
        (0...100).map { i in
            MemorySample(
                request: i * 1000, entries: bytes(i) / 40, objectBytes: 0, storageBytes: bytes(i),
                allocatorBytes: bytes(i), rssBytes: 0)
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

    /// A table that reserved its room up front holds its bytes flat while
    /// its entries climb: still a leak.
    @Test func risingEntriesUnderFlatBytesIsGrows() {
        let series = (0...100).map { i in
            MemorySample(
                request: i * 1000, entries: i * 500, objectBytes: 0, storageBytes: 4_000_000, allocatorBytes: 4_000_000,
                rssBytes: 0)
        }
        let verdict = MemoryVerdict.assess(series)
        #expect(verdict.kind == .grows)
        // 0.5 entries per request at 4,000,000 B / 50,000 entries = 80 B each.
        #expect(abs(verdict.bytesPerRequest - 40) < 1e-6)
        #expect(verdict.measure.hasPrefix("entries"))
    }

    /// A cache whose storage was allocated when it was built plateaus when
    /// its entries do, not at request 0.
    @Test func plateauIsReachedWhenEntriesLevelToo() {
        let series = (0...100).map { i in
            MemorySample(
                request: i * 1000, entries: min(i, 10) * 100, objectBytes: 0, storageBytes: 50_000,
                allocatorBytes: 50_000, rssBytes: 0)
        }
        let verdict = MemoryVerdict.assess(series)
        #expect(verdict.kind == .plateau)
        #expect(verdict.plateauEntries == 1000)
        #expect(verdict.plateauReachedAtRequest == 10_000)
    }
}
