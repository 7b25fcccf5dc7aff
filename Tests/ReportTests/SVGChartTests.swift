import Caches
import Foundation
import Harness
import Report
import Testing

@Suite struct SVGChartTests {
    static let report = ComparativeReport(FixtureResults.all())

    /// Every chart of the three fixture workloads.
    static var charts: [SVGChart] { report.sections.flatMap(\.charts) }

    @Test func everyWorkloadGetsEveryChartKind() {
        let ids = Self.charts.map(\.id)
        for workload in ["zipf", "unique-ids", "scan-heavy"] {
            for kind in ["hit-ratio", "memory", "hit-ratio-over-time", "latency-get", "latency-set", "throughput"] {
                #expect(ids.contains("\(workload)-\(kind)"), "\(workload)-\(kind)")
            }
        }
        // Only zipf has a miss penalty, so only zipf models service latency.
        #expect(ids.filter { $0.hasSuffix("service-latency") } == ["zipf-service-latency"])
        // Only the unbounded maps grow, so only they get a forecast.
        #expect(
            ids.filter { $0.contains("-forecast-") } == ["zipf-forecast-unbounded", "unique-ids-forecast-unbounded"])
    }

    @Test func dataPointsMapIntoThePlotArea() {
        for chart in Self.charts {
            let area = chart.plotArea
            #expect(area.left < area.right && area.top < area.bottom)
            var points: [(Double, Double)] = []
            switch chart.body {
            case .lines(_, _, let series, let references):
                points = series.flatMap {
                    $0.points.flatMap { p in [(p.x, p.y)] + [p.low, p.high].compactMap { $0 }.map { (p.x, $0) } }
                }
                for reference in references {
                    let y = chart.position(x: 1, y: reference.y).y
                    #expect(y >= area.top - 0.5 && y <= area.bottom + 0.5, "\(chart.id): \(reference.name)")
                }
            case .categoryLines(_, _, _, let series):
                points = series.flatMap { $0.points.map { ($0.x, $0.y) } }
            case .bars(_, let bars):
                points = bars.enumerated().flatMap { index, bar in
                    [(bar.value, Double(index))] + [bar.high].compactMap { $0 }.map { ($0, Double(index)) }
                }
            }
            #expect(!points.isEmpty, "\(chart.id) draws something")
            for (x, y) in points {
                let place = chart.position(x: x, y: y)
                #expect(place.x >= area.left - 0.5 && place.x <= area.right + 0.5, "\(chart.id): x \(x) → \(place.x)")
                #expect(place.y >= area.top - 0.5 && place.y <= area.bottom + 0.5, "\(chart.id): y \(y) → \(place.y)")
            }
        }
    }

    @Test func largerValuesAreHigherAndFurtherRight() throws {
        let chart = try #require(Self.charts.first { $0.id == "unique-ids-memory" })
        let low = chart.position(x: 100_000, y: 1)
        let high = chart.position(x: 1_000_000, y: 50)
        #expect(high.x > low.x)
        #expect(high.y < low.y, "SVG y grows downwards; bigger values sit higher")
    }

    @Test func axesCarryUnitsAndTicksCoverTheData() throws {
        let memory = try #require(Self.charts.first { $0.id == "unique-ids-memory" })
        guard case .lines(let x, let y, let series, _) = memory.body else {
            Issue.record("memory is a line chart"); return
        }
        #expect(y.title.hasSuffix("(MiB)"))
        // unique-ids has arrivals (1,000 requests/s): its 2M requests span 33 minutes of virtual time.
        #expect(x.title == "virtual time (min)")
        let largest = series.flatMap(\.points).map(\.y).max()!
        #expect(y.scale.upper >= largest && y.scale.ticks.count >= 3)
        #expect(x.scale.upper >= 2_000_000 / 1_000 / 60 && x.scale.ticks.map(x.tickLabel).contains("30"))
        // scan-heavy has none: its x axis counts requests.
        let scan = try #require(Self.charts.first { $0.id == "scan-heavy-memory" })
        guard case .lines(let requests, _, _, _) = scan.body else {
            Issue.record("memory is a line chart"); return
        }
        #expect(requests.title == "requests replayed")
        #expect(requests.scale.ticks.map(requests.tickLabel).contains("500k"))

        let hits = try #require(Self.charts.first { $0.id == "zipf-hit-ratio" })
        guard case .lines(let capacity, let ratio, _, let references) = hits.body else {
            Issue.record("hit ratio is a line chart"); return
        }
        #expect(capacity.scale.kind == .log, "100 … 100,000 entries span three decades")
        #expect(capacity.title == "capacity (entries, log scale)")
        #expect(capacity.scale.ticks.map(capacity.tickLabel).contains("10k"))
        #expect(ratio.title.hasPrefix("hit ratio (%; axis ") && ratio.title.hasSuffix(" %, fitted to the data)"))
        #expect(ratio.tickLabel(0.4) == "40%")
        let drawn = FixtureResults.zipf().summaries.filter { $0.capacity != nil }.map(\.hitRatio)
        #expect(
            ratio.scale.lower <= drawn.min()! && ratio.scale.upper >= drawn.max()!, "the fitted axis holds every point")
        #expect(ratio.scale.lower > 0 || ratio.scale.upper < 1, "fitted, not 0–100 %")
        #expect(references.map(\.name).contains { $0.hasPrefix("unbounded") }, "the unbounded map is the ceiling")
        #expect(!references.contains { $0.name.hasPrefix("noop") }, "the no-op reference has no hit ratio to show")
    }

    @Test func cheIsDrawnBesideLRUAndIntervalsWhereRunsWereRepeated() throws {
        let hits = try #require(Self.charts.first { $0.id == "zipf-hit-ratio" })
        guard case .lines(_, _, let series, _) = hits.body else { Issue.record("line chart"); return }
        let che = try #require(series.first { $0.name == "lru — Che's approximation" })
        #expect(che.points.map(\.y) == [0.259, 0.423, 0.581, 0.744])
        #expect(che.style.color == PolicyPalette.style(for: "lru").color && che.dash != nil)
        let lru = try #require(series.first { $0.name == "lru" })
        #expect(lru.points.allSatisfy { p in p.low != nil && p.high != nil && p.low! < p.y && p.y < p.high! })
        let scan = try #require(Self.charts.first { $0.id == "scan-heavy-hit-ratio" })
        guard case .lines(_, _, let single, _) = scan.body else { Issue.record("line chart"); return }
        #expect(single.flatMap(\.points).allSatisfy { $0.low == nil }, "one seed: no interval to draw")
    }

    @Test func memoryLinesAreLabelledWithTheirVerdicts() throws {
        let memory = try #require(Self.charts.first { $0.id == "unique-ids-memory" })
        guard case .lines(_, _, let series, _) = memory.body else { Issue.record("line chart"); return }
        let labels = series.compactMap(\.endLabel)
        #expect(labels.contains("unbounded: grows 41 B/req"))
        #expect(labels.contains { $0.hasPrefix("lru(4096): plateau") })
        // Many runs: one line per policy, and the chart says so.
        let zipf = try #require(Self.charts.first { $0.id == "zipf-memory" })
        #expect(zipf.legend.count <= ChartSelection.maximumLines)
        #expect(zipf.summary.contains("the tables list every run"))
    }

    @Test func legendHasAnEntryPerPolicyOrRun() {
        for chart in Self.charts {
            let svg = chart.svg()
            for entry in chart.legend {
                #expect(svg.contains(">\(Markup.escape(entry.name))</text>"), "\(chart.id): legend entry \(entry.name)")
            }
            #expect(!chart.legend.isEmpty)
        }
    }

    @Test func everySVGIsWellFormedXMLWithATitle() throws {
        for chart in Self.charts {
            let svg = chart.svg()
            let checker = XMLChecker(Data(svg.utf8))
            #expect(checker.parse(), "\(chart.id): \(checker.error ?? "")")
            #expect(checker.root == "svg")
            #expect(checker.elements.contains("title") && checker.elements.contains("desc"))
        }
    }

    @Test func textIsEscaped() {
        let style = PolicyPalette.style(for: "lru")
        let chart = SVGChart(
            id: "x", title: "a <script> & \"quote\"", summary: "s",
            body: .bars(
                x: ChartAxis.count("n", values: [1]),
                bars: [ChartBar(label: "<b>evil</b>", value: 1, style: style, valueText: "1 & 2")]))
        let svg = chart.svg()
        #expect(!svg.contains("<script>") && !svg.contains("<b>"))
        #expect(svg.contains("a &lt;script&gt; &amp; &quot;quote&quot;"))
        #expect(XMLChecker(Data(svg.utf8)).parse())
    }
}

