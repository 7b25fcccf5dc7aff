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
    /// One sentence per real product run (``ProductSection``); empty without products.
    public var products: [String]
    /// Run, verdict, level or slope, from when: the verdicts at a glance.
    public var memoryTable: ReportTable
    /// Who wins at each capacity (``PolicyRanking``); empty with fewer than
    /// two sized policies.
    public var ranking: [PolicyRanking.Group]
    public var tables: [ReportTable]
    public var charts: [SVGChart]

    /// A section of a report over many workloads: the miss-ratio chart,
    /// the who-wins and memory tables only (each run's own report.html has
    /// the rest), so a sweep's page stays readable and small.
    public var isCompact: Bool

    /// Builds the section of `result`; `name` also prefixes the chart ids;
    /// `compact` keeps only what a report over many workloads shows of
    /// each. O(runs × samples).
    public init(_ result: ExperimentResult, name: String? = nil, compact: Bool = false) {
        self.result = result
        self.name = name ?? result.workload.name
        self.isCompact = compact
        let workload = result.workload
        var facts =
            "\(Formatting.grouped(result.runs.first?.requests ?? 0)) requests per run, \(result.runs.count) runs"
        facts +=
            workload.repetitions > 1
            ? ", \(workload.repetitions) seeds from \(workload.seed) (± is the 95 % interval of the mean over seeds)"
            : ", seed \(workload.seed)"
        facts += "; spec \(workload.specPath); finished \(result.createdAt)"
        self.facts = facts
        self.memoryTable = Self.memoryTable(result)
        self.ranking = PolicyRanking.groups(name: self.name, result: result)
        if compact {
            self.verdicts = []
            self.warmth = []
            self.products = []
            self.tables = [RankingTables.whoWins(ranking, workload: self.name) ?? Self.summaryTable(result)]
            self.charts = [
                MissRatioChart.make(result, id: "\(self.name)-miss-ratio")
                    ?? MemoryChart.make(result, id: "\(self.name)-memory")
            ].compactMap { $0 }
            return
        }
        let caches = result.representativeRuns.filter { !PolicyPalette.isReference($0.policy) }
        let universe = workload.distinctKeyLimit
        self.verdicts =
            caches.map { "\($0.label): \(VerdictText.sentence($0.memory, universe: universe))" }
            + caches.compactMap { run in VerdictText.littlesLaw(run).map { "\(run.label): \($0)" } }
        self.warmth = caches.compactMap { run in VerdictText.warm(run).map { "\(run.label): \($0)" } }
        self.products = ProductSection.sentences(result)
        self.tables =
            [Self.summaryTable(result)] + [RankingTables.whoWins(ranking, workload: self.name)].compactMap { $0 }
            + [MissCauseTable.make(result)].compactMap { $0 } + [Self.latencyTable(result)]
            + ProductSection.tables(result) + [Self.tierTable(result)].compactMap { $0 }
        self.charts =
            [
                MissRatioChart.make(result, id: "\(self.name)-miss-ratio"),
                HitRatioChart.make(result, id: "\(self.name)-hit-ratio"),
                MemoryChart.make(result, id: "\(self.name)-memory"),
            ].compactMap { $0 } + ForecastChart.make(result, id: "\(self.name)-forecast")
            + [
                HitRatioOverTimeChart.make(result, id: "\(self.name)-hit-ratio-over-time"),
                LatencyChart.make(result, operation: .get, id: "\(self.name)-latency-get"),
                LatencyChart.make(result, operation: .set, id: "\(self.name)-latency-set"),
                LatencyChart.makeService(result, id: "\(self.name)-service-latency"),
                ThroughputChart.make(result, id: "\(self.name)-throughput"),
                ProductChart.make(result, id: "\(self.name)-products"),
                TierChart.make(result, id: "\(self.name)-tier"),
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

    /// One row per run label: the verdict's word, its level (plateau,
    /// ceiling) or slope (growth), the request it levelled off from, and
    /// what the budget forecast says. The sentences say the rest.
    static func memoryTable(_ result: ExperimentResult) -> ReportTable {
        var table = ReportTable(
            caption: "\(result.workload.name): memory verdict per run",
            columns: [
                ("run", .left), ("verdict", .left), ("level or slope", .right), ("levels off from request", .right),
                ("budget", .left),
            ])
        for run in result.representativeRuns where !PolicyPalette.isReference(run.policy) {
            let memory = run.memory
            let verdict = memory.verdict
            guard memory.isJudged else {
                table.rows.append([run.label, memory.verdictWord, "–", "–", "–"])
                continue
            }
            let level: String
            switch verdict.kind {
            case .plateau: level = Formatting.bytes(verdict.plateauBytes ?? 0)
            case .grows: level = "\(Formatting.bytes(verdict.bytesPerRequest)) per request"
            case .saturating: level = "≈ \(Formatting.bytes(verdict.ceilingBytes?.estimate ?? 0))"
            }
            let from = verdict.kind == .plateau ? verdict.plateauReachedAtRequest.map(Formatting.grouped) ?? "–" : "–"
            let budget = verdict.budget.map { VerdictText.budgetText($0, verdict: verdict) } ?? "–"
            table.rows.append([run.label, memory.verdictWord, level, from, budget])
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

    /// With a spec's `"tier"`: how each run's requests fell on the nodes
    /// (the busiest node over the mean, the busiest and quietest node's
    /// requests, the nodes' own hit ratios), and with a failure the hit
    /// ratio just before, just after and at the end. `nil` without a tier.
    static func tierTable(_ result: ExperimentResult) -> ReportTable? {
        let runs = result.representativeRuns.filter { $0.tier != nil }
        guard let first = runs.first?.tier else { return nil }
        let failure = runs.contains { $0.tier?.failNode != nil }
        var table = ReportTable(
            caption:
                "\(result.workload.name): a tier of \(first.nodes) nodes (\(first.hash) hash), each with capacity / \(first.nodes)",
            columns: [
                ("run", .left), ("hit ratio", .right), ("imbalance (busiest / mean)", .right),
                ("busiest node", .right), ("quietest node", .right), ("node hit ratios", .right),
            ] + (failure ? [("hit ratio before → after the failure → at the end", .right)] : []))
        for run in runs {
            let tier = run.tier!
            let requests = tier.perNode.map(\.requests)
            let ratios = tier.perNode.filter { $0.requests > 0 }.map { Double($0.hits) / Double($0.requests) }
            var row = [
                run.label, Formatting.percent(run.hitRatio), Formatting.fixed(tier.imbalance, digits: 3),
                Formatting.grouped(requests.max() ?? 0), Formatting.grouped(requests.min() ?? 0),
                "\(Formatting.percent(ratios.min() ?? 0)) – \(Formatting.percent(ratios.max() ?? 0))",
            ]
            if failure { row.append(tier.failureDip.map(Self.dipText) ?? "–") }
            table.rows.append(row)
        }
        return table
    }

    /// `71.20% → 58.03% → 69.87%`.
    static func dipText(_ dip: (before: Double, after: Double, end: Double)) -> String {
        "\(Formatting.percent(dip.before)) → \(Formatting.percent(dip.after)) → \(Formatting.percent(dip.end))"
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
