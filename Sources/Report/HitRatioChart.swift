import Harness

/// Hit ratio against capacity per policy — the miss-ratio curve, drawn as
/// hits — with 95 % intervals over seeds, Che's prediction beside LRU, and
/// capacity-less caches (`unbounded`) as a horizontal line: the ceiling.
/// Where the result carries LRU's one-pass curve (stack distances), the
/// whole curve is drawn beside the simulated points.
public enum HitRatioChart {
    /// `nil` when no run of `result` has a capacity. O(summaries).
    public static func make(_ result: ExperimentResult, id: String) -> SVGChart? {
        let sized = result.summaries.filter { $0.capacity != nil && !PolicyPalette.isReference($0.policy) }
        guard !sized.isEmpty else { return nil }
        // Entry capacities when there are any; byte capacities otherwise.
        let unit = sized.contains { $0.capacity?.unit == "entries" } ? "entries" : "bytes"
        let drawn = sized.filter { $0.capacity?.unit == unit }
        let capacities = drawn.map { Double($0.capacity!.limit) }
        let curvePolicy = result.runs.first { $0.lruCurve != nil }?.policy ?? "lru"
        let curve = unit == "entries" ? lruCurve(of: result, around: capacities) : []
        let scale = NiceScale.automatic(capacities + curve.map(\.x), includeZero: true)
        let isLog = scale.kind == .log
        let inBytes = unit == "bytes"
        let x = ChartAxis(title: "capacity (\(unit)\(isLog ? ", log scale" : ""))", scale: scale) { value in
            inBytes ? Formatting.bytes(value) : Formatting.count(value)
        }

        var series: [ChartSeries] = []
        let policies = Dictionary(grouping: drawn, by: \.policy).sorted {
            PolicyPalette.sortKey($0.key) < PolicyPalette.sortKey($1.key)
        }
        for (policy, summaries) in policies {
            let ordered = summaries.sorted { $0.capacity!.limit < $1.capacity!.limit }
            let style = PolicyPalette.style(for: policy)
            series.append(
                ChartSeries(
                    name: policy, style: style,
                    points: ordered.map { summary in
                        let half = summary.repetitions > 1 ? summary.hitRatioHalfWidth : nil
                        return ChartPoint(
                            x: Double(summary.capacity!.limit), y: summary.hitRatio,
                            low: half.map { max(0, summary.hitRatio - $0) },
                            high: half.map { min(1, summary.hitRatio + $0) })
                    }))
            let predicted = ordered.compactMap { s in
                s.cheHitRatio.map { ChartPoint(x: Double(s.capacity!.limit), y: $0) }
            }
            if !predicted.isEmpty {
                series.append(
                    ChartSeries(name: "\(policy) — Che's approximation", style: style, points: predicted, dash: "2 4"))
            }
        }
        if !curve.isEmpty {
            series.append(
                ChartSeries(
                    name: "\(curvePolicy) — whole curve (one pass)", style: PolicyPalette.style(for: curvePolicy),
                    points: curve,
                    dash: "8 3"))
        }
        let references = result.summaries.filter { $0.capacity == nil && !PolicyPalette.isReference($0.policy) }
            .map {
                ReferenceLine(
                    name: "\($0.label) (no capacity limit): \(Formatting.percent($0.hitRatio, digits: 1))",
                    y: $0.hitRatio,
                    style: PolicyPalette.style(for: $0.policy))
            }
        let repeated = drawn.contains { $0.repetitions > 1 }
        return SVGChart(
            id: id, title: "\(result.workload.name): hit ratio against capacity",
            summary: "Hit ratio (percent of requests served from the cache) for each policy at each capacity"
                + (repeated ? ", with 95 % intervals over seeds" : "")
                + (series.contains { $0.name.hasSuffix("Che's approximation") }
                    ? "; dotted: Che's approximation for LRU" : "")
                + (curve.isEmpty ? "" : "; long dashes: LRU's whole curve from one pass over stack distances")
                + ". " + drawn.map { "\($0.label) \(Formatting.percent($0.hitRatio))" }.joined(separator: ", ") + ".",
            body: .lines(x: x, y: ChartAxis.percent("hit ratio"), series: series, references: references))
    }

    /// LRU's one-pass curve from the first run that has one, within a
    /// factor of 4 of the simulated capacities so the chart keeps its focus.
    public static func lruCurve(of result: ExperimentResult, around capacities: [Double]) -> [ChartPoint] {
        guard let low = capacities.min(), let high = capacities.max(),
            let curve = result.runs.compactMap(\.lruCurve).max(by: { $0.count < $1.count })
        else { return [] }
        return curve.filter { Double($0.capacity) >= low / 4 && Double($0.capacity) <= high * 4 }
            .map { ChartPoint(x: Double($0.capacity), y: $0.hitRatio) }
    }
}
