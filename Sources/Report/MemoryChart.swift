import Harness

/// Memory over time for every run label on one shared axis (allocator bytes,
/// the series the verdict is fitted on), each line labelled with its verdict.
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
        let x = ChartAxis.count("requests replayed", values: all.map { Double($0.request) })
        let series = runs.map { run in
            ChartSeries(
                name: run.label, style: PolicyPalette.style(for: run.policy),
                points: thinned(run.memory.series).map {
                    ChartPoint(x: Double($0.request), y: Double($0.allocatorBytes) / divisor)
                },
                endLabel:
                    "\(run.label): \(run.memory.isJudged ? shortVerdict(run.memory.verdict) : MemoryReport.noVerdict)",
                markEveryPoint: false)
        }
        return SVGChart(
            id: id, title: "\(result.workload.name): memory over time",
            summary: "Allocator bytes held by each cache as requests are replayed. "
                + runs.map { "\($0.label): \($0.memory.verdict.summary)" }.joined(separator: "; ") + "."
                + (note.map { " " + $0 } ?? ""),
            body: .lines(x: x, y: y, series: series, references: []))
    }

    /// `grows 41 B/req` or `plateau 0.30 MiB`: the verdict at a line's end.
    public static func shortVerdict(_ verdict: MemoryVerdict) -> String {
        switch verdict.kind {
        case .grows: return "grows \(Formatting.bytes(verdict.bytesPerRequest))/req"
        case .plateau: return "plateau \(Formatting.bytes(verdict.plateauBytes ?? 0))"
        }
    }

    /// Every k-th sample and the last, at most `maximumPoints`.
    static func thinned(_ series: [MemorySample]) -> [MemorySample] {
        guard series.count > maximumPoints else { return series }
        let stride = (series.count + maximumPoints - 1) / maximumPoints
        var kept = Swift.stride(from: 0, to: series.count, by: stride).map { series[$0] }
        if kept.last != series.last { kept.append(series[series.count - 1]) }
        return kept
    }
}
