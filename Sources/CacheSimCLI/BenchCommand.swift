import ArgumentParser
import Caches
import Foundation
import Harness
import Report
import Workload

/// `cachesim bench SPEC`: the speed of each cache's bare replay, for the
/// regression gate of `cachesim compare`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time each cache's bare replay in interleaved rounds (and count its instructions); write bench.json.",
        usage: "cachesim bench <spec> [<options>]",
        discussion: """
            The spec's stream is generated once and held in memory. Each round replays it through every \
            cache once — no latency sampling, no memory probes — in an order that changes from round to \
            round, beside a noop reference (added when the spec has none). Per cache: nanoseconds per \
            request and requests/s as a median with a 95 % interval over the rounds, and the time over \
            the reference's in the same round, which `cachesim compare` gates on.

            With --instructions, each cache's replay is also run under Valgrind's callgrind, which \
            counts the instructions (and simulated last-level cache misses) of the replay alone: a \
            figure that does not move with the machine's load. Needs valgrind and strip \
            (Scripts/install-deps installs them).

            With --calibrate, nothing is written: the gate is tried on this machine against known \
            slowdowns of a noop run with busy work, and the smallest slowdown it catches in 95 % of \
            the trials is printed with its false-alarm rate.
            """)

    @Argument(help: "The workload spec (JSON; see Workloads/README.md).")
    var spec: String

    @Option(
        help: ArgumentHelp(
            "The bench file to write (default: Results/bench/<name>-<UTC time>.json).", valueName: "file"))
    var out: String?

    @Option(help: "Timed rounds (each replays every cache once).")
    var rounds = 24

    @Option(help: "Untimed rounds before them.")
    var warmupRounds = 1

    @Option(help: "Replay at most this many requests of the spec's stream (default: the spec's).")
    var requests: Int?

    @Flag(help: "Also count each replay's instructions under Valgrind (callgrind).")
    var instructions = false

    @Option(help: "Requests each instruction count replays (default: all, at most 1,000,000).")
    var instructionRequests: Int?

    @Option(
        help: ArgumentHelp(
            "Another cachesim build (the baseline's) to bench in alternating rounds with this one.",
            discussion:
                "Both builds meet the machine in the same state, which benches taken one after the other do not. Writes this build's bench file (--out) and the other's (--against-out).",
            valueName: "executable"))
    var against: String?

    @Option(help: "With --against or --calibrate: worker processes per build, the rounds spread over them.")
    var processes = BenchAgainst.defaultProcesses

    @Option(
        help: ArgumentHelp(
            "With --against: the other build's bench file (default: --out's name with .against before .json).",
            valueName: "file"))
    var againstOut: String?

    @Flag(help: "Measure how small a slowdown the time gate catches here, and its false alarms; write nothing.")
    var calibrate = false

    @Option(help: "With --calibrate: trials per slowdown.")
    var trials = 20

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if rounds < 1 { throw ValidationError("--rounds must be at least 1, got \(rounds)") }
        if warmupRounds < 0 { throw ValidationError("--warmup-rounds must be 0 or more, got \(warmupRounds)") }
        if let requests, requests < 1 { throw ValidationError("--requests must be at least 1, got \(requests)") }
        if let instructionRequests, instructionRequests < 1 {
            throw ValidationError("--instruction-requests must be at least 1, got \(instructionRequests)")
        }
        if trials < 1 { throw ValidationError("--trials must be at least 1, got \(trials)") }
        if processes < 1 { throw ValidationError("--processes must be at least 1, got \(processes)") }
        if calibrate && out != nil { throw ValidationError("--calibrate writes nothing: drop --out") }
        if calibrate && against != nil { throw ValidationError("--calibrate benches no other build: drop --against") }
        if againstOut != nil && against == nil { throw ValidationError("--against-out needs --against") }
        if let against, !FileManager.default.isExecutableFile(atPath: against) {
            throw ValidationError("--against: \(against) is not an executable file")
        }
    }

    func run() throws {
        try reportingBadInput {
            let specPath = try InputPath.resolve(spec)
            let workload = try WorkloadSpec.load(path: specPath)
            let plan = try RunPlan(spec: workload)
            let runs = try Bench.runs(of: plan)
            let options = BenchOptions(rounds: rounds, warmupRounds: warmupRounds, requests: requests)
            let held = try BenchRequests(workload, limit: requests ?? (calibrate ? 50_000 : nil), for: runs)
            Interruption.install()
            if calibrate { return try runCalibration(runs, held, options: options) }

            let destination = try outputPath(name: workload.name)
            let this = RunCommand.currentExecutable() ?? "cachesim"
            var builds: [(executable: String, runs: [BenchRun], destination: String)]
            if let against {
                let progress = ProgressBar(total: 2 * (rounds + processes * warmupRounds), enabled: !quiet)
                let timed = try BenchAgainst.run(
                    specPath: specPath, sides: [.init(executable: against), .init(executable: this)],
                    options: options, processes: processes, progress: { _ in progress.advance(1) },
                    isCancelled: { Interruption.isRequested })
                progress.finish()
                let other =
                    againstOut
                    ?? (destination.hasSuffix(".json")
                        ? String(destination.dropLast(5)) + ".against.json" : destination + ".against.json")
                builds = [(this, timed[1], destination), (against, timed[0], other)]
            } else {
                let progress = ProgressBar(
                    total: (rounds + warmupRounds) * runs.count * held.count, enabled: !quiet)
                let timed = try Bench.time(
                    runs, over: held, options: options, progress: { progress.advance($0) },
                    isCancelled: { Interruption.isRequested })
                progress.finish()
                builds = [(this, timed, destination)]
            }
            if instructions {
                // Which run is being counted, on a terminal only (a log would keep every line).
                let showsCounting = !quiet && isatty(STDERR_FILENO) == 1
                let counted = min(instructionRequests ?? min(held.count, 1_000_000), held.count)
                for b in builds.indices {
                    let counter = try InstructionCounter(executable: builds[b].executable)
                    for i in builds[b].runs.indices {
                        if showsCounting {
                            FileHandle.standardError.write(
                                Data("counting \(builds[b].runs[i].label)…\r\u{1B}[K".utf8))
                        }
                        builds[b].runs[i].instructions = try counter.count(
                            specPath: specPath, label: builds[b].runs[i].label, requests: counted,
                            isCancelled: { Interruption.isRequested })
                    }
                }
                if showsCounting { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            }
            if Interruption.isRequested { throw CancellationError() }
            let pairing = builds.count > 1 ? UUID().uuidString : nil
            for build in builds.reversed() {
                let result = Bench.result(
                    runs: build.runs, requests: held, specPath: specPath, options: options, pairing: pairing)
                try ResultOutput.writeWhole(result.jsonData(), to: build.destination, what: "the bench file")
                if !quiet {
                    if builds.count > 1 { print("\(build.executable):") }
                    print(BenchTable.render(result, destination: build.destination))
                }
            }
            if builds.count > 1 && !quiet {
                print("Compare them with: cachesim compare \(builds[1].destination) \(builds[0].destination)")
            }
        }
    }

    /// `--out`, or Results/bench/<name>-<UTC time>.json; its folder is created.
    private func outputPath(name: String) throws -> String {
        let path =
            out
            ?? ResultWriter.defaultDestination(
                root: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), workloadName: name
            ).path.replacingOccurrences(of: "/Results/runs/", with: "/Results/bench/") + ".json"
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw OutputError("\(path): --out is a directory; give the bench file's path, e.g. \(path)/bench.json")
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw OutputError(
                    "\(folder): cannot create the folder for the bench file: \(error.localizedDescription)")
            }
        }
        return path
    }

    private func runCalibration(_ runs: [PlannedRun], _ held: BenchRequests, options: BenchOptions) throws {
        var calibration = BenchCalibration.Options()
        calibration.trials = trials
        var benchOptions = options
        benchOptions.requests = held.count
        calibration.bench = benchOptions
        let pairs = 1 + trials * (1 + calibration.slowdowns.count)
        let progress = ProgressBar(
            total: pairs * 2 * (options.rounds + processes * options.warmupRounds), enabled: !quiet)
        let result = try BenchCalibration.run(
            specPath: held.spec.path, executable: RunCommand.currentExecutable() ?? "cachesim", options: calibration,
            processes: processes, progress: { _ in progress.advance(1) }, isCancelled: { Interruption.isRequested })
        progress.finish()
        if Interruption.isRequested { throw CancellationError() }
        print(BenchTable.render(result, requests: held.count))
        guard instructions else { return }
        // The same slowdowns in instructions: one count per level, each
        // deterministic, so one is enough.
        let counter = try InstructionCounter(executable: RunCommand.currentExecutable() ?? "cachesim")
        let counted = min(instructionRequests ?? held.count, held.count)
        var counts: [InstructionCount] = []
        for row in result.rows {
            counts.append(
                try counter.count(
                    specPath: held.spec.path, label: "", requests: counted, noopWork: row.work,
                    isCancelled: { Interruption.isRequested }))
        }
        print(BenchTable.renderInstructions(result, counts: counts, tolerance: 0.01))
    }
}

/// `cachesim bench-count`: one run's replay, for the instruction counter
/// (internal: run under Valgrind by `bench --instructions`).
struct BenchCountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-count", abstract: "Internal: replay one run of a bench, for counting its instructions.",
        shouldDisplay: false)

    @Argument var spec: String
    @Option(name: .customLong("run")) var label: String
    @Option var requests: Int
    @Option var noopWork: Int?

    func run() throws {
        try reportingBadInput {
            let tally = try Bench.replayForCounting(
                try WorkloadSpec.load(path: spec), label: label, requests: requests, noopWork: noopWork)
            print("hits \(tally.hits) requests \(tally.requests)")
        }
    }
}

/// `cachesim bench-worker`: one build's side of `bench --against`
/// (internal): takes rounds when told, over standard input and output.
struct BenchWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-worker", abstract: "Internal: one build's rounds of `cachesim bench --against`.",
        shouldDisplay: false)

    @Argument var spec: String
    @Option var requests: Int?
    @Option var noopWork: Int?

    func run() throws {
        try reportingBadInput { try BenchAgainst.serve(specPath: spec, requests: requests, noopWork: noopWork) }
    }
}
