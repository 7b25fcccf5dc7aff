import Report
import Testing

@Suite struct PolicyPaletteTests {
    @Test func knownPoliciesKeepTheirStyleAndDifferInColourDashAndMarker() {
        #expect(PolicyPalette.style(for: "lru").color == "#0072B2")
        #expect(PolicyPalette.style(for: "unbounded").color == "#D55E00")
        let styles = PolicyPalette.knownPolicies.map(\.style)
        #expect(Set(styles.map(\.color)).count == styles.count, "each known policy its own colour")
        #expect(Set(styles.map(\.marker)).count == styles.count, "each its own marker, for greyscale")
        #expect(Set(styles.map(\.dash)).count == styles.count, "each its own dash pattern")
        #expect(styles.allSatisfy { PolicyPalette.okabeIto.contains($0.color) })
    }

    @Test func unknownPoliciesGetAStableStyleFromTheirName() {
        let first = PolicyPalette.style(for: "s3fifo")
        #expect(PolicyPalette.style(for: "s3fifo") == first)
        #expect(PolicyPalette.okabeIto.contains(first.color))
        #expect(!first.dash.isEmpty, "unknown policies are dashed, never mistaken for a solid known line")
    }

    @Test func aPolicyHasTheSameColourInEveryChartOfAReport() throws {
        let report = ComparativeReport(FixtureResults.all())
        let lruBlue = PolicyPalette.style(for: "lru").color
        var charts = 0
        for section in report.sections {
            for chart in section.charts {
                for entry in chart.legend where entry.name.hasPrefix("lru") {
                    #expect(entry.style.color == lruBlue, "\(chart.id): \(entry.name)")
                    charts += 1
                }
            }
        }
        #expect(charts >= 10)
    }
}
