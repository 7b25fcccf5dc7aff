import Caches
import Harness

/// The tables and CSV files of a ``PolicyRanking``: who wins at each size
/// of one workload, and how each policy fares across all of them.
public enum RankingTables {
    /// `workload`'s groups as one table: per capacity, the policies from
    /// best to worst, the best row highlighted. `nil` without a group.
    public static func whoWins(_ groups: [PolicyRanking.Group], workload: String) -> ReportTable? {
        guard !groups.isEmpty else { return nil }
        let seeds = groups.contains { $0.entries.contains { $0.seeds > 1 } }
        let hasLRU = groups.contains { $0.entries.contains { $0.lru != nil } }
        let hasFIFO = groups.contains { $0.entries.contains { $0.fifo != nil } }
        var columns: [(String, ReportTable.Alignment)] = [
            ("capacity", .right), ("rank", .right), ("run", .left), ("miss ratio", .right),
        ]
        for (name, present) in [("LRU", hasLRU), ("FIFO", hasFIFO)] where present {
            columns += [("vs \(name) (points)", .right), ("reduction vs \(name)", .right)]
            if seeds { columns.append(("differs from \(name) (95 %)", .left)) }
        }
        var table = ReportTable(
            caption:
                "\(workload): who wins at each capacity — ranked by miss ratio; points: the policy's miss ratio minus "
                + "the baseline's (negative is fewer misses); reduction: (baseline − policy) / baseline (positive is fewer misses)"
                + (seeds ? "; differs: the 95 % interval of the per-seed difference excludes 0" : ""),
            columns: columns)
        for group in groups {
            for entry in group.entries {
                var row = [
                    capacityText(group.capacity), String(entry.rank), entry.label, Formatting.percent(entry.missRatio),
                ]
                for (distance, present) in [(entry.lru, hasLRU), (entry.fifo, hasFIFO)] where present {
                    row += [
                        distance.map { signed($0.points, digits: 2) } ?? "–",
                        distance.flatMap(\.reduction).map { signed($0 * 100, digits: 1) + " %" } ?? "–",
                    ]
                    if seeds { row.append(distance.flatMap(\.significant).map { $0 ? "yes" : "no" } ?? "–") }
                }
                if entry.isBest { table.highlighted.insert(table.rows.count) }
                table.rows.append(row)
            }
        }
        return table
    }

    /// Per series across every group: the spread of its reduction against
    /// `baseline` (`"FIFO"` or `"LRU"`) and its wins. `nil` when no group
    /// has that baseline.
    public static func across(_ ranking: PolicyRanking, baseline: String) -> ReportTable? {
        let spreads = ranking.spreads(against: baseline == "LRU" ? \.lru : \.fifo)
        guard spreads.contains(where: { !$0.reductions.isEmpty }) else { return nil }
        let workloads = Set(ranking.groups.map(\.workload)).count
        var table = ReportTable(
            caption:
                "Across \(workloads) workloads and \(ranking.groups.count) capacities: miss-ratio reduction relative to \(baseline) "
                + "((\(baseline) − policy) / \(baseline); positive is fewer misses), and how often each policy ranked first",
            columns: [
                ("policy", .left), ("capacities", .right), ("ranked first", .right),
                ("better than \(baseline)", .right), ("min", .right), ("p25", .right), ("median", .right),
                ("p75", .right), ("max", .right),
            ])
        let most = spreads.map(\.wins).max() ?? 0
        for spread in spreads {
            let better = spread.reductions.filter { $0 > 0 }.count
            let figures = [0, 0.25, 0.5, 0.75, 1].map { p in
                spread.quantile(p).map { signed($0 * 100, digits: 1) + " %" } ?? "–"
            }
            if most > 0 && spread.wins == most { table.highlighted.insert(table.rows.count) }
            table.rows.append(
                [
                    spread.series, String(spread.groups), String(spread.wins),
                    spread.reductions.isEmpty ? "–" : "\(better) of \(spread.reductions.count)",
                ] + figures)
        }
        return table
    }

    /// `wins.csv`: one row per policy and capacity of every workload,
    /// figures unrounded, for spreadsheets and pandas.
    public static func csv(_ ranking: PolicyRanking) -> String {
        var out =
            "workload,capacity,capacityUnit,rank,label,series,policy,seeds,missRatio,"
            + "pointsVsLRU,reductionVsLRU,significantVsLRU,pointsVsFIFO,reductionVsFIFO,significantVsFIFO\n"
        for group in ranking.groups {
            for entry in group.entries {
                var fields = [
                    group.workload, String(group.capacity.limit), group.capacity.unit, String(entry.rank), entry.label,
                    entry.series, entry.policy, String(entry.seeds), String(entry.missRatio),
                ]
                for distance in [entry.lru, entry.fifo] {
                    fields += [
                        distance.map { String($0.points) } ?? "", distance?.reduction.map { String($0) } ?? "",
                        distance?.significant.map { String($0) } ?? "",
                    ]
                }
                out += fields.map(CSVField.escape).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// `across.csv`: per baseline (FIFO, LRU) and series, the spread of
    /// the relative miss-ratio reduction over every workload and capacity
    /// (quantiles as ``PolicyRanking/Spread/quantile(_:)``), unrounded.
    public static func acrossCSV(_ ranking: PolicyRanking) -> String {
        var out =
            "baseline,series,policy,capacities,rankedFirst,comparisons,betterThanBaseline,min,p25,median,p75,max\n"
        for (baseline, path) in [("FIFO", \PolicyRanking.Entry.fifo), ("LRU", \PolicyRanking.Entry.lru)] {
            for spread in ranking.spreads(against: path) where !spread.reductions.isEmpty {
                let quantiles = [0, 0.25, 0.5, 0.75, 1].map { spread.quantile($0).map { String($0) } ?? "" }
                let fields =
                    [
                        baseline, spread.series, spread.policy, String(spread.groups), String(spread.wins),
                        String(spread.reductions.count), String(spread.reductions.filter { $0 > 0 }.count),
                    ] + quantiles
                out += fields.map(CSVField.escape).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// `4,000` entries or `64 MiB`.
    static func capacityText(_ capacity: Capacity) -> String {
        capacity.unit == "bytes" ? Formatting.bytes(Double(capacity.limit)) : Formatting.grouped(capacity.limit)
    }

    /// `+1.23`, `−0.40` (a real minus sign), `0.00`.
    static func signed(_ value: Double, digits: Int) -> String {
        let text = Formatting.fixed(abs(value), digits: digits)
        if text == Formatting.fixed(0, digits: digits) { return text }
        return (value < 0 ? "−" : "+") + text
    }
}
