import Harness

/// `cachesim mrc --html`: every policy's hit-ratio curve in one chart —
/// capacity on a log axis, the hit-ratio axis fitted to the curves — with
/// the target as a horizontal line, and each policy's memory budget as a
/// vertical dashed line in its colour from the axis to the hit ratio the
/// budget buys. Estimated points the sample could not resolve are left
/// out, never drawn; the others carry their expected error as a bar; full
/// simulations (`--check`) are drawn as their own marked series beside
/// the estimates.
public enum CurveChart {
    /// The chart of `set`. O(points).
    public static func make(_ set: CurveSet, id: String = "curves") -> SVGChart {
        let inBytes = set.unit == .bytes
        var series: [ChartSeries] = []
        for curve in set.curves {
            let style = PolicyPalette.style(for: curve.policy)
            // Sampled points carry their expected error (1σ) as a bar.
            let points = curve.points.compactMap { point -> ChartPoint? in
                guard let hitRatio = point.hitRatio else { return nil }
                let bar = point.expectedError
                return ChartPoint(
                    x: Double(point.capacity), y: hitRatio, low: bar.map { max(0, hitRatio - $0) },
                    high: bar.map { min(1, hitRatio + $0) })
            }
            series.append(
                ChartSeries(
                    name: "\(curve.policy) (\(curve.method))", style: style, points: points,
                    endLabel: set.curves.count > 1 ? curve.policy : nil))
            let checks = curve.points.compactMap { point in
                point.exactHitRatio.map { ChartPoint(x: Double(point.capacity), y: $0) }
            }
            if !checks.isEmpty, !curve.method.isExact {
                series.append(
                    ChartSeries(
                        name: "\(curve.policy) — full simulation (--check)", style: style, points: checks, dash: "1 5"))
            }
        }
        let plotted =
            series.flatMap { $0.points.flatMap { [$0.y, $0.low, $0.high].compactMap { $0 } } }
            + [set.targetHitRatio].compactMap { $0 }
        let y = HitRatioChart.ratioAxis("hit ratio", fitting: plotted, logAllowed: false)
        for answer in set.answers ?? [] {
            guard let budget = answer.budget, let hitRatio = budget.hitRatio else { continue }
            series.append(
                ChartSeries(
                    name: "\(answer.policy) — within the memory budget", style: PolicyPalette.style(for: answer.policy),
                    points: [
                        ChartPoint(x: Double(budget.capacity), y: y.scale.lower),
                        ChartPoint(x: Double(budget.capacity), y: hitRatio),
                    ], markEveryPoint: false, dash: "6 3"))
        }
        let capacities = series.flatMap { $0.points.map(\.x) }
        let scale = NiceScale.automatic(capacities, logFromDecades: 1, includeZero: false)
        let x = ChartAxis(
            title: "capacity (\(inBytes ? "bytes" : "entries")\(scale.kind == .log ? ", log scale" : ""))",
            scale: scale
        ) { value in inBytes ? Formatting.bytes(value) : Formatting.count(value) }
        let references =
            set.targetHitRatio.map {
                [
                    ReferenceLine(
                        name: "target \(Formatting.percent($0, digits: 1))", y: $0,
                        style: PolicyPalette.budgetStyle, role: "target")
                ]
            } ?? []
        let methods = Set(set.curves.map(\.method.description)).sorted().joined(separator: "; ")
        return SVGChart(
            id: id, title: "\(set.workload): hit ratio against capacity",
            summary:
                "Hit ratio of each policy at each capacity, \(set.requests) requests (\(methods)); "
                + "the y axis runs from \(y.tickLabel(y.scale.lower)) to \(y.tickLabel(y.scale.upper))"
                + (set.curves.contains { $0.points.contains { $0.expectedError != nil } }
                    ? "; bars: each sampled point's expected error (1σ)" : "")
                + (set.targetHitRatio == nil ? "" : "; grey dashes: the target")
                + (set.memoryBudgetBytes.map {
                    "; vertical dashes: what \(Formatting.bytes(Double($0))) buys each policy"
                }
                    ?? "")
                + ". Unresolved sizes (too small for the sampling rate) are not drawn.",
            body: .lines(x: x, y: y, series: series, references: references))
    }

    /// A self-contained page with the chart and a table of the answers.
    public static func page(_ set: CurveSet) -> String {
        var body = HTMLReport.figure(make(set))
        if let answers = set.answers, !answers.isEmpty {
            body += "<table><thead><tr><th>policy</th><th>method</th>"
            if set.targetHitRatio != nil { body += "<th>first capacity reaching the target</th>" }
            if set.memoryBudgetBytes != nil { body += "<th>within the budget</th>" }
            body += "<th>knee</th></tr></thead><tbody>\n"
            for (curve, answer) in zip(set.curves, answers) {
                body += "<tr><td>\(Markup.escape(curve.policy))</td><td>\(Markup.escape(curve.method.description))</td>"
                if set.targetHitRatio != nil { body += "<td>\(Markup.escape(CurveText.target(answer.target)))</td>" }
                if set.memoryBudgetBytes != nil {
                    body += "<td>\(Markup.escape(CurveText.budget(answer.budget, unit: set.unit)))</td>"
                }
                body += "<td>\(Markup.escape(CurveText.knee(answer.knee, unit: set.unit)))</td></tr>\n"
            }
            body += "</tbody></table>\n"
        }
        return HTMLReport.page(title: "\(set.workload): miss-ratio curves", body: body)
    }
}

/// The answers of a ``CurveSet`` in words, shared by the terminal, the
/// HTML page and the CSV.
public enum CurveText {
    /// `12,800 entries`, or bytes for a curve in bytes.
    public static func capacity(_ value: Int, unit: CurveSet.Unit) -> String {
        unit == .bytes ? Formatting.bytes(Double(value)) : "\(Formatting.count(Double(value))) entries"
    }

    /// `46,710 entries (75.0 %; 31,849 entries gives less)` or `not reached (best 92.3 %)`.
    public static func target(_ target: CurveAnswer.Target?, unit: CurveSet.Unit = .entries) -> String {
        guard let target else { return "—" }
        guard let capacity = target.capacity, let hitRatio = target.hitRatio else {
            return "not reached by any size drawn"
                + (target.best.map { " (best \(Formatting.percent($0, digits: 2)))" } ?? "")
        }
        return "\(self.capacity(capacity, unit: unit)) (\(Formatting.percent(hitRatio, digits: 2))"
            + (target.below.map { "; \(self.capacity($0, unit: unit)) falls short" } ?? "; the smallest size drawn")
            + ")"
    }

    /// `1,265,000 entries at 212 B each: 93.1 %`.
    public static func budget(_ budget: CurveAnswer.Budget?, unit: CurveSet.Unit) -> String {
        guard let budget else { return "less than one entry" }
        return "\(capacity(budget.capacity, unit: unit)) at \(Formatting.bytes(budget.bytesPerEntry)) per entry: "
            + (budget.hitRatio.map { Formatting.percent($0, digits: 2) } ?? "unresolved at this rate")
    }

    /// `46,710 entries (75.0 %)`; a missing knee in words.
    public static func knee(_ point: CurvePoint?, unit: CurveSet.Unit) -> String {
        guard let point, let hitRatio = point.hitRatio else { return "none (the curve does not bend down)" }
        return "\(capacity(point.capacity, unit: unit)) (\(Formatting.percent(hitRatio, digits: 2)))"
    }
}
