import Harness
import Report
import Testing

@Suite struct MarkdownReportTests {
    static let markdown = MarkdownReport.render(FixtureResults.all())

    /// The table under a bold caption that starts with `caption`.
    func table(_ caption: String) -> [String] {
        let lines = Self.markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("**\(caption)") }) else { return [] }
        return Array(lines[(start + 2)...].prefix { $0.hasPrefix("|") })
    }

    func cells(_ row: String) -> [String] {
        row.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map {
            $0.trimmingCharacters(in: .whitespaces)
        }
    }

    @Test func summaryTablesHaveAHeaderARuleAndARowPerLabel() {
        for result in FixtureResults.all() {
            let rows = table("\(result.workload.name): hit ratio")
            #expect(rows.count == 2 + result.summaries.count, "\(result.workload.name)")
            let width = cells(rows[0]).count
            let hasChe = result.summaries.contains { $0.cheHitRatio != nil }
            #expect(width == (hasChe ? 11 : 10), "Che's column only beside LRU on Zipf")
            #expect(rows.allSatisfy { cells($0).count == width }, "every row as wide as the header")
            #expect(cells(rows[1]).allSatisfy { $0 == ":---" || $0 == "---:" })
            #expect(Set(rows.dropFirst(2).map { cells($0)[0] }) == Set(result.summaries.map(\.label)))
        }
    }

    @Test func repeatedRunsShowIntervalsAndCheBesideLRU() throws {
        let rows = table("zipf: hit ratio")
        let lru = try #require(rows.first { cells($0)[0] == "lru(1000)" })
        #expect(cells(lru)[1].hasPrefix("42.10% ± "))
        #expect(cells(lru)[2] == "42.30%")
        #expect(cells(lru)[10].contains(" ± "), "throughput interval over seeds")
        let single = try #require(table("scan-heavy: hit ratio").first { cells($0)[0] == "lru(1000)" })
        #expect(!cells(single)[1].contains("±"), "one seed, no interval")
    }

    @Test func verdictsInWordsAndLatencyTables() {
        #expect(Self.markdown.contains("- unbounded: grows ~41 B per request, never levels off"))
        #expect(Self.markdown.contains("- lru(4096): plateau at 307.3 KiB"))
        let latency = table("zipf: latency per operation")
        #expect(cells(latency[0]).contains("service p99"), "zipf models service latency")
        #expect(!cells(table("unique-ids: latency per operation")[0]).contains("service p99"))
        #expect(Self.markdown.contains("| workload | requests per run |"), "an overview across the three workloads")
    }

    /// Hit ratio and byte hit ratio are separate columns: with objects of
    /// different sizes they differ, and each shows its own figure.
    @Test func byteHitRatioColumnShowsTheByteHitRatio() throws {
        var result = FixtureResults.scanHeavy()
        result.summaries[0].byteHitRatio = 0.5
        let table = WorkloadReport(result).tables[0]
        let row = try #require(table.rows.first { $0[0] == result.summaries[0].label })
        let column = try #require(table.header.firstIndex(of: "byte hit ratio"))
        #expect(row[column] == "50.00%")
        #expect(row[try #require(table.header.firstIndex(of: "hit ratio"))] == "3.10%")
    }

    /// Each latency column shows its own percentile of the run's timings.
    @Test func latencyColumnsShowTheirPercentiles() throws {
        let result = FixtureResults.scanHeavy()
        let table = try #require(WorkloadReport(result).tables.first { $0.caption.contains("latency per operation") })
        for run in result.representativeRuns {
            let row = try #require(table.rows.first { $0[0] == run.label })
            let get = run.latency.get
            let expected = [
                ("get p50", get.p50), ("get p90", get.p90), ("get p99", get.p99), ("get p99.9", get.p999),
                ("get max", get.max), ("set p50", run.latency.set.p50), ("set p99", run.latency.set.p99),
            ]
            for (column, nanoseconds) in expected {
                let index = try #require(table.header.firstIndex(of: column))
                #expect(row[index] == Formatting.duration(nanoseconds: Double(nanoseconds)), "\(run.label) \(column)")
            }
        }
    }

    /// The terminal table's final and peak memory are the run's own two
    /// figures, in that order: a cache that rose and then shrank shows both.
    @Test func terminalTableShowsFinalThenPeakMemory() throws {
        let run = FixtureResults.run(
            "lru", capacity: 1000, seed: 1, repetition: 0, requests: 1_000_000, hitRatio: 0.5,
            memory: { $0 <= 500_000 ? 100_000 + $0 : 300_000 }, entries: { _ in 1000 }, rps: 1e7, getNs: 30,
            service: false)
        let result = FixtureResults.result(name: "shrinks", repetitions: 1, runs: [run])
        let final = Formatting.bytes(Double(run.memory.finalAllocatorBytes))
        let peak = Formatting.bytes(Double(run.memory.peakAllocatorBytes))
        #expect(final != peak)
        let row = try #require(RunTable.render(result).split(separator: "\n").first { $0.hasPrefix("lru(1000)") })
        let cells = row.split(separator: "  ", omittingEmptySubsequences: true).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        #expect(cells[2] == final && cells[3] == peak, "\(cells)")
    }

    @Test func pipesInNamesDoNotBreakTables() {
        var result = FixtureResults.scanHeavy()
        result.workload.name = "a|b"
        let markdown = MarkdownReport.render([result])
        #expect(markdown.contains("**a\\|b: hit ratio"))
    }

    @Test func csvHasOneRowPerRun() {
        let csv = RunCSV.render(FixtureResults.all())
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 1 + FixtureResults.all().map(\.runs.count).reduce(0, +))
        let columns = lines[0].split(separator: ",").count
        #expect(lines.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == columns })
    }
}
