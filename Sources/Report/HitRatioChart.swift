import Foundation
import Harness

/// Hit ratio against capacity per policy — the miss-ratio curve, drawn as
/// hits — with 95 % intervals over seeds, Che's prediction beside LRU, and
/// capacity-less caches (`unbounded`) as a horizontal line: the ceiling.
/// Where the result carries LRU's one-pass curve (stack distances), the
/// whole curve is drawn beside the simulated points.
///
/// The y axis is fitted to what is drawn, not 0–100 %: eight policies
/// between 71 % and 94 % would otherwise share one band, and the 1–3
/// points that decide between them would not show. The axis title says
/// where it starts. ``MissRatioChart`` draws the same figures as misses.
public enum HitRatioChart {
    /// Which ratio the y axis shows.
    public enum View: Sendable {
        /// Hits over requests, the axis fitted to the data.
        case hit
        /// Misses over requests, on a log axis when they span a decade or more.
        case miss
    }

    /// `nil` when no run of `result` has a capacity. O(summaries).
    public static func make(_ result: ExperimentResult, id: String, view: View = .hit) -> SVGChart? {
        let sized = result.summaries.filter { $0.capacity != nil && !PolicyPalette.isReference($0.policy) }
        guard !sized.isEmpty else { return nil }
        // Entry capacities when there are any; byte capacities otherwise.
        let unit = sized.contains { $0.capacity?.unit == "entries" } ? "entries" : "bytes"
        let drawn = sized.filter { $0.capacity?.unit == unit }
        let capacities = drawn.map { Double($0.capacity!.limit) }
        let curvePolicy = result.runs.first { $0.lruCurve != nil }?.policy ?? "lru"
        let curve = unit == "entries" ? lruCurve(of: result, around: capacities) : []
        // Every policy's curve the spec asked for, in the points' unit.
        let policyCurves = result.curves.flatMap { $0.unit.rawValue == unit ? $0 : nil }?.curves ?? []
        let curvePoints = policyCurves.flatMap { $0.resolved.map { Double($0.capacity) } }
        let scale = NiceScale.automatic(capacities + curve.map(\.x) + curvePoints, includeZero: true)
        let isLog = scale.kind == .log
        let inBytes = unit == "bytes"
        let x = ChartAxis(title: "capacity (\(unit)\(isLog ? ", log scale" : ""))", scale: scale) { value in
            inBytes ? Formatting.bytes(value) : Formatting.count(value)
        }

        var series: [ChartSeries] = []
        let policies = Dictionary(grouping: drawn, by: \.policy).sorted {
            PolicyPalette.sortKey($0.key) < PolicyPalette.sortKey($1.key)
        }
        let miss = view == .miss
        // A hit ratio as the view shows it.
        func shown(_ hitRatio: Double) -> Double { miss ? 1 - hitRatio : hitRatio }
        for (policy, summaries) in policies {
            let ordered = summaries.sorted { $0.capacity!.limit < $1.capacity!.limit }
            let style = PolicyPalette.style(for: policy)
            series.append(
                ChartSeries(
                    name: policy, style: style,
                    points: ordered.map { summary in
                        let half = summary.repetitions > 1 ? summary.hitRatioHalfWidth : nil
                        let low = half.map { max(0, summary.hitRatio - $0) }
                        let high = half.map { min(1, summary.hitRatio + $0) }
                        return ChartPoint(
                            x: Double(summary.capacity!.limit), y: shown(summary.hitRatio),
                            low: (miss ? high : low).map(shown), high: (miss ? low : high).map(shown))
                    }, endLabel: policies.count > 1 ? policy : nil))
            let predicted = ordered.compactMap { s in
                s.cheHitRatio.map { ChartPoint(x: Double(s.capacity!.limit), y: shown($0)) }
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
                    points: curve.map { ChartPoint(x: $0.x, y: shown($0.y)) },
                    dash: "8 3"))
        }
        for policyCurve in policyCurves {
            series.append(
                ChartSeries(
                    name: "\(policyCurve.policy) — curve (\(policyCurve.method))",
                    style: PolicyPalette.style(for: policyCurve.policy),
                    points: policyCurve.resolved.map { ChartPoint(x: Double($0.capacity), y: shown($0.hitRatio)) },
                    markEveryPoint: false, dash: "8 3"))
        }
        let references = result.summaries.filter { $0.capacity == nil && !PolicyPalette.isReference($0.policy) }
            .map {
                ReferenceLine(
                    name: "\($0.label) (no capacity limit): \(Formatting.percent(shown($0.hitRatio), digits: 1))",
                    y: shown($0.hitRatio),
                    style: PolicyPalette.style(for: $0.policy))
            }
        let repeated = drawn.contains { $0.repetitions > 1 }
        let plotted =
            series.flatMap { $0.points.flatMap { [$0.y, $0.low, $0.high].compactMap { $0 } } } + references.map(\.y)
        let y = ratioAxis(miss ? "miss ratio" : "hit ratio", fitting: plotted, logAllowed: miss)
        let what =
            miss
            ? "Miss ratio (percent of requests the cache missed)"
            : "Hit ratio (percent of requests served from the cache)"
        return SVGChart(
            id: id, title: "\(result.workload.name): \(miss ? "miss" : "hit") ratio against capacity",
            summary:
                "\(what) for each policy at each capacity; the y axis runs from \(y.tickLabel(y.scale.lower)) to \(y.tickLabel(y.scale.upper))"
                + (y.scale.kind == .log ? " on a log scale" : "")
                + (repeated ? ", with 95 % intervals over seeds" : "")
                + (series.contains { $0.name.hasSuffix("Che's approximation") }
                    ? "; dotted: Che's approximation for LRU" : "")
                + (curve.isEmpty ? "" : "; long dashes: LRU's whole curve from one pass over stack distances")
                + (policyCurves.isEmpty
                    ? "" : "; long dashes: each policy's curve over a range of sizes, as the spec asked")
                + ". " + drawn.map { "\($0.label) \(Formatting.percent(shown($0.hitRatio)))" }.joined(separator: ", ")
                + ".",
            body: .lines(x: x, y: y, series: series, references: references))
    }

    /// A percent axis over `values` (ratios in 0…1) fitted to them, its
    /// title saying where it starts and ends when that is not 0–100 %;
    /// with `logAllowed`, a log axis when they span a decade or more.
    public static func ratioAxis(_ name: String, fitting values: [Double], logAllowed: Bool) -> ChartAxis {
        let finite = values.filter { $0.isFinite && $0 >= 0 && $0 <= 1 }
        guard !finite.isEmpty else { return ChartAxis.percent(name) }
        if logAllowed, finite.allSatisfy({ $0 > 0 }) {
            let scale = NiceScale.automatic(finite, logFromDecades: 1, includeZero: false)
            if scale.kind == .log {
                return ChartAxis(title: "\(name) (%, log scale)", scale: scale) { percentTick($0) }
            }
        }
        let scale = NiceScale(linear: finite, targetTicks: 6, includeZero: false)
        let decimals = max(0, scale.tickDecimals - 2)
        let full = scale.lower <= 0 && scale.upper >= 1
        let title =
            full
            ? "\(name) (%)"
            : "\(name) (%; axis \(Formatting.fixed(scale.lower * 100, digits: decimals))–\(Formatting.fixed(scale.upper * 100, digits: decimals)) %, fitted to the data)"
        return ChartAxis(title: title, scale: scale) { Formatting.fixed($0 * 100, digits: decimals) + "%" }
    }

    /// `0.1%`, `2%`, `50%`: log ticks without needless decimals.
    static func percentTick(_ ratio: Double) -> String {
        let percent = ratio * 100
        let digits = percent >= 1 ? 0 : Int((-Foundation.log10(percent)).rounded(.up))
        return Formatting.fixed(percent, digits: max(0, digits)) + "%"
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
