import Caches
import Foundation
import Stats
import Workload

/// A whole `cachesim run`: every run of a plan, executed in this process or
/// in worker processes, with Che's prediction beside LRU and means with
/// confidence intervals over repetitions.
public enum Experiment {
    /// Runs `plan` with up to `jobs` worker processes (`executable` is the
    /// `cachesim` binary to start them from; `jobs` 1 runs in this process).
    public static func run(
        plan: RunPlan, jobs: Int, executable: String?, options: HarnessOptions = HarnessOptions(),
        progress: @escaping @Sendable (Int) -> Void = { _ in }, isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws -> ExperimentResult {
        let timerCost = measureTimerCost()
        let groups = ParallelRunner.partition(plan.runs, jobs: jobs)
        var runs: [RunResult]
        if groups.count <= 1 || executable == nil {
            runs = try RunExecutor.execute(
                plan: plan, indices: plan.runs.map(\.index), options: options, timerCost: timerCost,
                progress: progress, isCancelled: isCancelled)
        } else {
            runs = try ParallelRunner(
                executable: executable!, specPath: plan.spec.path, options: options, timerCost: timerCost
            )
            .run(groups: groups, progress: progress, isCancelled: isCancelled)
        }
        try addCheApproximation(to: &runs, spec: plan.spec)
        addTTLPrediction(to: &runs, spec: plan.spec)
        return ExperimentResult(
            createdAt: ISO8601DateFormatter().string(from: Date()),
            workload: WorkloadSummary(
                name: plan.spec.name, specPath: plan.spec.path, spec: plan.spec.document, seed: plan.spec.seed,
                repetitions: max(1, plan.spec.repetitions),
                distinctKeyLimit: plan.spec.keys.distinctKeyLimit.flatMap { Int(exactly: min($0, UInt64(1) << 62)) }),
            timerCostNanoseconds: timerCost,
            measurement: MeasurementInfo(
                jobs: max(1, groups.count), latencySampleEvery: options.latencySampleEvery,
                memorySampleEvery: runs.first.map { run in
                    run.memory.series.count > 1 ? run.memory.series[1].request - run.memory.series[0].request : 0
                } ?? 0,
                attribution:
                    "each worker process replays one chunk at a time through one cache at a time; allocator (mallinfo2 uordblks+hblkhd) and RSS (/proc/self/statm) are read just before and after each cache's own work, so their differences belong to that cache"
            ),
            runs: runs, summaries: summarize(runs))
    }

    /// Che's approximation beside every run with an entry capacity of a
    /// policy it models (LRU) on a Zipf workload.
    static func addCheApproximation(to runs: inout [RunResult], spec: WorkloadSpec) throws {
        func predicted(_ run: RunResult) -> Bool {
            run.capacity?.unit == "entries"
                && CacheCatalog.named(run.policy)?.capabilities.contains(.followsCheApproximation) == true
        }
        guard case .zipf(let alpha, let universe) = spec.keys, runs.contains(where: predicted),
            let che = CheApproximation(zipfAlpha: alpha, universe: Int(clamping: universe))
        else { return }
        var predictions: [Int: Double] = [:]
        for i in runs.indices where predicted(runs[i]) {
            let capacity = runs[i].capacity!.value
            if predictions[capacity] == nil { predictions[capacity] = try che.lruHitRatio(capacity: capacity) }
            runs[i].cheHitRatio = predictions[capacity]
        }
    }

    /// One row per label: means and 95 % intervals over repetitions.
    static func summarize(_ runs: [RunResult]) -> [RunSummary] {
        var order: [String] = []
        var byLabel: [String: [RunResult]] = [:]
        for run in runs {
            if byLabel[run.label] == nil { order.append(run.label) }
            byLabel[run.label, default: []].append(run)
        }
        return order.map { label in
            let group = byLabel[label]!
            let hit = MeanInterval.of(group.map(\.hitRatio), confidence: 0.95)
            let rate = MeanInterval.of(group.map(\.throughput.requestsPerSecond), confidence: 0.95)
            let byteHit = group.map(\.byteHitRatio).reduce(0, +) / Double(group.count)
            return RunSummary(
                policy: group[0].policy, label: label, capacity: group[0].capacity, repetitions: group.count,
                hitRatio: hit.mean, hitRatioHalfWidth: hit.halfWidth, byteHitRatio: byteHit,
                requestsPerSecond: rate.mean, requestsPerSecondHalfWidth: rate.halfWidth,
                cheHitRatio: group[0].cheHitRatio)
        }
    }
}
