import Harness

/// Across workloads and capacities, the distribution of each policy's
/// miss-ratio reduction relative to a baseline, drawn as the S3-FIFO and
/// SIEVE papers draw it over their traces: a cumulative distribution, one
/// line per policy, x the reduction, y the share of (workload, capacity)
/// points at or below it. A line further right is better; where it crosses
/// 0 says how often the policy loses to the baseline.
public enum ReductionCDFChart {
    /// `nil` when no series has a reduction against `baseline` (`"FIFO"`
    /// or `"LRU"`). O(entries log entries).
    public static func make(_ ranking: PolicyRanking, baseline: String, id: String) -> SVGChart? {
        let spreads = ranking.spreads(against: baseline == "LRU" ? \.lru : \.fifo)
            .filter { !$0.reductions.isEmpty && $0.series.lowercased() != baseline.lowercased() }
        guard !spreads.isEmpty else { return nil }
        let values: [Double] = spreads.flatMap { $0.reductions.map { $0 * 100 } } + [0]
        let scale = NiceScale(linear: values, includeZero: true)
        let decimals = scale.tickDecimals
        let x = ChartAxis(title: "miss-ratio reduction relative to \(baseline) (%)", scale: scale) {
            Formatting.fixed($0, digits: decimals) + "%"
        }
        let series = spreads.map { spread in
            let count = Double(spread.reductions.count)
            let style =
                spread.series == spread.policy
                ? PolicyPalette.style(for: spread.policy) : PolicyPalette.style(for: spread.series)
            return ChartSeries(
                name: spread.series, style: style,
                points: spread.reductions.enumerated().map { ChartPoint(x: $1 * 100, y: Double($0 + 1) / count) },
                endLabel: spread.series, markEveryPoint: spread.reductions.count <= 40)
        }
        let medians = spreads.map { "\($0.series) \(Formatting.fixed(($0.quantile(0.5) ?? 0) * 100, digits: 1)) %" }
        return SVGChart(
            id: id,
            title: "Across workloads: miss-ratio reduction relative to \(baseline), cumulative distribution",
            summary:
                "For each policy, the share of (workload, capacity) points whose miss-ratio reduction relative to \(baseline) "
                + "is at or below x; right of 0 is fewer misses than \(baseline). Medians: "
                + medians.joined(separator: ", ") + ".",
            body: .lines(x: x, y: ChartAxis.percent("share of points at or below"), series: series, references: []))
    }
}
