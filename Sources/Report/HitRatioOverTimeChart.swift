import Harness

/// The hit ratio of each window between memory samples, per run, as
/// virtual time passes (or requests are replayed): how each cache warms
/// up and whether it holds its level; each line labelled with when it
/// became warm.
public enum HitRatioOverTimeChart {
    /// `nil` when no drawn run has windows (results before format 2 have
    /// no hits in their series). O(runs × samples).
    public static func make(_ result: ExperimentResult, id: String) -> SVGChart? {
        let (selected, note) = ChartSelection.runs(result)
        let runs = selected.compactMap { run -> (RunResult, [WarmState.Window])? in
            let windows = WarmState.hitRatioWindows(run.memory.series)
            return windows.isEmpty ? nil : (run, windows)
        }
        guard !runs.isEmpty else { return nil }
        let samples = runs.flatMap { $0.0.memory.series }
        var clock = ChartClock(samples)
        let x = clock.axis(samples.map(clock.raw))
        let series = runs.map { run, windows in
            // Each window is drawn at its end: the sample that closes it.
            let ends = Dictionary(run.memory.series.map { ($0.request, $0) }, uniquingKeysWith: { a, _ in a })
            let points = MemoryChart.thinned(windows).compactMap { window -> ChartPoint? in
                let end = window.start.addingReportingOverflow(window.requests)
                guard !end.overflow, let sample = ends[end.partialValue] else { return nil }
                return ChartPoint(x: clock.x(clock.raw(sample)), y: window.ratio)
            }
            return ChartSeries(
                name: run.label, style: PolicyPalette.style(for: run.policy), points: points,
                endLabel: "\(run.label): \(warmLabel(run))", markEveryPoint: false)
        }
        return SVGChart(
            id: id, title: "\(result.workload.name): hit ratio over time",
            summary: "The hit ratio of each window between memory samples, for each cache, as "
                + (clock.usesTime ? "virtual time passes" : "requests are replayed")
                + "; a cache is warm from the first window after which no window falls more than the tolerance below its steady level (the second half's hit ratio). "
                + runs.map { "\($0.0.label): \(VerdictText.warm($0.0) ?? "not judged")" }.joined(separator: "; ") + "."
                + (note.map { " " + $0 } ?? ""),
            body: .lines(x: x, y: ChartAxis.percent("hit ratio"), series: series, references: []))
    }

    /// `warm at 3.9 s`, `warm at request 39k`, or the last window's ratio when not judged.
    static func warmLabel(_ run: RunResult) -> String {
        guard let warm = run.warm else { return "not judged" }
        if let seconds = warm.seconds { return "warm at \(Formatting.elapsed(seconds: seconds))" }
        return "warm at request \(Formatting.count(Double(warm.request)))"
    }
}
