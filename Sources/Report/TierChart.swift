import Harness

/// A tier's hit ratio over time around a node failure (a spec's
/// `"tier": {"failNode": …}`): one line per run, the hit ratio of each
/// window of requests, with the moment the node failed drawn across — the
/// dip as its keys remap to nodes that do not hold them, and the recovery
/// as those nodes warm up.
public enum TierChart {
    /// `nil` when no run of `result` has a failure series. O(runs × windows).
    public static func make(_ result: ExperimentResult, id: String) -> SVGChart? {
        let runs = result.runs.filter { ($0.tier?.series?.count ?? 0) > 1 && $0.repetition == 0 }
        guard let first = runs.first?.tier, let failedAt = first.failedAtRequest, let node = first.failNode else {
            return nil
        }
        let windows = runs.map { $0.tier!.windowHitRatios }
        let x = ChartAxis.count(
            "requests replayed", values: windows.flatMap { $0.map { Double($0.request) } } + [Double(failedAt)])
        var series = zip(runs, windows).map { run, points in
            ChartSeries(
                name: run.label, style: PolicyPalette.style(for: run.policy),
                points: points.map { ChartPoint(x: Double($0.request), y: $0.hitRatio) }, endLabel: run.label,
                markEveryPoint: false)
        }
        series.append(
            ChartSeries(
                name: "node \(node) fails", style: PolicyPalette.style(for: "noop"),
                points: [ChartPoint(x: Double(failedAt), y: 0), ChartPoint(x: Double(failedAt), y: 1)],
                endLabel: "node \(node) of \(first.nodes) fails", markEveryPoint: false, dash: "3 3"))
        let dips = runs.map { run in "\(run.label) " + (run.tier!.failureDip.map(WorkloadReport.dipText) ?? "–") }
        return SVGChart(
            id: id, title: "\(result.workload.name): Tier hit ratio over time",
            summary:
                "Hit ratio of each window of requests in a tier of \(first.nodes) nodes (\(first.hash) hash); node \(node) fails before request \(failedAt) and its keys move to the others. Just before → just after → at the end: "
                + dips.joined(separator: "; ") + ".",
            body: .lines(x: x, y: ChartAxis.percent("hit ratio per window"), series: series, references: []))
    }
}
