import Caches
import Histogram
import Products
import Stats
import Workload

/// Runs part of a plan in this process, one thing at a time: for each repetition (seed),
/// the stream is generated once per chunk and each cache replays the chunk
/// in turn. The figures of each cache are therefore its own (see
/// ``MeasuredRun``); parallelism comes from running several executors in
/// separate processes (``ParallelRunner``).
public enum RunExecutor {
    /// Runs `indices` of `plan` and returns their results in that order.
    /// `progress` is told how many requests (summed over caches) were just
    /// replayed; `isCancelled` is asked once per chunk.
    public static func execute(
        plan: RunPlan, indices: [Int], options: HarnessOptions = HarnessOptions(), timerCost: Int64,
        progress: (Int) -> Void = { _ in }, isCancelled: () -> Bool = { false }
    ) throws -> [RunResult] {
        var results: [Int: RunResult] = [:]
        let byRepetition = Dictionary(grouping: indices.map { plan.runs[$0] }, by: \.repetition)
        for repetition in byRepetition.keys.sorted() {
            let runs = byRepetition[repetition]!.sorted { $0.index < $1.index }
            let measured = try runs.map { run in
                do {
                    return try MeasuredRun(
                        run: run, expectedRequests: plan.spec.requests, options: options, timerCost: timerCost,
                        hasTimes: plan.spec.hasRequestTimes, warmup: plan.spec.warmup, keys: plan.spec.keys,
                        hasOperations: plan.spec.hasTraceOperations)
                } catch let error as PolicyError where run.isProduct {
                    // A server that would not start: say which run of which spec.
                    throw WorkloadError(file: plan.spec.path, location: run.label, error.description)
                }
            }
            var stream = try WorkloadStream(plan.spec, repetition: repetition)
            // The offline optimum needs every request's next access: read
            // with the requests when the trace records it (oracleGeneral),
            // else from a pass over the whole stream before the replay.
            let needsFuture = runs.contains { CacheCatalog.named($0.policy)?.needsFuture == true }
            stream.fillsNextAccess = needsFuture && stream.suppliesNextAccess
            let future =
                needsFuture && !stream.fillsNextAccess ? try NextAccessIndex(plan.spec, repetition: repetition) : nil
            // The whole one-pass curve (LRU's stack distances), when the
            // spec asks for curves, drawn beside the simulated points: taken
            // at log-spaced capacities and at every entry capacity of the
            // plan (not only this process's share), so it is the same
            // whichever worker ran the policy.
            let curveRuns = plan.spec.curves ? runs.filter(\.hasOnePassCurve) : []
            let planCapacities = Set(
                plan.runs.compactMap { run -> Int? in
                    guard case .entries(let n)? = run.capacity else { return nil }
                    return n
                })
            let stackDistances = curveRuns.isEmpty ? nil : StackDistanceHistogram()
            // A batch of chunks is generated, then replayed by each cache in
            // turn: switching caches every few thousand requests would leave
            // each one's storage cold in the CPU caches and measure that.
            var batch = (0..<max(1, options.chunksPerBatch)).map { _ in RequestChunk(capacity: options.chunkSize) }
            var firstRequests = FirstRequests(plan.spec.keys)
            var done = 0
            var ended = false
            while !ended {
                if isCancelled() { throw CancellationError() }
                var filled = 0
                var batchRequests = 0
                while filled < batch.count {
                    let remaining = plan.spec.requests.map { $0 - done - batchRequests } ?? Int.max
                    guard remaining > 0 else { ended = true; break }
                    let n = try stream.next(into: &batch[filled], limit: min(options.chunkSize, remaining))
                    guard n > 0 else { ended = true; break }
                    let start = done + batchRequests
                    if let future { batch[filled].nextAccess.append(contentsOf: future.values[start..<start + n]) }
                    if let stackDistances { batch[filled].keys.withUnsafeBufferPointer { stackDistances.record($0) } }
                    firstRequests.mark(&batch[filled])
                    batchRequests += n
                    filled += 1
                }
                guard filled > 0 else { break }
                for run in measured {
                    var base = done
                    for chunk in batch[0..<filled] {
                        // Asked per chunk, not per batch: a batch is every
                        // cache replaying millions of requests, seconds in
                        // a debug build, and Ctrl-C should not wait for it.
                        if isCancelled() { throw CancellationError() }
                        run.consume(chunk, base: base)
                        base += chunk.count
                        // A product that stopped serving (its server killed,
                        // or stopped by an interruption) ends the run.
                        do { try run.checkProduct() } catch let error as ProductError {
                            if isCancelled() { throw CancellationError() }
                            throw WorkloadError(file: plan.spec.path, location: run.run.label, error.description)
                        }
                    }
                    try checkMemory(against: options.memoryLimit, after: run.run)
                    progress(batchRequests)
                }
                done += batchRequests
            }
            let curve = stackDistances.map { histogram in
                histogram.curve(
                    capacities: Array(
                        Set(MissRatioCurve.logSpacedCapacities(upTo: max(1, histogram.largestDistance))).union(
                            planCapacities)
                    ).sorted())
            }
            for run in measured {
                do { try run.finish() } catch let error as ProductError {
                    throw WorkloadError(file: plan.spec.path, location: run.run.label, error.description)
                }
                results[run.run.index] = result(of: run, spec: plan.spec, options: options, timerCost: timerCost)
                if curveRuns.contains(run.run) { results[run.run.index]!.lruCurve = curve }
            }
            // Each product beside simulated policies at its effective entry
            // capacity, on this repetition's stream once more.
            for (index, report) in try ProductComparison.compare(
                measured.compactMap { run in run.productReport.map { (run.run, $0, run.comparisonModels) } },
                plan: plan,
                repetition: repetition, options: options, timerCost: timerCost, isCancelled: isCancelled)
            {
                results[index]!.product = report
            }
        }
        return indices.map { results[$0]! }
    }

