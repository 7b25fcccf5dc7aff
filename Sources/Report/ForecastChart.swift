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
        return runs.prefix(maximumCharts).flatMap { run in
            let universe = result.workload.distinctKeyLimit
            let bytes = chart(run, workload: result.workload.name, universe: universe, id: "\(id)-\(run.label)")
            guard
                let entries = entriesChart(
                    run, workload: result.workload.name, universe: universe, id: "\(id)-\(run.label)-entries")
            else { return [bytes] }
            return [bytes, entries]
        }
    }

    /// When the bytes are forecast from the entries: the entries measured,
    /// their fitted curve ahead in its band, the fitted ceiling and the
    /// workload's universe as lines. nil otherwise.
    static func entriesChart(_ run: RunResult, workload: String, universe: Int?, id: String) -> SVGChart? {
        let verdict = run.memory.verdict
        let forecast = (verdict.forecast ?? []).filter { $0.fittedEntries != nil }
        guard !forecast.isEmpty else { return nil }
        let samples = MemoryChart.thinned(run.memory.series)
        let rate = verdict.requestsPerSecond
        var clock = ChartClock(run.memory.series)
        let x = clock.axis(samples.map(clock.raw) + forecast.map { clock.raw($0, rate: rate) })
        var references: [ReferenceLine] = []
        if let ceiling = verdict.ceilingEntries?.estimate {
            references.append(
                ReferenceLine(
                    name: "fitted ceiling ≈ \(Formatting.count(ceiling)) entries", y: ceiling,
                    style: PolicyPalette.style(for: run.policy), role: "ceiling"))
        }
        let highest = forecast.compactMap(\.entriesHigh).max() ?? 0
        if let universe, Double(universe) <= 1.5 * highest {
            references.append(
                ReferenceLine(
                    name: "the workload's \(Formatting.grouped(universe)) keys", y: Double(universe),
                    style: PolicyPalette.budgetStyle, role: "universe"))
        }
        let y = ChartAxis.count(
            "entries",
            values: samples.map { Double($0.entries) } + forecast.flatMap { [$0.entriesLow ?? 0, $0.entriesHigh ?? 0] }
                + references.map(\.y))
        let style = PolicyPalette.style(for: run.policy)
        let ahead = forecast.map { point in
            ChartPoint(
                x: clock.x(clock.raw(point, rate: rate)), y: point.fittedEntries!, low: point.entriesLow,
                high: point.entriesHigh)
        }
        let model = verdict.model?.rawValue ?? "fit"
        let series = [
            ChartSeries(name: "95 % prediction band", style: style, points: ahead, fillsBand: true),
            ChartSeries(
                name: "\(run.label): entries measured", style: style,
                points: samples.map { ChartPoint(x: clock.x(clock.raw($0)), y: Double($0.entries)) },
                markEveryPoint: false, dash: ""),
            ChartSeries(
                name: "forecast (\(model) fit)", style: style, points: ahead.map { ChartPoint(x: $0.x, y: $0.y) },
                markEveryPoint: false, dash: "6 4"),
        ]
        return SVGChart(
            id: id, title: "\(workload): entries forecast for \(run.label)",
            summary:
                "\(run.label): resident entries measured (solid) and the \(model) model fitted to them carried ahead of the data (dashed) inside its 95 % prediction band (shaded); the bytes are forecast from these entries. "
                + VerdictText.sentence(run.memory, universe: universe) + ".",
            body: .lines(x: x, y: y, series: series, references: references))
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
