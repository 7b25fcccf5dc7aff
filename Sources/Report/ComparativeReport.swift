import Harness

/// A report over one or more results: an overview across workloads, then a
/// `WorkloadReport` section per result. `MarkdownReport` and `HTMLReport`
/// render it.
public struct ComparativeReport: Sendable {
    public var sections: [WorkloadReport]
    /// One row per result; shown when there is more than one.
    public var overview: ReportTable
    /// Every section's who-wins groups, for the summary across workloads.
    public var ranking: PolicyRanking
    /// With two or more workloads: each policy's reduction against FIFO and
    /// LRU over all workloads and sizes, and its wins; else empty.
    public var acrossTables: [ReportTable]
    /// The cumulative distributions of those reductions; empty below two workloads.
    public var acrossCharts: [SVGChart]

    /// Builds every section; results whose workload names repeat are told
    /// apart as `zipf`, `zipf (2)`. O(total runs × samples).
    public init(_ results: [ExperimentResult]) {
        var used: [String: Int] = [:]
        let compact = results.count > Self.detailedUpTo
        sections = results.map { result in
            let base = result.workload.name
            used[base, default: 0] += 1
            let count = used[base]!
            return WorkloadReport(result, name: count == 1 ? base : "\(base) (\(count))", compact: compact)
        }
        overview = ReportTable(
            caption: "Workloads in this report",
            columns: [
                ("workload", .left), ("requests per run", .right), ("runs", .right), ("seeds", .right),
                ("best hit ratio", .left), ("memory grows without bound", .left),
            ])
        for section in sections {
            let result = section.result
            let best = result.summaries.max { $0.hitRatio < $1.hitRatio }
            let growing = result.representativeRuns.filter { $0.memory.verdict.kind == .grows }.map(\.label)
            overview.rows.append([
                section.name, Formatting.grouped(result.runs.first?.requests ?? 0), String(result.runs.count),
                String(result.workload.repetitions),
                best.map { "\($0.label) \(Formatting.percent($0.hitRatio))" } ?? "–",
                growing.isEmpty ? "none" : growing.joined(separator: ", "),
            ])
        }
        let ranking = PolicyRanking(groups: sections.flatMap(\.ranking))
        self.ranking = ranking
        let workloads = Set(ranking.groups.map(\.workload)).count
        if workloads >= 2 {
            acrossTables = ["FIFO", "LRU"].compactMap { RankingTables.across(ranking, baseline: $0) }
            acrossCharts = ["FIFO", "LRU"].compactMap {
                ReductionCDFChart.make(ranking, baseline: $0, id: "across-\($0.lowercased())")
            }
        } else {
            acrossTables = []
            acrossCharts = []
        }
    }

    /// Reports over more workloads than this show each in a compact
    /// section (``WorkloadReport/isCompact``): a 200-workload sweep's page
    /// would otherwise carry some 2,400 charts.
    public static let detailedUpTo = 12

    /// The page title: `cachesim report: zipf, unique-ids, scan-heavy`, or
    /// the first names and a count past ``detailedUpTo`` workloads.
    public var title: String {
        let names = sections.map(\.name)
        guard names.count > Self.detailedUpTo else { return "cachesim report: " + names.joined(separator: ", ") }
        return "cachesim report: \(names.count) workloads (" + names.prefix(3).joined(separator: ", ") + ", …)"
    }
}
