import Foundation
import Workload

/// Runs a sweep's plan, whole or one shard of it: each workload's share of
/// the units through ``Experiment/execute(plan:indices:jobs:executable:worker:options:timerCost:progress:isCancelled:)``
/// (worker processes re-read the sweep file and pick their workload), with
/// Che's approximation beside LRU as in a single run.
public enum SweepExperiment {
    /// Every workload's result, as `cachesim run` of each would give.
    public static func run(
        plan: SweepPlan, jobs: Int, executable: String?, options: HarnessOptions = HarnessOptions(),
        progress: @escaping @Sendable (Int) -> Void = { _ in }, isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws -> [ExperimentResult] {
        let timerCost = measureTimerCost()
        return try plan.plans.indices.map { workload in
            let runs = try execute(
                plan: plan, workload: workload, indices: plan.plans[workload].runs.map(\.index), jobs: jobs,
                executable: executable, options: options, timerCost: timerCost, progress: progress,
                isCancelled: isCancelled)
            let workers = ParallelRunner.partition(plan.plans[workload].runs, jobs: jobs).count
            var result = Experiment.assemble(
                workload: summary(of: plan, workload), runs: runs, timerCost: timerCost, jobs: max(1, workers),
                latencySampleEvery: options.latencySampleEvery, attribution: Experiment.attribution)
            // Curves come from one process, after the runs (not from shards).
            let spec = plan.plans[workload].spec
            if let asked = spec.policyCurves {
                if isCancelled() { throw CancellationError() }
                result.curves = try CurveRun.run(spec, asked: asked, threads: max(1, jobs))
            }
            return result
        }
    }

    /// Shard `index` of `count`: the units ``SweepPlan/shard(_:of:)`` gives it.
    public static func runShard(
        plan: SweepPlan, index: Int, count: Int, jobs: Int, executable: String?,
        options: HarnessOptions = HarnessOptions(), progress: @escaping @Sendable (Int) -> Void = { _ in },
        isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws -> ShardResult {
        let timerCost = measureTimerCost()
        let units = plan.shard(index, of: count)
        let byWorkload = Dictionary(grouping: units, by: { plan.units[$0].workload })
        var workloads: [ShardWorkload] = []
        var workers = 1
        for workload in byWorkload.keys.sorted() {
            let mine = byWorkload[workload]!
            let indices = mine.map { plan.units[$0].run }
            let runs = try execute(
                plan: plan, workload: workload, indices: indices, jobs: jobs, executable: executable, options: options,
                timerCost: timerCost, progress: progress, isCancelled: isCancelled)
            workers = max(
                workers, ParallelRunner.partition(indices.map { plan.plans[workload].runs[$0] }, jobs: jobs).count)
            workloads.append(
                ShardWorkload(
                    index: workload, plannedRuns: plan.plans[workload].runs.count,
                    workload: summary(of: plan, workload),
                    runs: zip(mine, runs).map { ShardRun(unit: $0, run: plan.units[$0].run, result: $1) }))
        }
        return ShardResult(
            specHash: plan.specHash, shard: index, shards: count, planUnits: plan.units.count,
            createdAt: ISO8601DateFormatter().string(from: Date()), host: ProcessInfo.processInfo.hostName,
            timerCostNanoseconds: timerCost, jobs: workers, latencySampleEvery: options.latencySampleEvery,
            workloads: workloads)
    }

    /// Runs `indices` of one workload, with Che's approximation beside them.
    private static func execute(
        plan: SweepPlan, workload: Int, indices: [Int], jobs: Int, executable: String?, options: HarnessOptions,
        timerCost: Int64, progress: @escaping @Sendable (Int) -> Void, isCancelled: @escaping @Sendable () -> Bool
    ) throws -> [RunResult] {
        let runPlan = plan.plans[workload]
        var runs = try Experiment.execute(
            plan: runPlan, indices: indices, jobs: jobs, executable: executable,
            worker: Experiment.WorkerSource(path: plan.sweep.path, member: plan.sweep.isSweepFile ? workload : nil),
            options: options, timerCost: timerCost, progress: progress, isCancelled: isCancelled)
        try Experiment.addCheApproximation(to: &runs, spec: runPlan.spec)
        Experiment.addTTLPrediction(to: &runs, spec: runPlan.spec)
        return runs
    }

    /// How the result of workload `workload` describes it.
    static func summary(of plan: SweepPlan, _ workload: Int) -> WorkloadSummary {
        WorkloadSummary(of: plan.sweep.members[workload].spec)
    }
}
