import ArgumentParser
import Foundation
import Harness
import Workload

/// `cachesim _worker`: one worker process of a parallel `run` (internal).
/// Prints `{"progress": n}` lines and, last, a one-line JSON report.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_worker", abstract: "Internal: run part of a plan for a parallel `cachesim run`.",
        shouldDisplay: false)

    @Argument var spec: String
    @Option var runs: String
    @Option var timerCost: Int64
    @Option var options: String

    func run() throws {
        try reportingBadInput {
            let plan = try RunPlan(spec: try WorkloadSpec.load(path: spec))
            let indices = runs.split(separator: ",").compactMap { Int($0) }
            guard !indices.isEmpty, indices.allSatisfy({ plan.runs.indices.contains($0) }) else {
                throw ValidationError("--runs: expected run numbers below \(plan.runs.count), got \(runs)")
            }
            let harnessOptions = try JSONDecoder().decode(HarnessOptions.self, from: Data(options.utf8))
            let encoder = JSONEncoder()
            var pending = 0
            // The parent stops a worker with SIGTERM (and a terminal's Ctrl-C
            // reaches it too): it stops its servers and ends cleanly.
            Interruption.install()
            let results = try RunExecutor.execute(
                plan: plan, indices: indices, options: harnessOptions, timerCost: timerCost,
                progress: { step in
                    pending += step
                    guard pending >= 1 << 20 else { return }
                    Self.emit(try! encoder.encode(ParallelRunner.WorkerProgress(progress: pending)))
                    pending = 0
                }, isCancelled: { Interruption.isRequested })
            if pending > 0 { Self.emit(try encoder.encode(ParallelRunner.WorkerProgress(progress: pending))) }
            Self.emit(try encoder.encode(ParallelRunner.WorkerReport(results: results)))
        }
    }

    static func emit(_ line: Data) {
        FileHandle.standardOutput.write(line + Data("\n".utf8))
    }
}
