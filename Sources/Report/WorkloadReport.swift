import Harness

/// Everything the Markdown and HTML reports say about one result (one
/// workload): the facts, the verdicts in words, the tables and the charts.
/// Built once, rendered twice.
public struct WorkloadReport: Sendable {
    public var result: ExperimentResult
    /// `zipf` — the workload's name, made unique within a report by the caller.
    public var name: String
    /// One line: requests, seeds, when, where from.
    public var facts: String
    /// `unbounded: grows ~41 B per request, never levels off (…)`, one per
    /// run label, then Little's law beside each TTL plateau.
    public var verdicts: [String]
    /// `lru(1000): warm from request 39,062 (3.9 s): …`, one per run label judged.
    public var warmth: [String]
    public var tables: [ReportTable]
    public var charts: [SVGChart]

    /// Builds the section of `result`; `name` also prefixes the chart ids. O(runs × samples).
    public init(_ result: ExperimentResult, name: String? = nil) {
        self.result = result
        self.name = name ?? result.workload.name
        let workload = result.workload
        var facts =
            "\(Formatting.grouped(result.runs.first?.requests ?? 0)) requests per run, \(result.runs.count) runs"
        facts +=
            workload.repetitions > 1
            ? ", \(workload.repetitions) seeds from \(workload.seed) (± is the 95 % interval of the mean over seeds)"
            : ", seed \(workload.seed)"
        facts += "; spec \(workload.specPath); finished \(result.createdAt)"
        self.facts = facts
        let caches = result.representativeRuns.filter { !PolicyPalette.isReference($0.policy) }
        let universe = workload.distinctKeyLimit
        self.verdicts =
            caches.map { "\($0.label): \(VerdictText.sentence($0.memory, universe: universe))" }
            + caches.compactMap { run in VerdictText.littlesLaw(run).map { "\(run.label): \($0)" } }
        self.warmth = caches.compactMap { run in VerdictText.warm(run).map { "\(run.label): \($0)" } }
        self.tables = [Self.summaryTable(result), Self.latencyTable(result)]
        self.charts =
            [
                HitRatioChart.make(result, id: "\(self.name)-hit-ratio"),
                MemoryChart.make(result, id: "\(self.name)-memory"),
            ].compactMap { $0 } + ForecastChart.make(result, id: "\(self.name)-forecast")
            + [
                HitRatioOverTimeChart.make(result, id: "\(self.name)-hit-ratio-over-time"),
                LatencyChart.make(result, operation: .get, id: "\(self.name)-latency-get"),
                LatencyChart.make(result, operation: .set, id: "\(self.name)-latency-set"),
                LatencyChart.makeService(result, id: "\(self.name)-service-latency"),
                ThroughputChart.make(result, id: "\(self.name)-throughput"),
            ].compactMap { $0 }
    }

    /// Hit ratio (with CI and Che's prediction), memory and its verdict, throughput.
    static func summaryTable(_ result: ExperimentResult) -> ReportTable {
        // Che's column only where some run has a prediction (LRU on Zipf keys).
        let che = result.summaries.contains { $0.cheHitRatio != nil }
        var table = ReportTable(
            caption: "\(result.workload.name): hit ratio, memory and throughput per run",
            columns: [("run", .left), ("hit ratio", .right)] + (che ? [("Che (LRU)", .right)] : []) + [
                ("byte hit ratio", .right), ("evictions", .right), ("final memory", .right), ("peak memory", .right),
                ("entries", .right), ("memory over time", .left), ("verdict", .left), ("throughput", .right),
            ])
        let runs = result.representativeRunsByLabel
        for summary in result.summaries {
            guard let run = runs[summary.label] else { continue }
            let memory = run.memory
            table.rows.append(
                [summary.label, hitRatioText(summary)]
                    + (che ? [summary.cheHitRatio.map { Formatting.percent($0) } ?? "–"] : []) + [
                        Formatting.percent(summary.byteHitRatio), Formatting.grouped(run.evictions),
                        Formatting.bytes(Double(memory.finalAllocatorBytes)),
                        Formatting.bytes(Double(memory.peakAllocatorBytes)),
                        Formatting.grouped(memory.finalEntries),
                        Sparkline.render(memory.series.map { Double($0.allocatorBytes) }, width: 12),
                        memory.verdictWord, throughputText(summary),
                    ])
        }
        return table
    }

    /// Get and set percentiles, and the modeled service latency where present.
    static func latencyTable(_ result: ExperimentResult) -> ReportTable {
        let service = result.runs.contains { $0.serviceLatency != nil }
        var columns: [(String, ReportTable.Alignment)] = [
            ("run", .left), ("get p50", .right), ("get p90", .right), ("get p99", .right), ("get p99.9", .right),
            ("get max", .right),
            ("set p50", .right), ("set p99", .right),
        ]
        if service { columns += [("service mean", .right), ("service p50", .right), ("service p99", .right)] }
        var table = ReportTable(
            caption:
                "\(result.workload.name): latency per operation (1 request in \(result.measurement.latencySampleEvery) timed, "
                + "timer cost \(result.timerCostNanoseconds) ns subtracted)"
                + (service ? " and modeled service latency" : ""),
            columns: columns)
        func time(_ nanoseconds: Int) -> String { Formatting.duration(nanoseconds: Double(nanoseconds)) }
        for run in result.representativeRuns {
            let get = run.latency.get
            let set = run.latency.set
            var row = [run.label, time(get.p50), time(get.p90), time(get.p99), time(get.p999), time(get.max)]
            row += set.count > 0 ? [time(set.p50), time(set.p99)] : ["–", "–"]
            if service {
                if let latency = run.serviceLatency {
                    row += [latency.meanNanoseconds, latency.p50Nanoseconds, latency.p99Nanoseconds].map {
                        Formatting.duration(nanoseconds: $0)
                    }
                } else {
                    row += ["–", "–", "–"]
                }
            }
            table.rows.append(row)
        }
        return table
    }

    /// `45.12%`, or `45.12% ± 0.31` (percentage points) over repetitions.
    static func hitRatioText(_ summary: RunSummary) -> String {
        var text = Formatting.percent(summary.hitRatio)
        if summary.repetitions > 1 { text += " ± " + Formatting.fixed(summary.hitRatioHalfWidth * 100, digits: 2) }
        return text
    }

    /// `12M req/s`, or `12M ± 0.4M req/s` over repetitions.
    static func throughputText(_ summary: RunSummary) -> String {
        var text = Formatting.count(summary.requestsPerSecond)
        if summary.repetitions > 1 { text += " ± " + Formatting.count(summary.requestsPerSecondHalfWidth) }
        return text + " req/s"
    }
}

extension ExperimentResult {
    /// The first run of each label (repetition 0), in spec order: what
    /// memory and latency charts draw. O(runs).
    public var representativeRuns: [RunResult] {
        var seen = Set<String>()
        return runs.filter { seen.insert($0.label).inserted }
    }

    /// `representativeRuns` by label.
    public var representativeRunsByLabel: [String: RunResult] {
        Dictionary(representativeRuns.map { ($0.label, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
