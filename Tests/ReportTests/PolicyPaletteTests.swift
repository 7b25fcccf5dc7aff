import Caches
import Report
import Testing

@Suite struct PolicyPaletteTests {
    @Test func everyRegisteredPolicyHasItsOwnStyle() {
        let policies = PolicyRegistry.all
        let styles = policies.map { PolicyPalette.style(for: $0.name) }
        #expect(Set(styles).count == styles.count, "no two registered policies share colour, dash and marker")
        let lines = styles.map { "\($0.color) \($0.dash)" }
        #expect(Set(lines).count == lines.count, "no two share colour and dash: their lines differ without markers")
        #expect(styles.allSatisfy { PolicyPalette.okabeIto.contains($0.color) })
        for (policy, style) in zip(policies, styles) {
            #expect(style.color == PolicyPalette.color(of: policy.family), "\(policy.name): its family's colour")
        }
        #expect(PolicyPalette.style(for: "lru").color == "#0072B2", "LRU, the usual fix, blue")
        #expect(PolicyPalette.style(for: "unbounded").color == "#D55E00", "the bug under study, vermillion")
        #expect(PolicyPalette.style(for: "lru").dash.isEmpty, "a family's first member is solid")
    }

    @Test func aPolicyRegisteredLaterGetsTheNextFreeStyleOfItsFamily() {
        let extra = PolicyDescriptor(name: "my-fifo", summary: "a test policy", family: .fifo) { configuration in
            FIFOCache<UInt64, Void>(capacity: configuration.capacity)
        }
        let registry = PolicyRegistry.all + [extra]
        let styles = registry.map { PolicyPalette.style(for: $0.name, among: registry) }
        #expect(Set(styles).count == styles.count)
        #expect(PolicyPalette.style(for: "my-fifo", among: registry).color == PolicyPalette.color(of: .fifo))
    }

    @Test func unknownPoliciesGetAStableStyleFromTheirName() {
        let first = PolicyPalette.style(for: "not-a-policy")
        #expect(PolicyPalette.style(for: "not-a-policy") == first)
        #expect(PolicyPalette.okabeIto.contains(first.color))
        #expect(!first.dash.isEmpty, "unknown policies are dashed, never mistaken for a solid known line")
    }

    @Test func referencePoliciesAreKnownByCapability() {
        #expect(PolicyPalette.isReference("noop"))
        #expect(!PolicyPalette.isReference("lru"))
        #expect(!PolicyPalette.isReference("not-a-policy"))
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
