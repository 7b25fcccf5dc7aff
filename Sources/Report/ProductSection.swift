import Harness
import Products

/// What a report says about the real products of a result (Redis,
/// memcached, `NSCache`): each product's hit ratio beside exact LRU and its
/// model at the entry capacity its byte limit came to, that capacity beside
/// the limit, the client's counters beside the server's, the server's
/// memory verdict and the round-trip latency. The terminal summary, the
/// Markdown and the HTML report all take their figures from here, so they
/// show the same numbers.
///
/// The product's hit ratio here is the client's over the whole stream
/// (`product.client`), the same requests its models were replayed on;
/// it differs from the run's `hitRatio` only when the spec has a warm-up.
public enum ProductSection {
    /// One product run: the run and what its product recorded.
    public struct Entry: Sendable {
        public var run: RunResult
        public var product: ProductReport
        /// `redis(64 MiB)`, or `redis(64 MiB) seed 43` when the result has several seeds.
        public var name: String
    }

    /// Every run of `result` with a product, in result order. O(runs).
    public static func entries(_ result: ExperimentResult) -> [Entry] {
        let repeated = result.workload.repetitions > 1
        return result.runs.compactMap { run in
            run.product.map {
                Entry(run: run, product: $0, name: repeated ? "\(run.label) seed \(run.seed)" : run.label)
            }
        }
    }

    /// The client's hit ratio over the whole stream (0 before any request).
    public static func hitRatio(_ product: ProductReport) -> Double {
        let requests = product.client.hits + product.client.misses
        return requests > 0 ? Double(product.client.hits) / Double(requests) : 0
    }

    /// `lru(4733)`: a model as the tables and the chart name it.
    public static func modelName(_ model: ModelComparison) -> String { "\(model.policy)(\(model.capacity))" }

    /// `+0.92` or `-3.03`: the product's hit ratio minus a model's, in percentage points.
    public static func points(_ product: Double, minus model: Double) -> String {
        let difference = (product - model) * 100
        return (difference > 0 ? "+" : "") + Formatting.fixed(difference, digits: 2)
    }

    /// `agree`, `DISAGREE`, or `none kept` for a product without counters of its own.
    public static func countersText(_ product: ProductReport) -> String {
        guard let server = product.server else { return "none kept" }
        return server.hits == product.client.hits && server.misses == product.client.misses ? "agree" : "DISAGREE"
    }

    /// `443 B`: the byte limit over the effective entries, or `–` without one.
    public static func bytesPerEntryText(_ product: ProductReport) -> String {
        guard let limit = product.memoryLimitBytes, product.effectiveEntries >= 1 else { return "–" }
        return Formatting.bytes(Double(limit) / product.effectiveEntries)
    }

    /// `4,733`: the effective entries, rounded (any Double, never a trap).
    public static func entriesText(_ entries: Double) -> String {
        Int(exactly: entries.rounded()).map(Formatting.grouped) ?? Formatting.whole(entries)
    }

    static func optional(_ value: Int?) -> String { value.map(Formatting.grouped) ?? "–" }

    /// One sentence per product run: the product, where it ran, what its
    /// limit came to and whether the counters agree. O(product runs).
    public static func sentences(_ result: ExperimentResult) -> [String] {
        entries(result).map { entry in
            let product = entry.product
            var text = "\(entry.name): \(product.product)"
            text +=
                product.address == "in-process" ? ", in this process" : " at \(product.address), \(product.clock) clock"
            if product.pipeline > 1 { text += ", \(product.pipeline) requests per round trip" }
            text += "; hit ratio \(Formatting.percent(hitRatio(product)))"
            if let limit = product.memoryLimitBytes {
                text +=
                    "; its \(Formatting.bytes(Double(limit))) limit held \(entriesText(product.effectiveEntries)) entries"
                text += " (\(bytesPerEntryText(product)) per entry)"
            } else {
                text += "; no memory limit"
            }
            if let server = product.server {
                text += "; client and server counters \(countersText(product))"
                text +=
                    " (server: \(Formatting.grouped(server.hits)) hits, \(Formatting.grouped(server.misses)) misses)"
            }
            if product.clockSlips > 0 {
                text += "; \(product.clockSlips) request seconds slipped past the server's clock"
            }
            return text
        }
    }

    /// The product's hit ratio beside each simulated model at its effective
    /// entry capacity. O(product runs × models).
    static func modelTable(_ result: ExperimentResult, _ entries: [Entry]) -> ReportTable {
        var table = ReportTable(
            caption: "\(result.workload.name): real products beside simulated policies on the same stream, "
                + "at the entry capacity each product's limit came to",
            columns: [
                ("run", .left), ("product", .left), ("product hit ratio", .right), ("entries", .right),
                ("model", .left), ("model hit ratio", .right), ("product − model (points)", .right),
            ])
        for entry in entries {
            let ratio = hitRatio(entry.product)
            let first = [
                entry.name, entry.product.product, Formatting.percent(ratio),
                entriesText(entry.product.effectiveEntries),
            ]
            if entry.product.models.isEmpty { table.rows.append(first + ["–", "–", "–"]) }
            for model in entry.product.models {
                table.rows.append(
                    first + [
                        modelName(model), Formatting.percent(model.hitRatio), points(ratio, minus: model.hitRatio),
                    ])
            }
        }
        return table
    }

