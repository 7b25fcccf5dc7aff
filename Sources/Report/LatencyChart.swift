import Harness

/// Latency percentiles per run, one line per run label across p50 … max on
/// a log time axis; and the modeled service latency where the spec has a
/// miss penalty.
public enum LatencyChart {
    public enum Operation: String, Sendable { case get, set }

    /// Values below this are drawn at it (a log axis has no zero); the
    /// chart's description says so.
    static let floorNanoseconds = 1.0

    /// Percentiles of `operation`; `nil` when no run timed one. O(runs).
    public static func make(_ result: ExperimentResult, operation: Operation, id: String) -> SVGChart? {
        let (selected, note) = ChartSelection.runs(result)
        let runs = selected.filter { (operation == .get ? $0.latency.get : $0.latency.set).count > 0 }
        guard !runs.isEmpty else { return nil }
        let rows = runs.map { run -> (RunResult, [Double]) in
            let p = operation == .get ? run.latency.get : run.latency.set
            return (run, [p.p50, p.p90, p.p99, p.p999, p.max].map(Double.init))
        }
        let what = operation == .get ? "get (lookup)" : "set (store after a miss)"
        return chart(
            result, id: id, title: "\(result.workload.name): \(what) latency percentiles",
            categories: ["p50", "p90", "p99", "p99.9", "max"],
            xTitle: "percentile of sampled \(operation.rawValue) operations",
            yTitle: "\(operation.rawValue) latency", rows: rows,
            summary:
                "Time of one \(operation.rawValue), timer cost subtracted, 1 request in \(result.measurement.latencySampleEvery) timed. "
                + (note.map { $0 + " " } ?? ""))
    }

    /// The modeled service latency (hit cost and miss penalty); `nil` when
    /// no run has one. O(runs).
    public static func makeService(_ result: ExperimentResult, id: String) -> SVGChart? {
        let (selected, note) = ChartSelection.runs(result)
        let rows = selected.compactMap { run in
            run.serviceLatency.map { (run, [$0.p50Nanoseconds, $0.meanNanoseconds, $0.p99Nanoseconds]) }
        }
        guard !rows.isEmpty else { return nil }
        return chart(
            result, id: id, title: "\(result.workload.name): modeled service latency",
            categories: ["p50", "mean", "p99"], xTitle: "statistic of modeled request latency",
            yTitle: "request latency", rows: rows,
            summary:
                "The latency a service would see: a hit costs the hit cost, a miss the miss penalty, at each run's hit ratio. "
                + (note.map { $0 + " " } ?? ""))
    }

    private static func chart(
        _ result: ExperimentResult, id: String, title: String, categories: [String], xTitle: String, yTitle: String,
        rows: [(RunResult, [Double])], summary: String
    ) -> SVGChart {
        let values = rows.flatMap(\.1).map { max($0, floorNanoseconds) }
        // Several capacities of one policy share a colour: name them at the line ends.
        let policies = rows.map(\.0.policy)
        let needsLabels = Set(policies).count < policies.count
        let series = rows.map { run, figures in
            ChartSeries(
                name: run.label, style: PolicyPalette.style(for: run.policy),
                points: figures.enumerated().map {
                    ChartPoint(x: Double($0.offset), y: max($0.element, floorNanoseconds))
                },
                endLabel: needsLabels ? run.label : nil)
        }
        let clamped = rows.contains { $0.1.contains { $0 < floorNanoseconds } }
        let text = rows.map { run, figures in
            "\(run.label) "
                + zip(categories, figures).map { "\($0) \(Formatting.duration(nanoseconds: $1))" }.joined(
                    separator: ", ")
        }.joined(separator: "; ")
        return SVGChart(
            id: id, title: title,
            summary: summary + text + "." + (clamped ? " Values under 1 ns are drawn at 1 ns." : ""),
            body: .categoryLines(
                categories: categories, xTitle: xTitle, y: ChartAxis.nanoseconds(yTitle, values: values), series: series
            ))
    }
}
