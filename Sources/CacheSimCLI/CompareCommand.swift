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
        // The full usage line is wider than a terminal; the options are listed below it.
        usage: "cachesim compare <baseline> <current> [<options>]",
        discussion: """
            Runs are matched by label, seed and repetition. Hit counts are deterministic and must match \
            exactly unless a hits tolerance is given; allocator bytes per entry must stay within 2 % \
            (either way) unless the run's allocator bytes moved by less than 8 KiB in all, which the \
            process-wide allocator counter does between identical runs. A run missing from CURRENT is a regression.

            Throughput is compared only when a throughput tolerance is given, and only a slowdown \
            counts. Each run's requests/s is divided by the reference run's in the same result (same \
            seed), so the machine's speed cancels out: the noop run when both results have one, or the \
            policy named by --throughput-reference. Without a reference, requests/s are compared as \
            they are, so both results should come from the same machine.
            """)

    @Argument(help: "The baseline result.json (or run directory).")
    var baseline: String

    @Argument(help: "The current result.json (or run directory).")
    var current: String

    @Option(
        help: ArgumentHelp(
            "Relative tolerances: hits=F,memory=F,throughput=F (fractions, or percentages with %).",
            discussion:
                "Defaults: hits=0 (exact), memory=0.02, memory-floor=8192 (bytes), throughput not compared. Example: --tolerance hits=0.001,throughput=10%",
            valueName: "figure=F,…"
        ))
    var tolerance: String = ""

    @Option(
        help: ArgumentHelp(
            "The policy whose run in each result is the throughput reference "
                + "(default: \(Tolerance.defaultThroughputReference) when both results have one).",
            valueName: "policy"))
    var throughputReference: String?

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
