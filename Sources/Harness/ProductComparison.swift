import Caches
import Products
import Workload

/// A real product beside simulated policies on the same stream: the
/// product's byte limit comes to some number of resident entries (fewer
/// than its size suggests: each key costs the server far more than its
/// value), and exact LRU and the product's model run at that entry
/// capacity, so the comparison is between policies, not between budgets.
enum ProductComparison {
    /// The entry capacity a product's memory limit came to: the mean of
    /// its resident entries over the second half of the run (0 for an
    /// empty series).
    static func effectiveEntries(_ series: [MemorySample]) -> Double {
        guard let last = series.last else { return 0 }
        let half = series.filter { $0.request * 2 >= last.request }
        return Double(half.reduce(0) { $0 + $1.entries }) / Double(max(1, half.count))
    }

    /// Replays `repetition`'s stream once more, through each product's
    /// comparison models at its effective entry capacity (rounded; none
    /// below one entry), measured as any run is, and returns each product's
    /// report with the models' hits filled in, by run index.
    static func compare(
        _ products: [(run: PlannedRun, report: ProductReport, models: [ModelRequest])], plan: RunPlan,
        repetition: Int, options: HarnessOptions, timerCost: Int64, isCancelled: () -> Bool
    ) throws -> [(Int, ProductReport)] {
        var reports = products.map { ($0.run.index, $0.report) }
        var models: [(product: Int, run: MeasuredRun)] = []
        for (position, product) in products.enumerated() {
            let capacity = Int(product.report.effectiveEntries.rounded())
            guard capacity >= 1 else { continue }
            for model in product.models {
                let run = PlannedRun(
                    index: product.run.index, policy: model.policy, capacity: .entries(capacity),
                    options: model.options, seed: product.run.seed, repetition: repetition)
                models.append(
                    (
                        position,
                        try MeasuredRun(
                            run: run, expectedRequests: plan.spec.requests, options: options, timerCost: timerCost,
                            keys: plan.spec.keys, hasOperations: plan.spec.hasTraceOperations)
                    ))
            }
        }
        guard !models.isEmpty else { return reports }
        var stream = try WorkloadStream(plan.spec, repetition: repetition)
        var chunk = RequestChunk(capacity: options.chunkSize)
        var done = 0
        while true {
            if isCancelled() { throw CancellationError() }
            let remaining = plan.spec.requests.map { $0 - done } ?? Int.max
            guard remaining > 0 else { break }
            let n = try stream.next(into: &chunk, limit: min(options.chunkSize, remaining))
            guard n > 0 else { break }
            for model in models { model.run.consume(chunk, base: done) }
            done += n
        }
        for model in models {
            try model.run.finish()
            let tally = model.run.tally
            let run = model.run.run
            guard case .entries(let capacity)? = run.capacity else { continue }
            reports[model.product].1.models.append(
                ModelComparison(
                    policy: run.policy, options: run.options, capacity: capacity, hits: tally.hits,
                    hitRatio: tally.requests > 0 ? Double(tally.hits) / Double(tally.requests) : 0,
                    expirations: model.run.countedExpirations))
        }
        return reports
    }
}
