import Foundation
import Harness
import Report
import Testing

@Suite struct HTMLReportTests {
    static let page = HTMLReport.render(FixtureResults.all())

    /// Every `<svg …>…</svg>` of the page.
    static var svgs: [String] {
        var found: [String] = []
        var rest = page[...]
        while let start = rest.range(of: "<svg "), let end = rest[start.lowerBound...].range(of: "</svg>") {
            found.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return found
    }

    @Test func everyChartIsAnInlineSVGWithATitleInAFigure() {
        let report = ComparativeReport(FixtureResults.all())
        let charts = report.acrossCharts + report.sections.flatMap(\.charts)
        #expect(Self.svgs.count == charts.count)
        // Per workload: miss ratio, hit ratio, memory, hit ratio over time,
        // latency (get, set), throughput; zipf's service latency; a forecast
        // per unbounded map; across the three workloads, the reduction's
        // distribution against FIFO and against LRU.
        #expect(Self.svgs.count == 3 * 7 + 1 + 2 + 2)
        for svg in Self.svgs {
            #expect(svg.contains("<title id="), "each chart names itself")
            #expect(XMLChecker(Data(svg.utf8)).parse(), "each chart is well-formed")
        }
        #expect(Self.page.components(separatedBy: "<figure class=\"chart\"").count - 1 == charts.count)
        #expect(
            Self.page.components(separatedBy: "<figcaption>").count - 1 == charts.count, "each chart described in words"
        )
    }

    @Test func theLegendNamesEveryPolicy() {
        for policy in ["unbounded", "lru", "fifo", "clock", "2q", "ttl(30s)", "noop"] {
            #expect(Self.page.contains("<text x=") && Self.page.contains(">\(policy)</text>"), "legend entry \(policy)")
        }
    }

    @Test func thePageIsSelfContained() {
        let page = Self.page.lowercased()
        #expect(!page.contains("http:") && !page.contains("https:") && !page.contains("://"), "no URL to fetch")
        #expect(page.components(separatedBy: "http").count - 1 == 1, "the only 'http' is the CSP's http-equiv")
        #expect(!page.contains("src="), "no images or scripts from files")
        #expect(!page.contains("<link"), "no external stylesheet")
        #expect(!page.contains("<script"), "readable without JavaScript")
        #expect(!page.contains("url("), "no CSS fetches")
        #expect(page.contains("content-security-policy") && page.contains("default-src 'none'"))
    }

    @Test func structureIsBalanced() {
        for tag in ["section", "figure", "table", "svg", "ul", "main", "body", "html"] {
            let opened = Self.page.components(separatedBy: "<\(tag)").count - 1
            let closed = Self.page.components(separatedBy: "</\(tag)>").count - 1
            #expect(opened == closed && opened > 0, "<\(tag)>: \(opened) opened, \(closed) closed")
        }
        #expect(Self.page.hasPrefix("<!DOCTYPE html>"))
    }

    @Test func verdictsAndIntervalsAreInWords() {
        #expect(Self.page.contains("unbounded: grows ~41 B per request, never levels off"))
        // At 1,000 requests/s, against its 256 MiB budget.
        #expect(Self.page.contains("40.0 KiB/s: 140.8 MiB an hour, 3.30 GiB a day at 1,000 requests/s"))
        #expect(Self.page.contains("reaches 256.0 MiB after 1.8 h (95 % interval"))
        #expect(Self.page.contains("lru(4096): plateau at 307.3 KiB (4,096 entries) from request"))
        // zipf ran three seeds: hit ratios carry their interval, and Che sits beside LRU.
        #expect(Self.page.contains("42.10% ± 0.3"), "lru(1000) mean with its 95 % interval")
        #expect(Self.page.contains("<td class=\"r\">42.30%</td>"), "Che's prediction beside it")
    }

    @Test func userTextIsEscaped() throws {
        var result = FixtureResults.uniqueIDs()
        result.workload.name = "<img src=x onerror=alert(1)>"
        let page = HTMLReport.render([result])
        #expect(!page.contains("<img"))
        #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;"))
    }

    @Test func repeatedWorkloadNamesGetDistinctSectionsAndIds() {
        let page = HTMLReport.render([FixtureResults.uniqueIDs(), FixtureResults.uniqueIDs()])
        #expect(page.contains("<section id=\"unique-ids\">") && page.contains("<section id=\"unique-ids--2-\">"))
        #expect(page.contains("id=\"unique-ids--2--memory\""))
    }

    /// Past ``ComparativeReport/detailedUpTo`` workloads each section is
    /// compact: one chart and two tables, so a sweep's page stays small.
    @Test func manyWorkloadsGetCompactSections() {
        let results = (0...ComparativeReport.detailedUpTo).map { index in
            var result = FixtureResults.scanHeavy()
            result.workload.name = "w\(index)"
            return result
        }
        let report = ComparativeReport(results)
        #expect(report.sections.allSatisfy { $0.isCompact })
        #expect(report.sections.allSatisfy { $0.charts.map(\.id) == ["\($0.name)-miss-ratio"] })
        #expect(report.sections.allSatisfy { $0.tables.count == 1 && $0.tables[0].caption.contains("who wins") })
        #expect(report.title == "cachesim report: \(results.count) workloads (w0, w1, w2, …)")
        let html = HTMLReport.render(report)
        #expect(html.components(separatedBy: "<svg ").count - 1 == results.count + report.acrossCharts.count)
        #expect(!html.contains("Memory, in words") && html.contains("Compact section"))
        let detailed = ComparativeReport(Array(results.prefix(ComparativeReport.detailedUpTo)))
        #expect(detailed.sections.allSatisfy { !$0.isCompact && $0.charts.count > 1 })
    }
}
