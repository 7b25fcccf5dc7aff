import Foundation
import Harness
import Report
import Testing

/// The who-wins figures (issue 21) against a recomputation of its own: the
/// results are written as result.json, read back with JSONSerialization
/// (not the project's decoder), and ranked here from each run's hits and
/// requests, with Student's t from a printed table.
@Suite struct PolicyRankingTests {
    /// Two-sided 95 % Student t quantiles by degrees of freedom (any
    /// statistics textbook's table).
    static let t975: [Int: Double] = [1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365]

    struct Expected: Equatable {
        var rank: Int
        var missRatio: Double
        var pointsVsLRU: Double?
        var reductionVsLRU: Double?
        var significantVsLRU: Bool?
        var pointsVsFIFO: Double?
        var reductionVsFIFO: Double?
        var significantVsFIFO: Bool?
    }

    /// (workload, capacity, label) → the figures, from result.json files.
    static func recompute(_ files: [Data]) throws -> [String: Expected] {
        var expected: [String: Expected] = [:]
        for data in files {
            let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let workload = try #require((root["workload"] as? [String: Any])?["name"] as? String)
            let runs = try #require(root["runs"] as? [[String: Any]])
            // label → seed → miss ratio, for runs with a bounded capacity.
            var byCapacity: [String: [String: (policy: String, seeds: [UInt64: Double])]] = [:]
            for run in runs {
                guard let capacity = run["capacity"] as? [String: Any], let unit = capacity["unit"] as? String,
                    unit != "unbounded", let value = capacity["value"] as? Int
                else { continue }
                let policy = try #require(run["policy"] as? String)
                if policy == "noop" || policy == "unbounded" { continue }
                let label = try #require(run["label"] as? String)
                let hits = try #require(run["hits"] as? Int)
                let requests = try #require(run["requests"] as? Int)
                let seed = try #require((run["seed"] as? NSNumber)?.uint64Value)
                let key = "\(value) \(unit)"
                byCapacity[key, default: [:]][label, default: (policy, [:])].seeds[seed] =
                    Double(requests - hits) / Double(requests)
            }
            for (capacity, labels) in byCapacity where labels.count >= 2 {
                func mean(_ label: String) -> Double {
                    let values = labels[label]!.seeds.values
                    return values.reduce(0, +) / Double(values.count)
                }
                let lru = labels.first { $0.value.policy == "lru" }?.key
                let fifo = labels.first { $0.value.policy == "fifo" }?.key
                func significant(_ label: String, _ base: String?) -> Bool? {
                    guard let base, base != label else { return nil }
                    let seeds = labels[label]!.seeds.keys.filter { labels[base]!.seeds[$0] != nil }
                    guard seeds.count >= 2 else { return nil }
                    let d = seeds.map { labels[label]!.seeds[$0]! - labels[base]!.seeds[$0]! }
                    let n = Double(d.count)
                    let m = d.reduce(0, +) / n
                    let sd = (d.map { ($0 - m) * ($0 - m) }.reduce(0, +) / (n - 1)).squareRoot()
                    return abs(m) > Self.t975[d.count - 1]! * sd / n.squareRoot()
                }
                for label in labels.keys {
                    let mine = mean(label)
                    let rank = 1 + labels.keys.filter { mean($0) < mine }.count
                    func points(_ base: String?) -> Double? { base.map { (mine - mean($0)) * 100 } }
                    func reduction(_ base: String?) -> Double? {
                        base.flatMap { mean($0) > 0 ? (mean($0) - mine) / mean($0) : nil }
                    }
                    expected["\(workload)|\(capacity)|\(label)"] = Expected(
                        rank: rank, missRatio: mine, pointsVsLRU: points(lru), reductionVsLRU: reduction(lru),
                        significantVsLRU: significant(label, lru), pointsVsFIFO: points(fifo),
                        reductionVsFIFO: reduction(fifo), significantVsFIFO: significant(label, fifo))
                }
            }
        }
        return expected
    }

