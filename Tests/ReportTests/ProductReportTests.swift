import Foundation
import Harness
import Testing

@testable import Report

/// The product section of the reports, over `Fixtures/products.json`: a real
/// `cachesim run` of a Zipf stream through lru at 2,000, 5,000 and 10,000 entries, Redis (2 MiB,
/// allkeys-lru, 5 samples), memcached (2 MiB) and NSCache (5,000 entries),
/// its memory series thinned to every 16th point. The figures expected are
/// read from the fixture's JSON as plain dictionaries, not through the
/// result types the reports use, so a field read wrongly shows here.
@Suite struct ProductReportTests {
    static let path = FixtureFileTests.path("products")

    /// The fixture's runs with a product, as JSON objects.
    static func productRuns() throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let runs = try #require(root["runs"] as? [[String: Any]])
        return runs.filter { $0["product"] != nil }
    }

    static func result() throws -> ExperimentResult { try ExperimentResult.read(from: path) }

    /// The rows of the Markdown table whose caption contains `caption`, as cells, header and rule dropped.
    static func rows(_ markdown: String, caption: String) -> [[String]] {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("**") && $0.contains(caption) }) else { return [] }
        return lines[(start + 4)...].prefix { $0.hasPrefix("|") }.map { row in
            row.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map {
                $0.trimmingCharacters(in: .whitespaces)
            }
        }
    }

    static func grouped(_ value: Any?) -> String { (value as? Int).map(Formatting.grouped) ?? "–" }

    @Test func theFixtureIsARealProductRun() throws {
        let runs = try Self.productRuns()
        #expect(runs.map { $0["policy"] as? String } == ["redis", "memcached", "nscache"])
        let redis = try #require(runs.first?["product"] as? [String: Any])
        #expect((redis["product"] as? String)?.hasPrefix("redis-server ") == true)
        #expect((redis["models"] as? [[String: Any]])?.map { $0["policy"] as? String } == ["lru", "redis-lru"])
    }

    @Test func theModelTableShowsEachProductBesideItsModelsAtTheEffectiveCapacity() throws {
        let markdown = MarkdownReport.render([try Self.result()])
        let rows = Self.rows(markdown, caption: "real products beside simulated policies")
        var expected: [[String]] = []
        for run in try Self.productRuns() {
            let product = try #require(run["product"] as? [String: Any])
            let client = try #require(product["client"] as? [String: Any])
            let hits = try #require(client["hits"] as? Int)
            let misses = try #require(client["misses"] as? Int)
            let ratio = Double(hits) / Double(hits + misses)
            let effective = try #require(product["effectiveEntries"] as? Double)
            for model in try #require(product["models"] as? [[String: Any]]) {
                let modelRatio = try #require(model["hitRatio"] as? Double)
                let capacity = try #require(model["capacity"] as? Int)
                #expect(capacity == Int(effective.rounded()), "the model ran at the effective capacity")
                let difference = (ratio - modelRatio) * 100
                expected.append([
                    run["label"] as! String, product["product"] as! String, Formatting.percent(ratio),
                    Formatting.grouped(Int(effective.rounded())), "\(model["policy"]!)(\(capacity))",
                    Formatting.percent(modelRatio),
                    (difference > 0 ? "+" : "") + Formatting.fixed(difference, digits: 2),
                ])
            }
        }
        #expect(rows == expected)
        // Pinned from the run itself: Redis's sampled LRU below exact LRU, the model close to it.
        #expect(
            rows.first == ["redis(2097152B)", "redis-server 7.0.15", "60.28%", "4,744", "lru(4744)", "63.67%", "-3.39"])
        #expect(rows.dropFirst().first?.suffix(3) == ["redis-lru(4744)", "59.69%", "+0.59"])
    }

    @Test func theServerTableShowsTheLimitTheCountersSideBySideAndTheVerdict() throws {
        let markdown = MarkdownReport.render([try Self.result()])
        let rows = Self.rows(markdown, caption: "capacity, counters")
        let runs = try Self.productRuns()
        #expect(rows.count == runs.count)
        for (row, run) in zip(rows, runs) {
            let product = try #require(run["product"] as? [String: Any])
            let client = try #require(product["client"] as? [String: Any])
            let server = product["server"] as? [String: Any]
            let memory = try #require(run["memory"] as? [String: Any])
            let verdict = try #require(memory["verdict"] as? [String: Any])
            let effective = try #require(product["effectiveEntries"] as? Double)
            #expect(row[0] == run["label"] as? String)
            if let limit = product["memoryLimitBytes"] as? Int {
                #expect(row[1] == Formatting.bytes(Double(limit)))
                #expect(row[3] == Formatting.bytes(Double(limit) / effective), "limit per entry")
            } else {
                #expect(row[1] == "none" && row[3] == "–")
            }
            #expect(row[2] == Formatting.grouped(Int(effective.rounded())))
            #expect(row[5] == Self.grouped(client["hits"]) && row[6] == Self.grouped(client["misses"]))
            #expect(row[7] == Self.grouped(server?["hits"]) && row[8] == Self.grouped(server?["misses"]))
            #expect(row[9] == (server == nil ? "none kept" : "agree"))
            #expect(row[10] == Self.grouped(server?["evictions"] ?? client["evictions"]))
            #expect(row[13] == Formatting.bytes(Double(memory["finalRSSBytes"] as! Int)))
            #expect(row[14] == verdict["kind"] as? String)
        }
        #expect(
            rows[0][1...9] == ["2.00 MiB", "4,744", "442 B", "100 B", "60,277", "39,723", "60,277", "39,723", "agree"])
    }

    @Test func theLatencyTableShowsTheRoundTripPercentiles() throws {
        let markdown = MarkdownReport.render([try Self.result()])
        let rows = Self.rows(markdown, caption: "products' latency per operation")
        let runs = try Self.productRuns()
        #expect(rows.count == runs.count)
        for (row, run) in zip(rows, runs) {
            let product = try #require(run["product"] as? [String: Any])
            let latency = try #require(run["latency"] as? [String: Any])
            let get = try #require(latency["get"] as? [String: Any])
            #expect(row[1] == product["address"] as? String)
            #expect(row[2] == String(product["pipeline"] as! Int))
            let percentiles = ["p50", "p90", "p99", "p999", "max"].map {
                Formatting.duration(nanoseconds: Double(get[$0] as! Int))
            }
            #expect(Array(row[3...7]) == percentiles)
        }
    }

    @Test func theChartHasABarForEachProductAndModelWithTheFixturesRatios() throws {
        let result = try Self.result()
        let chart = try #require(ProductChart.make(result, id: "products"))
        guard case .bars(_, let bars) = chart.body else {
            Issue.record("a bar chart")
            return
        }
        var expected: [(String, Double)] = []
        for run in try Self.productRuns() {
            let label = run["label"] as! String
            let product = run["product"] as! [String: Any]
            let client = product["client"] as! [String: Any]
            let hits = client["hits"] as! Int
            expected.append((label, Double(hits) / Double(hits + (client["misses"] as! Int))))
            for model in product["models"] as! [[String: Any]] {
                expected.append(("\(label) → \(model["policy"]!)(\(model["capacity"]!))", model["hitRatio"] as! Double))
            }
        }
        #expect(bars.map(\.label) == expected.map(\.0))
        #expect(bars.map(\.value) == expected.map(\.1))
        let svg = chart.svg()
        #expect(XMLChecker(Data(svg.utf8)).parse(), "well-formed")
        #expect(
            svg.contains(">redis(2097152B) → redis-lru(4744)</text>")
                && svg.contains(">59.69% (product +0.59 points)</text>"))
        let page = HTMLReport.render([result])
        #expect(page.contains("id=\"figure-products-products\""), "the chart is on the page")
        #expect(page.contains("<h3>Real products, in words</h3>"))
        #expect(
            page.contains("<td class=\"l\">redis-lru(4744)</td><td class=\"r\">59.69%</td><td class=\"r\">+0.59</td>"))
    }

    @Test func theTerminalSummaryNamesEachProductBesideItsModels() throws {
        let text = RunTable.render(try Self.result())
        #expect(text.contains("Real products beside simulated policies"))
        #expect(
            text.contains(
                "redis(2097152B) (redis-server 7.0.15): 60.28% beside lru(4744) 63.67% (-3.39 points), redis-lru(4744) 59.69% (+0.59 points); 4,744 entries in 2.00 MiB (442 B per entry); counters agree"
            ))
        #expect(text.contains("nscache(5000) (Foundation.NSCache"))
        #expect(text.contains("counters none kept"))
    }

    @Test func resultsWithoutProductsRenderAsBefore() throws {
        for result in FixtureResults.all() {
            #expect(ProductSection.tables(result).isEmpty && ProductChart.make(result, id: "x") == nil)
            let section = WorkloadReport(result)
            #expect(section.products.isEmpty)
            let ranking = RankingTables.whoWins(section.ranking, workload: section.name)
            #expect(
                section.tables
                    == [WorkloadReport.summaryTable(result)] + [ranking].compactMap { $0 }
                    + [WorkloadReport.latencyTable(result)])
            #expect(!section.charts.contains { $0.id.hasSuffix("-products") })
        }
        for text in [MarkdownReport.render(FixtureResults.all()), HTMLReport.render(FixtureResults.all())] {
            #expect(!text.contains("Real products") && !text.contains("real products"))
        }
        #expect(!FixtureResults.all().map(RunTable.render).joined().contains("Real products"))
        // The same result with its products taken out: no product section, every other part unchanged.
        var stripped = try Self.result()
        for index in stripped.runs.indices { stripped.runs[index].product = nil }
        let (with, without) = (WorkloadReport(try Self.result()), WorkloadReport(stripped))
        #expect(without.products.isEmpty && with.products.count == 3)
        #expect(
            without.tables == Array(with.tables.prefix(without.tables.count))
                && with.tables.count == without.tables.count + 3)
        #expect(without.verdicts == with.verdicts && without.warmth == with.warmth)
        #expect(without.charts.map(\.id) + ["products-products"] == with.charts.map(\.id))
    }
}
