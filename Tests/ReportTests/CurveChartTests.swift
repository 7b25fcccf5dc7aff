import Foundation
import Harness
import Report
import Testing

/// `cachesim mrc --html`'s chart (issue 15): every resolved point of every
/// curve drawn and no unresolved one, full-simulation checks as their own
/// series, the target as a horizontal line, each policy's budget as a
/// vertical line at the capacity it buys; the page's table says the
/// answers in words.
@Suite struct CurveChartTests {
    static func set() -> CurveSet {
        var fifo = PolicyCurve(
            policy: "fifo", method: .miniature(0.1),
            points: [
                CurvePoint(capacity: 100, unresolved: "capacity × rate < 32 entries"),
                CurvePoint(capacity: 1_000, hitRatio: 0.41), CurvePoint(capacity: 10_000, hitRatio: 0.66),
                CurvePoint(capacity: 100_000, hitRatio: 0.83),
            ])
        fifo.points[2].exactHitRatio = 0.655
        fifo.points[2].expectedError = 0.01
        let lru = PolicyCurve(
            policy: "lru", method: .stackDistances,
            points: [100, 1_000, 10_000, 100_000].enumerated().map {
                CurvePoint(capacity: $1, hitRatio: [0.2, 0.45, 0.7, 0.86][$0])
            })
        var set = CurveSet(
            workload: "w", requests: 1_000_000, samplingRate: 0.1, unit: .entries, meanObjectBytes: 100,
            curves: [fifo, lru])
        set.targetHitRatio = 0.6
        set.memoryBudgetBytes = 1 << 20
        set.answers = set.answers(
            target: 0.6, capacity: nil,
            budgets: [
                "lru": (
                    10_000, EntryFootprint(entries: 4096, storageBytesPerEntry: 40, allocatorBytesPerEntry: 42), 142
                )
            ])
        return set
    }

    @Test func drawsResolvedPointsTheTargetAndTheBudget() throws {
        let chart = CurveChart.make(Self.set())
        let svg = chart.svg()
        let checker = XMLChecker(Data(svg.utf8))
        #expect(checker.parse(), "\(checker.error ?? "")")
        guard case .lines(_, let y, let series, let references) = chart.body else {
            Issue.record("a line chart")
            return
        }
        let byName = Dictionary(uniqueKeysWithValues: series.map { ($0.name, $0) })
        let fifo = try #require(byName["fifo (miniature simulation at rate 0.1)"])
        #expect(fifo.points.map(\.x) == [1_000, 10_000, 100_000], "the unresolved size is not drawn")
        #expect(fifo.points[1].low == 0.65 && fifo.points[1].high == 0.67, "the expected error as a bar")
        #expect(fifo.points[0].low == nil, "no bar without an expected error")
        #expect(byName["fifo — full simulation (--check)"]?.points.map(\.y) == [0.655])
        #expect(byName["lru (exact (stack distances))"]?.points.count == 4)
        #expect(byName["lru — full simulation (--check)"] == nil, "an exact curve needs no check series")
        let budget = try #require(byName["lru — within the memory budget"])
        #expect(budget.points.map(\.x) == [10_000, 10_000] && budget.points.last?.y == 0.7)
        #expect(budget.points.first?.y == y.scale.lower, "from the axis up to the hit ratio bought")
        #expect(references.map(\.y) == [0.6] && references.first?.role == "target")
        #expect(svg.contains("class=\"reference target\""))
        #expect(chart.summary.contains("what 1.00 MiB buys each policy"), "\(chart.summary)")
    }

    @Test func thePageSaysTheAnswers() {
        let page = CurveChart.page(Self.set())
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        // FIFO first reaches 60 % at 10,000 (1,000 falls short); LRU too.
        #expect(page.contains("<td>10k entries (66.00%; 1k entries falls short)</td>"), "\(page)")
        #expect(page.contains("<td>10k entries at 142 B per entry: 70.00%</td>"))
        #expect(page.contains("<td>less than one entry</td>"), "FIFO had no budget figure")
    }
}