    /// wins.csv read back: (workload, capacity, label) → the figures.
    static func winsCSV(_ results: [ExperimentResult]) throws -> [String: Expected] {
        let files = ReportFiles.render(results, csv: true)
        let data = try #require(files.first { $0.name == "wins.csv" }?.contents)
        let rows = UntrustedNameTests.parseCSV(String(decoding: data, as: UTF8.self))
        let header = rows[0]
        func column(_ name: String) -> Int { header.firstIndex(of: name)! }
        var out: [String: Expected] = [:]
        for row in rows.dropFirst() {
            func number(_ name: String) -> Double? { Double(row[column(name)]) }
            func flag(_ name: String) -> Bool? { Bool(row[column(name)]) }
            let key =
                "\(row[column("workload")])|\(row[column("capacity")]) \(row[column("capacityUnit")])|\(row[column("label")])"
            out[key] = Expected(
                rank: Int(row[column("rank")])!, missRatio: number("missRatio")!, pointsVsLRU: number("pointsVsLRU"),
                reductionVsLRU: number("reductionVsLRU"), significantVsLRU: flag("significantVsLRU"),
                pointsVsFIFO: number("pointsVsFIFO"), reductionVsFIFO: number("reductionVsFIFO"),
                significantVsFIFO: flag("significantVsFIFO"))
        }
        return out
    }

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let a?, let b?): abs(a - b) <= 1e-9 * max(1, abs(a), abs(b))
        default: false
        }
    }

    func check(_ results: [ExperimentResult]) throws {
        let expected = try Self.recompute(results.map { try $0.jsonData() })
        let written = try Self.winsCSV(results)
        #expect(!expected.isEmpty)
        #expect(Set(written.keys) == Set(expected.keys), "one row per ranked policy and capacity")
        for (key, want) in expected {
            guard let got = written[key] else { continue }
            #expect(got.rank == want.rank, "\(key) rank")
            #expect(
                Self.close(got.missRatio, want.missRatio), "\(key) miss ratio \(got.missRatio) vs \(want.missRatio)")
            #expect(Self.close(got.pointsVsLRU, want.pointsVsLRU) && Self.close(got.pointsVsFIFO, want.pointsVsFIFO))
            #expect(
                Self.close(got.reductionVsLRU, want.reductionVsLRU)
                    && Self.close(got.reductionVsFIFO, want.reductionVsFIFO), "\(key) reductions")
            #expect(
                got.significantVsLRU == want.significantVsLRU && got.significantVsFIFO == want.significantVsFIFO,
                "\(key) significance")
        }
    }

    @Test func winsCSVEqualsARecomputationFromResultJSON() throws {
        try check(FixtureResults.all())
    }

    /// Seeds whose differences straddle 0 (not significant) beside seeds
    /// that differ every time by the same amount (significant), and a tie.
    static func noisy() -> ExperimentResult {
        let hitRatios: [(String, [Double])] = [
            ("lru", [0.700, 0.690, 0.680]), ("fifo", [0.695, 0.700, 0.665]), ("clock", [0.710, 0.700, 0.690]),
            ("sieve", [0.700, 0.690, 0.680]),
        ]
        var runs: [RunResult] = []
        for (policy, ratios) in hitRatios {
            for (repetition, ratio) in ratios.enumerated() {
                runs.append(
                    FixtureResults.run(
                        policy, capacity: 1000, seed: UInt64(40 + repetition), repetition: repetition,
                        requests: 200_000, hitRatio: ratio, memory: { _ in 80_000 }, entries: { _ in 1000 },
                        rps: 1e7, getNs: 30, service: false))
            }
        }
        return FixtureResults.result(name: "noisy", repetitions: 3, runs: runs)
    }

    @Test func significanceFollowsPairedSeedsAndTiesShareARank() throws {
        let result = Self.noisy()
        try check([result, FixtureResults.scanHeavy()])
        let group = try #require(PolicyRanking([(name: "noisy", result: result)]).groups.first)
        let entries = Dictionary(uniqueKeysWithValues: group.entries.map { ($0.policy, $0) })
        #expect(entries["clock"]?.rank == 1 && entries["lru"]?.rank == 2 && entries["sieve"]?.rank == 2)
        #expect(entries["fifo"]?.rank == 4)
        #expect(entries["clock"]?.lru?.significant == true, "1 point fewer misses at every seed")
        #expect(entries["fifo"]?.lru?.significant == false, "differences of +0.5, −1.0, +1.5 points straddle 0")
        #expect(entries["lru"]?.lru?.significant == nil, "the baseline is not tested against itself")
        let table = try #require(RankingTables.whoWins([group], workload: "noisy"))
        #expect(table.highlighted == [0], "the best row highlighted")
        #expect(table.rows[0][2] == "clock(1000)" && table.rows[0][4] == "−1.00")
        #expect(MarkdownReport.render([result]).contains("| **1,000** | **1** | **clock(1000)** |"))
        #expect(HTMLReport.render([result]).components(separatedBy: "<tr class=\"best\">").count - 1 == 1)
    }

    @Test func memoryVerdictsAreATableAndLongListsFold() throws {
        let zipf = WorkloadReport(FixtureResults.zipf())
        let judged = FixtureResults.zipf().representativeRuns.filter { $0.policy != "noop" }
        #expect(zipf.memoryTable.rows.map { $0[0] } == judged.map(\.label), "a row per run, the no-op aside")
        #expect(zipf.memoryTable.rows.first { $0[0] == "unbounded" }?[1] == "grows")
        let long = MarkdownReport.render([FixtureResults.zipf()])
        #expect(long.contains("<details><summary>Memory, in words (\(zipf.verdicts.count) sentences)</summary>"))
        #expect(!long.contains("**Memory, in words**"))
        #expect(HTMLReport.render([FixtureResults.zipf()]).contains("<details><summary>Memory, in words ("))
        let short = MarkdownReport.render([Self.noisy()])
        #expect(short.contains("**Memory, in words**") && !short.contains("<details>"), "four runs stay open")
    }

    @Test func acrossWorkloadsSpreadsAndWins() throws {
        let results = FixtureResults.all() + [Self.noisy()]
        let report = ComparativeReport(results)
        let spreads = report.ranking.spreads(against: \.fifo)
        let written = try Self.winsCSV(results)
        for spread in spreads {
            let rows = written.filter { $0.key.split(separator: "|")[2].hasPrefix(spread.series + "(") }
            #expect(spread.groups == rows.count, "\(spread.series)")
            #expect(spread.wins == rows.filter { $0.value.rank == 1 }.count, "\(spread.series) wins")
            #expect(spread.reductions == rows.compactMap(\.value.reductionVsFIFO).sorted())
        }
        // across.csv: the same spreads, a row per series with a reduction.
        let across = try #require(ReportFiles.render(results, csv: true).first { $0.name == "across.csv" })
        let rows = UntrustedNameTests.parseCSV(String(decoding: across.contents, as: UTF8.self))
        let fifoRows = rows.dropFirst().filter { $0[0] == "FIFO" }
        #expect(fifoRows.map { $0[1] } == spreads.filter { !$0.reductions.isEmpty }.map(\.series))
        for row in fifoRows {
            let spread = try #require(spreads.first { $0.series == row[1] })
            #expect(Int(row[4]) == spread.wins && Double(row[9]) == spread.quantile(0.5))
            #expect(Int(row[6]) == spread.reductions.filter { $0 > 0 }.count)
        }
        let spread = PolicyRanking.Spread(series: "x", policy: "x", reductions: [0, 1, 2, 3], groups: 4, wins: 0)
        #expect(spread.quantile(0.25) == 0.75 && spread.quantile(0.5) == 1.5 && spread.quantile(1) == 3)
        #expect(report.acrossTables.count == 2, "against FIFO and against LRU")
        #expect(report.acrossCharts.count == 2)
        let markdown = MarkdownReport.render(report)
        #expect(markdown.contains("## Across workloads"))
        #expect(ComparativeReport([Self.noisy()]).acrossTables.isEmpty, "one workload has no summary")
    }
}
