import Harness

/// Memory over time for every run label on one shared axis (allocator bytes,
/// the series the verdict is fitted on), each line labelled with its
/// verdict; against virtual time when the workload has it, else requests.
public enum MemoryChart {
    /// At most this many points per line; longer series are thinned evenly.
    static let maximumPoints = 240

    /// `nil` when no run has a memory series. O(runs × samples).
    public static func make(_ result: ExperimentResult, id: String) -> SVGChart? {
        let (selected, note) = ChartSelection.runs(result)
        let runs = selected.filter { !$0.memory.series.isEmpty }
        guard !runs.isEmpty else { return nil }
        let all = runs.flatMap(\.memory.series)
        let (y, divisor) = ChartAxis.bytes("memory, allocator bytes", values: all.map { Double($0.allocatorBytes) })
        var clock = ChartClock(all)
        let x = clock.axis(all.map(clock.raw))
        let series = runs.map { run in
            ChartSeries(
                name: run.label, style: PolicyPalette.style(for: run.policy),
                points: thinned(run.memory.series).map {
                    ChartPoint(x: clock.x(clock.raw($0)), y: Double($0.allocatorBytes) / divisor)
                },
                endLabel:
                    "\(run.label): \(run.memory.isJudged ? VerdictText.short(run.memory.verdict) : MemoryReport.noVerdict)",
                markEveryPoint: false)
        }
        let universe = result.workload.distinctKeyLimit
        return SVGChart(
            id: id, title: "\(result.workload.name): memory over time",
            summary:
                "Allocator bytes held by each cache as \(clock.usesTime ? "virtual time passes" : "requests are replayed"). "
                + runs.map { "\($0.label): \(VerdictText.sentence($0.memory, universe: universe))" }.joined(
                    separator: "; ") + "."
                + (note.map { " " + $0 } ?? ""),
            body: .lines(x: x, y: y, series: series, references: []))
    }

    /// Every k-th sample and the last, at most `maximumPoints`.
    static func thinned<Element: Equatable>(_ series: [Element]) -> [Element] {
        guard series.count > maximumPoints else { return series }
        let stride = (series.count + maximumPoints - 1) / maximumPoints
        var kept = Swift.stride(from: 0, to: series.count, by: stride).map { series[$0] }
        if kept.last != series.last { kept.append(series[series.count - 1]) }
        return kept
    }
}
