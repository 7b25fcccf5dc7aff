import ArgumentParser
import Foundation
import Harness
import Report

/// `cachesim compare BASELINE CURRENT`: the regression check.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract:
            "Compare a result with its baseline, run by run; exit 0 within tolerance, 1 on a regression, 2 on bad input.",
        discussion: """
            Runs are matched by label, seed and repetition. Hit counts are deterministic and must match exactly
            unless a hits tolerance is given; allocator bytes per entry must stay within 2 % (either way).
            Throughput is compared only when a throughput tolerance is given, and then as each run's requests/s
            divided by the reference run's (--throughput-reference, default noop) in the same result, so the
            machine's speed cancels out; only a slowdown counts. A run missing from CURRENT is a regression.
            """)

    @Argument(help: "The baseline result.json (or run directory).")
    var baseline: String

    @Argument(help: "The current result.json (or run directory).")
    var current: String

    @Option(
        help: ArgumentHelp(
            "Relative tolerances: hits=F,memory=F,throughput=F (fractions, or percentages with %).",
            discussion:
                "Defaults: hits=0 (exact), memory=0.02, throughput not compared. Example: --tolerance hits=0.001,throughput=10%"
        ))
    var tolerance: String = ""

    @Option(help: "The policy whose run is the throughput reference.")
    var throughputReference: String = "noop"

    @Flag(help: "Print nothing when every run is within tolerance; else only the runs that changed.")
    var quiet = false

    func run() throws {
        let comparison = try reportingBadInput {
            var parsed = try Tolerance(parsing: tolerance)
            parsed.throughputReference = throughputReference
            return try ResultComparison.compare(
                baselinePath: ReportFiles.resultPath(baseline), currentPath: ReportFiles.resultPath(current),
                tolerance: parsed)
        }
        if !quiet || comparison.status != .ok { print(comparison.render(onlyChanges: quiet), terminator: "") }
        if comparison.exitStatus != 0 { throw ExitCode(comparison.exitStatus) }
    }
}
