import Harness

/// One run's memory and where it is heading: the measured allocator bytes,
/// the fitted model carried ahead of the data as a dashed line inside its
/// shaded 95 % prediction band, and the memory budget as a line — against
/// virtual time when the workload has it.
public enum ForecastChart {
    /// At most this many forecast charts per result (one per growing run).
    static let maximumCharts = 4

    /// A chart for each drawn run whose verdict carries a forecast (grows
    /// or saturating), `id` prefixing their ids. O(runs × samples).
    public static func make(_ result: ExperimentResult, id: String) -> [SVGChart] {
        let runs = ChartSelection.runs(result).runs.filter {
            !($0.memory.verdict.forecast ?? []).isEmpty && !$0.memory.series.isEmpty
        }
        return runs.prefix(maximumCharts).map { run in
            chart(
                run, workload: result.workload.name, universe: result.workload.distinctKeyLimit,
                id: "\(id)-\(run.label)")
        }
    }

    static func chart(_ run: RunResult, workload: String, universe: Int?, id: String) -> SVGChart {
        let verdict = run.memory.verdict
        let forecast = verdict.forecast ?? []
        let samples = MemoryChart.thinned(run.memory.series)
        let rate = verdict.requestsPerSecond
        var clock = ChartClock(run.memory.series)
        let rawX = samples.map(clock.raw) + forecast.map { clock.raw($0, rate: rate) }
        let x = clock.axis(rawX)
        // The budget is drawn when the forecast runs up to it, or it is near the data.
        let highest = (forecast.map(\.high) + samples.map { Double($0.allocatorBytes) }).max() ?? 0
        var budgetLine: Double?
        if let budget = verdict.budget {
            let reachedInView = (budget.atRequest ?? budget.earliestRequest).map {
                $0 <= (forecast.last?.atRequest ?? 0)
            }
            if reachedInView == true || Double(budget.budgetBytes) <= 3 * highest {
                budgetLine = Double(budget.budgetBytes)
            }
        }
        let (y, divisor) = ChartAxis.bytes(
            "memory, allocator bytes",
            values: samples.map { Double($0.allocatorBytes) } + forecast.flatMap { [$0.low, $0.high] }
                + (budgetLine.map { [$0] } ?? []))
        let style = PolicyPalette.style(for: run.policy)
        let model = verdict.model?.rawValue ?? "fit"
        let ahead = forecast.map { point in
            ChartPoint(
                x: clock.x(clock.raw(point, rate: rate)), y: point.bytes / divisor, low: point.low / divisor,
                high: point.high / divisor)
        }
        let series = [
            ChartSeries(name: "95 % prediction band", style: style, points: ahead, fillsBand: true),
            ChartSeries(
                name: "\(run.label): measured", style: style,
                points: samples.map { ChartPoint(x: clock.x(clock.raw($0)), y: Double($0.allocatorBytes) / divisor) },
                markEveryPoint: false, dash: ""),
            ChartSeries(
                name: "forecast (\(model) fit)", style: style, points: ahead.map { ChartPoint(x: $0.x, y: $0.y) },
                endLabel: VerdictText.short(verdict), markEveryPoint: false, dash: "6 4"),
        ]
        let references = budgetLine.map {
            [
                ReferenceLine(
                    name: "budget \(Formatting.bytes($0))", y: $0 / divisor, style: PolicyPalette.budgetStyle,
                    role: "budget")
            ]
        }
        var summary =
            "\(run.label): allocator bytes measured (solid), the \(model) model fitted to them carried ahead of the data (dashed) inside its 95 % prediction band (shaded)"
        if let budget = verdict.budget {
            summary +=
                budgetLine == nil
                ? "; the budget of \(Formatting.bytes(Double(budget.budgetBytes))) lies far above the chart"
                : " and the budget of \(Formatting.bytes(Double(budget.budgetBytes))) (line)"
        }
        summary += ". " + VerdictText.sentence(run.memory, universe: universe) + "."
        return SVGChart(
            id: id, title: "\(workload): memory forecast for \(run.label)", summary: summary,
            body: .lines(x: x, y: y, series: series, references: references ?? []))
    }
}
