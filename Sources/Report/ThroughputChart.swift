import Harness

/// Requests per second of the un-timed replay per run label, as bars with
/// 95 % intervals over seeds where the runs were repeated.
public enum ThroughputChart {
    /// `nil` when the result has no summaries. O(summaries).
    public static func make(_ result: ExperimentResult, id: String) -> SVGChart? {
        guard !result.summaries.isEmpty else { return nil }
        let bars = result.summaries.map { summary in
            let half = summary.repetitions > 1 ? summary.requestsPerSecondHalfWidth : nil
            return ChartBar(
                label: summary.label, value: summary.requestsPerSecond,
                low: half.map { max(0, summary.requestsPerSecond - $0) },
                high: half.map { summary.requestsPerSecond + $0 },
                style: PolicyPalette.style(for: summary.policy), valueText: WorkloadReport.throughputText(summary),
                legendName: summary.policy)
        }
        let values = bars.map { $0.high ?? $0.value }
        return SVGChart(
            id: id, title: "\(result.workload.name): throughput",
            summary: "Requests per second of the un-timed replay (machine-dependent; compare within one report). "
                + bars.map { "\($0.label) \($0.valueText)" }.joined(separator: ", ") + ".",
            body: .bars(x: ChartAxis.count("requests per second", values: values), bars: bars))
    }
}
