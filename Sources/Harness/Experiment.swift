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
        let workers = ParallelRunner.partition(plan.runs, jobs: jobs).count
        var runs = try execute(
            plan: plan, indices: plan.runs.map(\.index), jobs: jobs, executable: executable,
            worker: WorkerSource(path: plan.spec.path), options: options, timerCost: timerCost, progress: progress,
            isCancelled: isCancelled)
        try addCheApproximation(to: &runs, spec: plan.spec)
        addTTLPrediction(to: &runs, spec: plan.spec)
        var result = assemble(
            workload: WorkloadSummary(of: plan.spec), runs: runs, timerCost: timerCost, jobs: max(1, workers),
            latencySampleEvery: options.latencySampleEvery,
            attribution: attribution)
        if let asked = plan.spec.policyCurves {
            if isCancelled() { throw CancellationError() }
            result.curves = try CurveRun.run(plan.spec, asked: asked, threads: max(1, jobs))
        }
        return result
    }

    /// How `measurement.attribution` describes a run's figures.
    public static let attribution =
        "each worker process replays one chunk at a time through one cache at a time; allocator (mallinfo2 uordblks+hblkhd) and RSS (/proc/self/statm) are read just before and after each cache's own work, so their differences belong to that cache"

    /// Where a worker process reads its plan: the spec or sweep file, and
    /// which of a sweep's workloads (nil for a spec).
    public struct WorkerSource: Sendable {
        public var path: String
        public var member: Int?
        public init(path: String, member: Int? = nil) {
            self.path = path
            self.member = member
        }
    }

    /// Runs `indices` of `plan` with up to `jobs` worker processes started
    /// from `executable` (in this process when there is one group or no
    /// executable); results in the order of `indices`.
    public static func execute(
        plan: RunPlan, indices: [Int], jobs: Int, executable: String?, worker: WorkerSource, options: HarnessOptions,
        timerCost: Int64, progress: @escaping @Sendable (Int) -> Void, isCancelled: @escaping @Sendable () -> Bool
    ) throws -> [RunResult] {
        let groups = ParallelRunner.partition(indices.map { plan.runs[$0] }, jobs: jobs)
        guard groups.count > 1, let executable else {
            return try RunExecutor.execute(
                plan: plan, indices: indices, options: options, timerCost: timerCost, progress: progress,
                isCancelled: isCancelled)
        }
        var runner = ParallelRunner(
            executable: executable, specPath: worker.path, options: options, timerCost: timerCost)
        runner.member = worker.member
        let byIndex = Dictionary(
            uniqueKeysWithValues: zip(
                groups.flatMap { $0 }.sorted(),
                try runner.run(groups: groups, progress: progress, isCancelled: isCancelled)
            ))
        return indices.map { byIndex[$0]! }
    }

    /// A result of `runs` (in plan order, Che's approximation already beside
    /// them): the summaries over repetitions are computed here, from the runs.
    public static func assemble(
        workload: WorkloadSummary, runs: [RunResult], timerCost: Int64, jobs: Int, latencySampleEvery: Int,
        attribution: String
    ) -> ExperimentResult {
        ExperimentResult(
            createdAt: ISO8601DateFormatter().string(from: Date()), workload: workload,
            timerCostNanoseconds: timerCost,
            measurement: MeasurementInfo(
                jobs: jobs, latencySampleEvery: latencySampleEvery,
                memorySampleEvery: runs.first.map { run in
                    run.memory.series.count > 1 ? run.memory.series[1].request - run.memory.series[0].request : 0
                } ?? 0,
                attribution: attribution),
            runs: runs, summaries: summarize(runs))
    }

    /// Che's approximation beside every run with an entry capacity of a
    /// policy it models (LRU) on a Zipf workload.
    static func addCheApproximation(to runs: inout [RunResult], spec: WorkloadSpec) throws {
        func predicted(_ run: RunResult) -> Bool {
            run.capacity?.unit == "entries" && run.tier == nil
                && run.options[PolicyOption.expiry.name] != .word("stream")
                && CacheCatalog.named(run.policy)?.capabilities.contains(.followsCheApproximation) == true
        }
        guard case .zipf(let alpha, let universe) = spec.keys, runs.contains(where: predicted),
            let che = CheApproximation(zipfAlpha: alpha, universe: Int(clamping: universe))
        else { return }
        var predictions: [Int: Double] = [:]
        for i in runs.indices where predicted(runs[i]) {
            let capacity = runs[i].capacity!.limit
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

extension WorkloadSummary {
    /// How a result describes `spec`'s workload: its name, file, document
    /// as written, seed, repetitions and bound on distinct keys.
    public init(of spec: WorkloadSpec) {
        self.init(
            name: spec.name, specPath: spec.path, spec: spec.document, seed: spec.seed,
            repetitions: max(1, spec.repetitions),
            distinctKeyLimit: spec.keys.distinctKeyLimit.flatMap { Int(exactly: min($0, UInt64(1) << 62)) })
    }
}
