import Foundation
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

    /// Entries full from the start while the bytes still settle (larger
    /// values replacing small ones): the plateau begins where the bytes come
    /// within 2 % of their level, not where the entries did.
    @Test func plateauIsReachedWhenBytesLevelToo() {
        // 80 kB rising to 100 kB by request 40,000, then flat.
        let bytes = { (i: Int) in 80_000 + min(i, 40) * 500 }
        let series = (0...100).map { i in
            MemorySample(
                request: i * 1000, entries: 1000, objectBytes: 0, storageBytes: bytes(i), allocatorBytes: bytes(i),
                rssBytes: 0)
        }
        let verdict = MemoryVerdict.assess(series)
        #expect(verdict.kind == .plateau)
        #expect(verdict.plateauBytes == 100_000)
        // Within 2 % (98,000 B) from sample 36 on: 80,000 + 36 × 500.
        #expect(verdict.plateauReachedAtRequest == 36_000)
    }

    /// An unbounded map on a Zipf(0.99) stream over 100,000 keys, seen to 10
    /// requests per key: its entries follow Σᵢ (1 − e^(−pᵢ·n)), and its
    /// bytes a table that doubles (36 B a slot): saturating, the ceiling
    /// near the universe, the bytes already holding room for it.
    @Test func zipfDistinctKeysAreSaturatingNearTheUniverse() throws {
        let universe = 100_000
        var p = (1...universe).map { pow(Double($0), -0.99) }
        let total = p.reduce(0, +)
        p = p.map { $0 / total }
        let series = (0...128).map { i -> MemorySample in
            let n = Double(i) * 1e6 / 128
            let entries = Int(p.reduce(0) { $0 - expm1(-$1 * n) })
            var slots = 1024
            while slots < entries { slots *= 2 }
            return MemorySample(
                request: Int(n), entries: entries, objectBytes: entries, storageBytes: 36 * slots,
                allocatorBytes: 36 * slots, rssBytes: 0, seconds: n / 1000, hits: 0)
        }
        let verdict = MemoryVerdict.assess(series)
        #expect(verdict.kind == .saturating)
        #expect(verdict.model == .saturating)
        let ceiling = try #require(verdict.ceilingEntries)
        #expect(abs(ceiling.estimate - Double(universe)) / Double(universe) < 0.03, "\(ceiling)")
        // 2¹⁷ slots hold 100,000 entries: the bytes will not grow again.
        #expect(try #require(verdict.ceilingBytes).estimate == Double(36 << 17))
        #expect(verdict.bytesPerRequest == 0)
        #expect(verdict.fits?.first { $0.measure == "entries" }?.chosen?.model == .saturating)
    }

    @Test func squareRootGrowthIsAPowerLaw() throws {
        let verdict = MemoryVerdict.assess(series { 50_000 + Int(3000 * Double($0 * 1000).squareRoot()) })
        #expect(verdict.kind == .grows)
        #expect(verdict.model == .power)
        let exponent = try #require(verdict.exponent)
        #expect(abs(exponent.estimate - 0.5) < 0.02, "\(exponent)")
    }

    /// With request times the growth is also per second, and the budget is
    /// reached where the line says: (budget − intercept) / slope requests,
    /// at the rate the samples' times give.
    @Test func budgetIsReachedWhereTheLineCrossesIt() throws {
        let rate = 2_000.0
        let series = (0...100).map { i in
            MemorySample(
                request: i * 1000, entries: i * 25, objectBytes: 0, storageBytes: 0, allocatorBytes: 1000 + i * 40_000,
                rssBytes: 0, seconds: Double(i * 1000) / rate, hits: 0)
        }
        let budget = 64 << 20
        let verdict = MemoryVerdict.assess(series, budget: budget)
        #expect(verdict.kind == .grows && verdict.model == .linear)
        #expect(abs(try #require(verdict.requestsPerSecond) - rate) < 1e-6)
        let perSecond = try #require(verdict.bytesPerSecond)
        #expect(abs(perSecond.estimate - 40 * rate) < 1e-6)
        let forecast = try #require(verdict.budget)
        let at = (Double(budget) - 1000) / 40
        #expect(abs(try #require(forecast.atRequest) - at) < 1)
        #expect(abs(try #require(forecast.atSeconds) - at / rate) < 1e-3)
        #expect(forecast.alreadyReached == false)
        // The forecast runs from the last sample to just past the budget.
        let points = try #require(verdict.forecast)
        #expect(points.first?.atRequest == 100_000)
        #expect(try #require(points.last).atRequest >= at)
        // A budget the run already passed is the first sample above it.
        let passed = try #require(MemoryVerdict.assess(series, budget: 2_000_000).budget)
        #expect(passed.alreadyReached && passed.atRequest == 50_000)
    }

    /// A plateau never reaches a budget above it.
    @Test func plateauNeverReachesABudgetAbove() throws {
        let verdict = MemoryVerdict.assess(series { min($0, 20) * 10_000 }, budget: 1 << 30)
        #expect(verdict.kind == .plateau)
        let budget = try #require(verdict.budget)
        #expect(budget.atRequest == nil && !budget.alreadyReached)
        #expect(verdict.forecast == nil)
    }
}
