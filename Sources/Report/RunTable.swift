import Harness

/// The terminal summary of a result: one row per policy and capacity, with
/// hit ratio (± 95 % interval when repeated), memory, its verdict, latency,
/// throughput and a sparkline of memory over time; then the verdicts in
/// words, Che's prediction beside LRU and the best policy at each capacity.
public enum RunTable {
    public static func render(_ result: ExperimentResult) -> String {
        var table = TextTable(
            header: [
                "policy", "hit ratio", "final mem", "peak mem", "entries", "memory over time", "verdict", "get p50/p99",
                "throughput",
            ],
            alignments: [.left, .right, .right, .right, .right, .left, .left, .right, .right])
        let representative = Dictionary(grouping: result.runs, by: \.label).compactMapValues(\.first)
        for summary in result.summaries {
            guard let run = representative[summary.label] else { continue }
            var hit = Formatting.percent(summary.hitRatio)
            if summary.repetitions > 1 { hit += " ± " + Formatting.fixed(summary.hitRatioHalfWidth * 100, digits: 2) }
            let memory = run.memory
            table.rows.append([
                summary.label, hit,
                Formatting.bytes(Double(memory.finalAllocatorBytes)),
                Formatting.bytes(Double(memory.peakAllocatorBytes)),
                Formatting.count(Double(memory.finalEntries)),
                Sparkline.render(memory.series.map { Double($0.allocatorBytes) }),
                memory.verdictWord,
                "\(Formatting.duration(nanoseconds: Double(run.latency.get.p50))) / \(Formatting.duration(nanoseconds: Double(run.latency.get.p99)))",
                Formatting.count(summary.requestsPerSecond) + " req/s",
            ])
        }
        let workload = result.workload
        var out =
            "\(Markup.terminalText(workload.name)): \(Formatting.grouped(result.runs.first?.requests ?? 0)) requests, seed \(workload.seed)"
        if workload.repetitions > 1 { out += ", \(workload.repetitions) seeds (± is the 95 % interval of the mean)" }
        out += "\n\n" + table.render() + "\n"
        for summary in result.summaries {
            guard let run = representative[summary.label] else { continue }
            out +=
                "\(Markup.terminalText(summary.label)): \(VerdictText.sentence(run.memory, universe: result.workload.distinctKeyLimit))\n"
        }
        if MissCauseTable.isWorthTheTerminal(result), let causes = MissCauseTable.make(result) {
            out += "\nMisses by cause (share of requests; compulsory: first requests, capacity: evicted):\n"
            var text = TextTable(header: causes.header, alignments: causes.header.map { $0 == "run" ? .left : .right })
            text.rows = causes.rows
            out += text.render()
        }
        let ttl = result.summaries.compactMap { summary in
            representative[summary.label].flatMap { run in VerdictText.littlesLaw(run).map { (summary.label, $0) } }
        }
        if !ttl.isEmpty {
            out += "\nLittle's law for TTL (theory beside practice):\n"
            for (label, line) in ttl { out += "  \(Markup.terminalText(label)): \(line)\n" }
        }
        let che = result.summaries.filter { $0.cheHitRatio != nil }
        if !che.isEmpty {
            out += "\nChe's approximation for LRU (theory beside practice):\n"
            for summary in che {
                let predicted = summary.cheHitRatio!
                out +=
                    "  \(Markup.terminalText(summary.label)): predicted \(Formatting.percent(predicted)), simulated \(Formatting.percent(summary.hitRatio))"
                out += " (\(Formatting.fixed((summary.hitRatio - predicted) * 100, digits: 2)) points)\n"
            }
        }
        let tiers = result.representativeRuns.filter { $0.tier != nil }
        if let first = tiers.first?.tier {
            out += "\nA tier of \(first.nodes) nodes (\(first.hash) hash), each with capacity / \(first.nodes):\n"
            for run in tiers {
                let tier = run.tier!
                out += "  \(run.label): busiest node \(Formatting.fixed(tier.imbalance, digits: 3)) × the mean"
                if let node = tier.failNode, let dip = tier.failureDip {
                    out += "; hit ratio before → after node \(node) fails → at the end: \(WorkloadReport.dipText(dip))"
                }
                out += "\n"
            }
        }
        let service = result.runs.filter { $0.serviceLatency != nil }
        if !service.isEmpty {
            out += "\nModeled service latency (hit cost and miss penalty from the spec):\n"
            for run in service where run.repetition == 0 {
                let latency = run.serviceLatency!
                out += "  \(run.label): mean \(Formatting.duration(nanoseconds: latency.meanNanoseconds)), "
                out +=
                    "p50 \(Formatting.duration(nanoseconds: latency.p50Nanoseconds)), p99 \(Formatting.duration(nanoseconds: latency.p99Nanoseconds))\n"
            }
        }
        let groups = PolicyRanking.groups(name: result.workload.name, result: result)
        if !groups.isEmpty {
            out += "\nBest at each capacity (lowest miss ratio; full ranking in report.md):\n"
            for group in groups {
                let best = group.entries.filter(\.isBest)
                let names = best.map { Markup.terminalText($0.label) }.joined(separator: " = ")
                var line = "  \(RankingTables.capacityText(group.capacity)): \(names), miss ratio "
                line += Formatting.percent(best[0].missRatio)
                let against = [("LRU", best[0].lru), ("FIFO", best[0].fifo)].compactMap { name, distance in
                    distance.flatMap { d in
                        d.reduction.map { "\(RankingTables.signed($0 * 100, digits: 1)) % vs \(name)" }
                    }
                }
                if !against.isEmpty { line += " (miss-ratio reduction " + against.joined(separator: ", ") + ")" }
                out += line + "\n"
            }
        }
        let products = ProductSection.terminalLines(result)
        if !products.isEmpty {
            out += "\nReal products beside simulated policies at the entry capacity their limit came to:\n"
            for line in products { out += "  \(line)\n" }
        }
        out +=
            "\nLatency: 1 request in \(result.measurement.latencySampleEvery) timed; timer cost \(result.timerCostNanoseconds) ns, subtracted.\n"
        return out
    }
}
