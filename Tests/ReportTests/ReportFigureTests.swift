import Harness
import Report
import Testing

/// Figures that are easy to print from the wrong field, checked against
/// the run they come from.
@Suite struct ReportFigureTests {
    @Test func runsCSVCarriesEachRunsOwnCounts() throws {
        let results = FixtureResults.all()
        let rows = UntrustedNameTests.parseCSV(RunCSV.render(results))
        let header = rows[0]
        let runs = results.flatMap(\.runs)
        #expect(rows.count == 1 + runs.count)
        for (row, run) in zip(rows.dropFirst(), runs) {
            for (column, value) in [
                ("requests", run.requests), ("hits", run.hits), ("misses", run.misses), ("evictions", run.evictions),
            ] {
                let index = try #require(header.firstIndex(of: column))
                #expect(row[index] == String(value), "\(run.label) \(column)")
            }
        }
    }

    @Test func ampersandsInNamesAreEscapedInHTML() {
        var result = FixtureResults.scanHeavy()
        result.workload.name = "hits & misses"
        let html = HTMLReport.render([result])
        #expect(html.contains("hits &amp; misses") && !html.contains("hits & misses"))
    }

    /// Each cell draws the last value of its bucket.
    @Test func sparklineCellsTakeTheLastValueOfTheirBucket() {
        let alternating = (0..<16).map { Double($0 % 2) }
        #expect(Sparkline.render(alternating, width: 8) == "████████")
        #expect(Sparkline.render(alternating.reversed(), width: 8) == "▁▁▁▁▁▁▁▁")
    }
}