/// LRU's one-pass curve joins the hit-ratio chart, trimmed to the
/// neighbourhood of the simulated capacities.
@Suite struct LRUCurveChartTests {
    @Test func theWholeCurveIsDrawnNearTheSimulatedCapacities() throws {
        var result = FixtureResults.zipf()
        let lru = try #require(result.runs.firstIndex { $0.policy == "lru" })
        let points = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000].map {
            MissRatioPoint(capacity: $0, hitRatio: min(1, Double($0) / 1e6))
        }
        result.runs[lru].lruCurve = points
        let capacities = result.summaries.compactMap { $0.capacity.map { Double($0.limit) } }
        let drawn = HitRatioChart.lruCurve(of: result, around: capacities)
        let low = try #require(capacities.min()), high = try #require(capacities.max())
        #expect(!drawn.isEmpty)
        #expect(drawn.allSatisfy { $0.x >= low / 4 && $0.x <= high * 4 })
        #expect(
            drawn.count == points.filter { Double($0.capacity) >= low / 4 && Double($0.capacity) <= high * 4 }.count)
        let chart = try #require(HitRatioChart.make(result, id: "c"))
        #expect(chart.summary.contains("LRU's whole curve"))
        // Without a curve, nothing extra is drawn or said.
        let plain = try #require(HitRatioChart.make(FixtureResults.zipf(), id: "c"))
        #expect(!plain.summary.contains("whole curve"))
    }
}