    /// Throws ``MemoryLimitExceeded`` when this process's resident set is
    /// above `limit` bytes, just after `run` replayed a batch.
    static func checkMemory(against limit: Int?, after run: PlannedRun) throws(MemoryLimitExceeded) {
        guard let limit else { return }
        let resident = MemoryProbe.residentBytes()
        if resident > limit { throw MemoryLimitExceeded(limit: limit, resident: resident, label: run.label) }
    }

    /// Measures one run over requests already in memory: the same
    /// measurement as ``execute(plan:indices:options:timerCost:progress:isCancelled:)``
    /// without the stream generation, for benchmarks that compare the
    /// harness with a bare replay of the same chunks.
    public static func measure(
        run: PlannedRun, spec: WorkloadSpec, chunks: [RequestChunk], options: HarnessOptions = HarnessOptions(),
        timerCost: Int64
    ) throws -> RunResult {
        let total = chunks.reduce(0) { $0 + $1.count }
        let measured = try MeasuredRun(
            run: run, expectedRequests: total, options: options, timerCost: timerCost, hasTimes: spec.hasRequestTimes,
            warmup: spec.warmup, keys: spec.keys, hasOperations: spec.hasTraceOperations)
        var firstRequests = FirstRequests(spec.keys)
        var done = 0
        for var chunk in chunks {
            firstRequests.mark(&chunk)
            measured.consume(chunk, base: done)
            done += chunk.count
        }
        try measured.finish()
        return result(of: measured, spec: spec, options: options, timerCost: timerCost)
    }

