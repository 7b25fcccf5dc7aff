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

            Two bench files (`cachesim bench`) are compared instead by hits (exactly), instructions per \
            request when both counted them (within 1 %), and each run's time relative to the geometric mean \
            of all runs' in the same round (which cancels the machine's speed of the moment): a slowdown \
            counts only when the medians differ by more than 5 % and a \
            one-sided Mann–Whitney U test over the rounds is significant at 5 % after Holm's correction \
            across the runs (--tolerance time=…,instructions=…,significance=…).

            --junit and --markdown write the comparison for CI: JUnit XML with a test case per run and \
            a failure per regression, and a Markdown summary (e.g. for $GITHUB_STEP_SUMMARY).
            """)

    @Argument(help: "The baseline result.json (or run directory).")
    var baseline: String

    @Argument(help: "The current result.json (or run directory).")
    var current: String

    @Option(
        help: ArgumentHelp(
            "Relative tolerances: hits=F,memory=F,throughput=F (fractions, or percentages with %).",
            discussion:
                "Defaults: hits=0 (exact), memory=0.02, memory-floor=8192 (bytes), throughput not compared; for bench files time=0.05, instructions=0.01, significance=0.05. Example: --tolerance hits=0.001,throughput=10%",
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

    @Option(help: ArgumentHelp("Also write the comparison as JUnit XML (a test case per run).", valueName: "file"))
    var junit: String?

    @Option(help: ArgumentHelp("Also write the comparison as a Markdown summary.", valueName: "file"))
    var markdown: String?

    func run() throws {
        let (rendered, exitStatus, status, export) = try reportingBadInput {
            var parsed = try Tolerance(parsing: tolerance)
            parsed.throughputReference = throughputReference
            let baselinePath = Self.path(baseline)
            let currentPath = Self.path(current)
            let benches = [baselinePath, currentPath].map(BenchResult.isBenchFile)
            if benches[0] != benches[1] {
                let (other, bench) = benches[0] ? (currentPath, baselinePath) : (baselinePath, currentPath)
                // A damaged bench file is refused as one, saying what is wrong with it.
                if (try? ExperimentResult.read(from: other)) == nil { _ = try BenchResult.read(from: other) }
                throw ComparisonError(
                    "\(other): a result.json, but \(bench) is a bench file: compare two of a kind")
            }
            if benches[0] {
                let comparison = try BenchComparison.compare(
                    baselinePath: baselinePath, currentPath: currentPath, tolerance: parsed)
                return (
                    comparison.render(onlyChanges: quiet), comparison.exitStatus, comparison.status,
                    ComparisonExport(comparison)
                )
            }
            let comparison = try ResultComparison.compare(
                baselinePath: baselinePath, currentPath: currentPath, tolerance: parsed)
            let workload = (try? ExperimentResult.read(from: currentPath))?.workload.name ?? "workload"
            return (
                comparison.render(onlyChanges: quiet), comparison.exitStatus, comparison.status,
                ComparisonExport(comparison, workload: workload)
            )
        }
        try reportingBadInput {
            if let junit { try ResultOutput.writeWhole(Data(export.junit.utf8), to: junit, what: "it") }
            if let markdown { try ResultOutput.writeWhole(Data(export.markdown.utf8), to: markdown, what: "it") }
        }
        if !quiet || status != .ok { print(rendered, terminator: "") }
        if exitStatus != 0 { throw ExitCode(exitStatus) }
    }

    /// A result directory's result.json, or its bench.json when it holds
    /// only that; a file as it is.
    static func path(_ argument: String) -> String {
        let bench = (argument as NSString).appendingPathComponent("bench.json")
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder), isFolder.boolValue,
            FileManager.default.fileExists(atPath: bench),
            !FileManager.default.fileExists(atPath: (argument as NSString).appendingPathComponent("result.json"))
        {
            return bench
        }
        return ReportFiles.resultPath(argument)
    }
}
