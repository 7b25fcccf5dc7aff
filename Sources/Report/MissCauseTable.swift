import Harness

/// Why each run missed (``MissCauses``): compulsory misses every cache
/// has, misses on keys whose lifetime ran out, misses more room or a better
/// policy could win back, and misses after a trace's delete; beside the
/// expirations and evictions that caused them. Shares are of all requests,
/// so a row reads as where the miss ratio comes from.
enum MissCauseTable {
    /// The table, or `nil` when no run carries causes (results written
    /// before they existed). The `removed` column only where a trace deletes.
    static func make(_ result: ExperimentResult) -> ReportTable? {
        let runs = result.representativeRuns.filter { $0.missCauses != nil && !PolicyPalette.isReference($0.policy) }
        guard !runs.isEmpty else { return nil }
        let removes = runs.contains { $0.missCauses!.removed > 0 }
        var table = ReportTable(
            caption: "\(result.workload.name): misses by cause (share of requests)",
            columns: [
                ("run", .left), ("miss ratio", .right), ("compulsory", .right), ("expired", .right),
                ("capacity", .right),
            ] + (removes ? [("removed", .right)] : []) + [
                ("expirations", .right), ("evictions", .right),
            ])
        for run in runs {
            let causes = run.missCauses!
            let share = { (count: Int) in run.requests > 0 ? Double(count) / Double(run.requests) : 0 }
            table.rows.append(
                [
                    run.label, Formatting.percent(share(run.misses)), Formatting.percent(share(causes.compulsory)),
                    Formatting.percent(share(causes.expired)), Formatting.percent(share(causes.capacity)),
                ]
                    + (removes ? [Formatting.percent(share(causes.removed))] : []) + [
                        run.expirations.map(Formatting.grouped) ?? "–", Formatting.grouped(run.evictions),
                    ])
        }
        return table
    }

    /// Whether the terminal summary should show the table: some run can
    /// expire entries, or a trace deletes keys. Elsewhere every miss is
    /// compulsory or capacity, which the report files still show.
    static func isWorthTheTerminal(_ result: ExperimentResult) -> Bool {
        result.representativeRuns.contains { $0.expirations != nil || ($0.missCauses?.removed ?? 0) > 0 }
    }
}
