import ArgumentParser
import Foundation
import Harness
import Report
import Workload

/// `cachesim run SPEC`: the main job.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Replay a workload through every cache of its spec; measure hit rate, memory over time and latency.",
        // The full usage line is wider than a terminal; the options are listed below it.
        usage: "cachesim run <spec> [<options>]",
        discussion: """
            Writes result.json, series.csv, report.md and report.html to Results/runs/<name>-<UTC time>/ \
            (or --out: a new or empty directory), atomically: an interrupted run leaves no result \
            directory. Results/README.md documents every field.

            A sweep file (Workloads/README.md, "Sweeps") runs several workloads as one plan and writes \
            one such directory per workload inside --out. With --shard I/N, only shard I of the plan's \
            partition into N runs (the same on every machine), and --out receives shard.json, for \
            `cachesim merge`; a --out that already holds this shard, complete and of the same spec, is \
            left as it is (exit 0), so a resubmitted job skips it.
            """)

    @Argument(help: "The workload spec or sweep file (JSON; see Workloads/README.md).")
    var spec: String

    @Option(
        help: ArgumentHelp(
            "The result directory: a new or empty one (default: Results/runs/<name>-<UTC time>).",
            valueName: "directory"))
    var out: String?

    @Option(help: "What to print: table, json (the result.json) or csv (one row per run).")
    var format: ResultOutput.Format = .table

    @Option(
        help: ArgumentHelp(
            "Run only shard I (from 0) of the plan's partition into N, writing shard.json into --out.",
            valueName: "I/N"))
    var shard: String?

    @Option(help: "Worker processes (default: one per core).")
    var jobs: Int?

    @Option(
        name: .customLong("max-memory"),
        help: ArgumentHelp(
            "Stop the run, writing nothing, when a process's resident memory passes this (bytes, or 512M, 4G…; default: 90 % of physical memory shared among the workers).",
            discussion:
                "Checked after each cache's turn on a batch of requests, in every worker process; exit status 2. Use --jobs 1 to give one process the whole default.",
            valueName: "bytes"))
    var maxMemory: ByteCount?

    @Option(
        name: .customLong("memory-budget"),
        help: ArgumentHelp(
            "The memory budget the verdicts forecast against (bytes, or 512M, 4G…; default: the spec's memoryBudget, if any).",
            discussion:
                "Each growing cache's verdict says when its forecast reaches the budget, in requests and, when the workload has request times, in seconds of virtual time.",
            valueName: "bytes"))
    var memoryBudget: ByteCount?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if let shard, ShardSelection(argument: shard) == nil {
            throw ValidationError(
                "--shard: expected I/N, shard I of N counted from 0 (0 ≤ I < N ≤ 1000000), e.g. 3/8; got '\(shard)'")
        }
    }

    func run() throws {
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        try reportingBadInput {
            let specPath = try InputPath.resolve(spec)
            let sweep = try Sweep.load(path: specPath)
            if sweep.isSweepFile || shard != nil {
                return try runSweep(try SweepPlan(sweep: sweep), jobs: jobs)
            }
            let workload = sweep.members[0].spec
            let plan = try RunPlan(spec: workload)
            try WorkloadStream.checkNotEmpty(workload)
            let destination =
                out.map { URL(fileURLWithPath: $0) }
                ?? ResultWriter.defaultDestination(
                    root: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), workloadName: workload.name)
            let writer = try ResultWriter(destination: destination)

            Interruption.install()
            let total = workload.requests.map { $0 * plan.runs.count }
            let progress = ProgressBar(total: total, enabled: !quiet)
            var options = HarnessOptions()
            options.memoryLimit =
                maxMemory?.bytes
                ?? HarnessOptions.defaultMemoryLimit(workers: min(jobs, plan.runs.count))
            options.memoryBudget = memoryBudget?.bytes
            let result = try Experiment.run(
                plan: plan, jobs: jobs, executable: Self.currentExecutable(), options: options,
                progress: { progress.advance($0) }, isCancelled: { Interruption.isRequested })
            progress.finish()
            if Interruption.isRequested { throw CancellationError() }

            try writer.write(try ResultOutput.files([result]))
            guard !quiet else { return }
            try ResultOutput.print(
                [result], format: format, note: guessedFormatNote(workload), destination: writer.destination)
        }
    }

    /// A sweep file, or one shard of any plan.
    private func runSweep(_ plan: SweepPlan, jobs: Int) throws {
        let selection = shard.flatMap(ShardSelection.init(argument:))
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let destination =
            out.map { URL(fileURLWithPath: $0) }
            ?? (selection.map {
                root.appendingPathComponent("Results/runs/\(plan.sweep.name)-shard-\($0.index)-of-\($0.count)")
            }
                ?? ResultWriter.defaultDestination(root: root, workloadName: plan.sweep.name))
        if let selection, try Self.alreadyDone(selection, of: plan, in: destination) {
            if !quiet {
                print("shard \(selection.index)/\(selection.count) is already complete in \(destination.path): skipped")
            }
            return
        }
        let units = selection.map { plan.shard($0.index, of: $0.count) } ?? Array(plan.units.indices)
        for workload in Set(units.map { plan.units[$0].workload }).sorted() {
            try WorkloadStream.checkNotEmpty(plan.plans[workload].spec)
        }
        let writer = try ResultWriter(destination: destination, sharedFolder: selection != nil)
        Interruption.install()
        let total = units.reduce(0) { $0 + (plan.plans[plan.units[$1].workload].spec.requests ?? 0) }
        let progress = ProgressBar(total: total > 0 ? total : nil, enabled: !quiet)
        var options = HarnessOptions()
        options.memoryLimit =
            maxMemory?.bytes ?? HarnessOptions.defaultMemoryLimit(workers: max(1, min(jobs, units.count)))
        options.memoryBudget = memoryBudget?.bytes
        let executable = Self.currentExecutable()
        if let selection {
            let result = try SweepExperiment.runShard(
                plan: plan, index: selection.index, count: selection.count, jobs: jobs, executable: executable,
                options: options, progress: { progress.advance($0) }, isCancelled: { Interruption.isRequested })
            progress.finish()
            if Interruption.isRequested { throw CancellationError() }
            try writer.write([(ShardResult.fileName, try result.jsonData())])
            if !quiet {
                print(
                    "shard \(result.label): \(units.count) of \(plan.units.count) units → \(writer.destination.path)/\(ShardResult.fileName)"
                )
            }
            return
        }
        let results = try SweepExperiment.run(
            plan: plan, jobs: jobs, executable: executable, options: options, progress: { progress.advance($0) },
            isCancelled: { Interruption.isRequested })
        progress.finish()
        if Interruption.isRequested { throw CancellationError() }
        try writer.write(try ResultOutput.files(results))
        guard !quiet else { return }
        try ResultOutput.print(results, format: format, note: nil, destination: writer.destination)
    }

    /// Whether `destination` already holds shard `selection` of `plan`,
    /// complete; throws when it holds another plan's or a damaged one,
    /// which must not be overwritten silently.
    static func alreadyDone(_ selection: ShardSelection, of plan: SweepPlan, in destination: URL) throws -> Bool {
        let file = destination.appendingPathComponent(ShardResult.fileName).path
        guard FileManager.default.fileExists(atPath: file) else { return false }
        let done = try ShardResult.read(from: file)
        guard done.specHash == plan.specHash, done.shard == selection.index, done.shards == selection.count else {
            throw OutputError(
                "\(destination.path): holds shard \(done.label) of another plan (spec hash \(done.specHash.prefix(12))…, this one's \(plan.specHash.prefix(12))…); remove it or choose another --out"
            )
        }
        return true
    }

    /// This binary, for starting worker processes.
    static func currentExecutable() -> String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first
    }
}
