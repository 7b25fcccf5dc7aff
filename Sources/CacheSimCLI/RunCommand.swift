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
            """)

    @Argument(help: "The workload spec (JSON; see Workloads/README.md).")
    var spec: String

    @Option(
        help: ArgumentHelp(
            "The result directory: a new or empty one (default: Results/runs/<name>-<UTC time>).",
            valueName: "directory"))
    var out: String?

    @Option(help: "What to print: table, json (the result.json) or csv (one row per run).")
    var format: OutputFormat = .table

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

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    func run() throws {
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        try reportingBadInput {
            let specPath = try InputPath.resolve(spec)
            let workload = try WorkloadSpec.load(path: specPath)
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

            try writer.write(
                [
                    ("result.json", try result.jsonData()),
                    ("series.csv", result.seriesCSV()),
                ] + ReportFiles.render([result]))
            guard !quiet else { return }
            let note = guessedFormatNote(workload)
            switch format {
            case .table:
                if let note { print(note) }
                print(RunTable.render(result))
                print("Result: \(writer.destination.path)/result.json")
            case .json:
                if let note { printError("note: \(note)") }
                print(String(decoding: try result.jsonData(), as: UTF8.self))
            case .csv:
                if let note { printError("note: \(note)") }
                print(RunCSV.render([result]), terminator: "")
            }
        }
    }

    /// This binary, for starting worker processes.
    static func currentExecutable() -> String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first
    }
}