    /// The effective entry capacity beside the byte limit, the client's
    /// counters beside the server's, the product's own evictions and keys,
    /// and the server's memory. O(product runs).
    static func serverTable(_ result: ExperimentResult, _ entries: [Entry]) -> ReportTable {
        var table = ReportTable(
            caption: "\(result.workload.name): products' capacity, counters (client beside server) and memory",
            columns: [
                ("run", .left), ("memory limit", .right), ("effective entries", .right), ("limit per entry", .right),
                ("mean value", .right), ("client hits", .right), ("client misses", .right), ("server hits", .right),
                ("server misses", .right), ("counters", .left), ("evictions", .right), ("keys at end", .right),
                ("final memory", .right), ("final RSS", .right), ("memory verdict", .left),
            ])
        for entry in entries {
            let product = entry.product
            let run = entry.run
            table.rows.append([
                entry.name, product.memoryLimitBytes.map { Formatting.bytes(Double($0)) } ?? "none",
                entriesText(product.effectiveEntries), bytesPerEntryText(product),
                run.requests > 0 ? Formatting.bytes(Double(run.bytesRequested) / Double(run.requests)) : "–",
                Formatting.grouped(product.client.hits), Formatting.grouped(product.client.misses),
                optional(product.server?.hits), optional(product.server?.misses), countersText(product),
                optional(product.server?.evictions ?? product.client.evictions),
                optional(product.server?.keys ?? product.client.keys),
                Formatting.bytes(Double(run.memory.finalAllocatorBytes)),
                Formatting.bytes(Double(run.memory.finalRSSBytes)), run.memory.verdictWord,
            ])
        }
        return table
    }

    /// Round-trip latency percentiles of the timed requests (each sent on
    /// its own, not pipelined) and the pipelined throughput. O(product runs).
    static func latencyTable(_ result: ExperimentResult, _ entries: [Entry]) -> ReportTable {
        var table = ReportTable(
            caption: "\(result.workload.name): products' latency per operation (for a server the round trip of a timed "
                + "request, sent on its own) and throughput (pipelined)",
            columns: [
                ("run", .left), ("reached at", .left), ("pipeline", .right), ("get p50", .right), ("get p90", .right),
                ("get p99", .right), ("get p99.9", .right), ("get max", .right), ("set p50", .right),
                ("set p99", .right), ("throughput", .right),
            ])
        func time(_ nanoseconds: Int) -> String { Formatting.duration(nanoseconds: Double(nanoseconds)) }
        for entry in entries {
            let get = entry.run.latency.get
            let set = entry.run.latency.set
            table.rows.append(
                [
                    entry.name, entry.product.address, String(entry.product.pipeline), time(get.p50), time(get.p90),
                    time(get.p99), time(get.p999), time(get.max),
                ] + (set.count > 0 ? [time(set.p50), time(set.p99)] : ["–", "–"]) + [
                    Formatting.count(entry.run.throughput.requestsPerSecond) + " req/s"
                ])
        }
        return table
    }

    /// The three tables, or none for a result without products. O(product runs × models).
    public static func tables(_ result: ExperimentResult) -> [ReportTable] {
        let entries = entries(result)
        guard !entries.isEmpty else { return [] }
        return [modelTable(result, entries), serverTable(result, entries), latencyTable(result, entries)]
    }

    /// The lines of `cachesim run`'s terminal summary, empty without products. O(product runs × models).
    public static func terminalLines(_ result: ExperimentResult) -> [String] {
        entries(result).map { entry in
            let product = entry.product
            let ratio = hitRatio(product)
            var line = "\(entry.name) (\(product.product)): \(Formatting.percent(ratio))"
            if !product.models.isEmpty {
                line += " beside "
                line += product.models.map {
                    "\(modelName($0)) \(Formatting.percent($0.hitRatio)) (\(points(ratio, minus: $0.hitRatio)) points)"
                }.joined(separator: ", ")
            }
            if let limit = product.memoryLimitBytes {
                line += "; \(entriesText(product.effectiveEntries)) entries in "
                line += "\(Formatting.bytes(Double(limit))) (\(bytesPerEntryText(product)) per entry)"
            }
            line += "; counters \(countersText(product))"
            let get = entry.run.latency.get
            line += entry.product.address == "in-process" ? "; get p50 " : "; round trip get p50 "
            line += Formatting.duration(nanoseconds: Double(get.p50))
            line += ", p99 \(Formatting.duration(nanoseconds: Double(get.p99)))"
            return line
        }
    }
}