    static func result(
        of measured: MeasuredRun, spec: WorkloadSpec, options: HarnessOptions, timerCost: Int64
    ) -> RunResult {
        let run = measured.run
        let tally = measured.countedTally
        let series = measured.series
        let hitRatio = tally.requests > 0 ? Double(tally.hits) / Double(tally.requests) : 0
        let memory = MemoryReport(
            series: series, verdict: MemoryVerdict.assess(series, budget: options.memoryBudget ?? spec.memoryBudget),
            finalEntries: series.last?.entries ?? 0, peakEntries: series.map(\.entries).max() ?? 0,
            finalAllocatorBytes: series.last?.allocatorBytes ?? 0,
            peakAllocatorBytes: series.map(\.allocatorBytes).max() ?? 0,
            finalStorageBytes: series.last?.storageBytes ?? 0, peakStorageBytes: series.map(\.storageBytes).max() ?? 0,
            finalRSSBytes: series.last?.rssBytes ?? 0, peakRSSBytes: series.map(\.rssBytes).max() ?? 0)
        let seconds = Double(measured.replayNanoseconds) / 1e9
        let service = spec.missPenalty.map {
            ServiceLatencyModel(missPenalty: $0, hitCost: spec.hitCost, samples: options.serviceLatencySamples)
                .latency(hitRatio: hitRatio, seed: run.seed)
        }
        var result = RunResult(
            policy: run.policy, label: run.label, capacity: run.capacity, options: run.options,
            seed: run.seed, repetition: run.repetition,
            requests: tally.requests, hits: tally.hits, misses: tally.requests - tally.hits, hitRatio: hitRatio,
            bytesRequested: tally.bytesRequested, bytesHit: tally.bytesHit,
            byteHitRatio: tally.bytesRequested > 0 ? Double(tally.bytesHit) / Double(tally.bytesRequested) : 0,
            evictions: measured.countedEvictions, memory: memory,
            latency: LatencyReport(
                get: Percentiles(measured.getLatency), set: Percentiles(measured.setLatency),
                sampleEvery: options.latencySampleEvery, timerCostNanoseconds: timerCost),
            throughput: Throughput(
                requestsPerSecond: seconds > 0 ? Double(measured.replayedRequests) / seconds : 0,
                replayedRequests: measured.replayedRequests, replaySeconds: seconds),
            serviceLatency: service, cheHitRatio: nil, tier: (measured.cache as? CacheTier).map(TierReport.init))
        result.warm = WarmState.detect(series)
        result.warmupRequests = measured.warmupTally?.requests
        result.expirations = measured.countedExpirations
        // A server expires keys of its own accord and does not say which of
        // its misses found one expired: its misses get no causes.
        if !(measured.cache is any ProductCache && measured.cache.expires) {
            result.missCauses = measured.countedCauses
            precondition(
                result.missCauses!.total == result.misses,
                "\(run.label): misses by cause \(result.missCauses!) do not sum to its \(result.misses) misses")
        }
        return result
    }
}

extension Percentiles {
    init(_ histogram: Histogram<UInt64>) {
        guard histogram.totalCount > 0 else {
            self.init(count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0)
            return
        }
        self.init(
            count: Int(histogram.totalCount),
            p50: Int(histogram.valueAtPercentile(50)), p90: Int(histogram.valueAtPercentile(90)),
            p99: Int(histogram.valueAtPercentile(99)), p999: Int(histogram.valueAtPercentile(99.9)),
            max: Int(histogram.max), mean: histogram.mean)
    }
}

/// A run passed its memory cap (`--max-memory`) and was stopped before the
/// kernel had to step in; nothing is written.
public struct MemoryLimitExceeded: Error, CustomStringConvertible {
    /// The cap, in bytes.
    public let limit: Int
    /// The resident set measured, in bytes.
    public let resident: Int
    /// The run that was replaying when the cap was passed.
    public let label: String

    public var description: String {
        "memory limit exceeded: the process holds \(resident) bytes, above the memory limit of \(limit) bytes (--max-memory; without it, 90 % of physical memory shared among the worker processes), while replaying \(label); stopped, no result was written (raise --max-memory or lower the capacity or requests)"
    }
}