/// The charts of format 2: forecasts and the hit ratio over time; and reports on format 1.
@Suite struct ForecastChartTests {
    /// The forecast starts where the data ends, lies inside its band, and
    /// runs up to the budget, which is drawn as a line (unique-ids: 41 B a
    /// request at 1,000 requests/s reaches 256 MiB after 1.8 h).
    @Test func forecastIsDrawnAheadOfTheDataInItsBandUpToTheBudget() throws {
        let chart = try #require(SVGChartTests.charts.first { $0.id == "unique-ids-forecast-unbounded" })
        guard case .lines(let x, let y, let series, let references) = chart.body else {
            Issue.record("a forecast is a line chart"); return
        }
        #expect(x.title == "virtual time (h)")
        #expect(y.title == "memory, allocator bytes (MiB)")
        let band = try #require(series.first { $0.fillsBand })
        let measured = try #require(series.first { $0.name == "unbounded: measured" })
        let fitted = try #require(series.first { $0.name.hasPrefix("forecast (linear fit)") })
        #expect(abs(band.points[0].x - measured.points.last!.x) < 1e-9, "the band starts at the last sample")
        for (point, line) in zip(band.points, fitted.points) {
            #expect(point.low! <= line.y && line.y <= point.high!)
        }
        let budget = try #require(references.first { $0.role == "budget" })
        #expect(budget.y == 256)
        #expect(fitted.points.last!.y >= 256 && y.scale.upper >= 256, "the forecast reaches the budget in view")
        #expect(fitted.points.last!.x >= 1.8 && x.scale.upper >= fitted.points.last!.x)
        let svg = chart.svg()
        #expect(svg.contains("<g class=\"band\"") && svg.contains("<polygon"))
        #expect(svg.contains("<g class=\"reference budget\""))
        #expect(XMLChecker(Data(svg.utf8)).parse())
    }

    /// Each window's hit ratio, at the window's end, with when the cache became warm.
    @Test func hitRatioOverTimeHasAPointPerWindowAndTheWarmPoint() throws {
        let chart = try #require(SVGChartTests.charts.first { $0.id == "zipf-hit-ratio-over-time" })
        guard case .lines(let x, let y, let series, _) = chart.body else {
            Issue.record("a line chart"); return
        }
        #expect(x.title == "virtual time (s)" && y.title == "hit ratio (%)")
        let lru = try #require(series.first { $0.name == "lru(100000)" })
        #expect(lru.points.count == 31, "32 samples: 31 windows")
        #expect(lru.points.allSatisfy { $0.y >= 0 && $0.y <= 1 })
        #expect(lru.endLabel?.hasPrefix("lru(100000): warm at ") == true)
    }

    /// A result written before format 2 still gets every chart it has data
    /// for, and verdicts in words; no forecast or hit ratio over time.
    @Test func format1ResultsStillMakeAReport() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/format-1")
        let results = try ["unique-ids", "scan-heavy"].map {
            try ExperimentResult.read(from: directory.appendingPathComponent("\($0).json").path)
        }
        let report = ComparativeReport(results)
        let ids = report.sections.flatMap(\.charts).map(\.id)
        #expect(ids.contains("unique-ids-memory") && ids.contains("scan-heavy-hit-ratio"))
        #expect(!ids.contains { $0.contains("forecast") || $0.contains("over-time") })
        #expect(
            report.sections[0].verdicts.contains {
                $0.hasPrefix("unbounded: grows ~41 B per request, never levels off (≈ 782.1 MiB after 20M requests)")
            })
        #expect(report.sections[0].warmth.isEmpty)
    }
}
