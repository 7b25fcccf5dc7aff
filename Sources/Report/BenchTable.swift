import Foundation
import Harness

/// `cachesim bench`'s output on the terminal: one row per cache, and the
/// calibration's table.
public enum BenchTable {
    /// The runs of `bench` with their medians and intervals, then where the file went.
    public static func render(_ bench: BenchResult, destination: String) -> String {
        let counted = bench.runs.contains { $0.instructions != nil }
        var header = ["run", "hits", "ns/request (95 % interval)", "requests/s", "time ÷ \(bench.reference) (95 %)"]
        if counted { header += ["instr/request", "LL misses/request"] }
        var table = TextTable(header: header, alignments: header.map { $0 == "run" ? .left : .right })
        for run in bench.runs {
            var cells = [
                run.label, Formatting.grouped(run.hits),
                "\(Formatting.fixed(run.nanosecondsPerRequest.median, digits: 2)) (\(Formatting.fixed(run.nanosecondsPerRequest.lower, digits: 2))–\(Formatting.fixed(run.nanosecondsPerRequest.upper, digits: 2)))",
                Formatting.count(run.requestsPerSecond.median),
                "\(Formatting.fixed(run.ratioToReference.median, digits: 3)) (\(Formatting.fixed(run.ratioToReference.lower, digits: 3))–\(Formatting.fixed(run.ratioToReference.upper, digits: 3)))",
            ]
            if counted {
                cells.append(run.instructions.map { Formatting.fixed($0.perRequest, digits: 1) } ?? "–")
                cells.append(run.instructions.map { Formatting.fixed($0.lastLevelMissesPerRequest, digits: 3) } ?? "–")
            }
            table.rows.append(cells)
        }
        let coverage = bench.runs.map(\.nanosecondsPerRequest.coverage).min() ?? 0
        var out =
            "\(bench.workload.name): \(Formatting.grouped(bench.workload.requests)) requests, \(bench.rounds) rounds (+\(bench.warmupRounds) untimed), order shuffled per round\n\n"
        out += table.render() + "\n"
        if coverage < bench.confidence {
            out +=
                "With \(bench.rounds) rounds the intervals are the whole range of the rounds (coverage \(Formatting.percent(coverage, digits: 1))): bench with at least 6 rounds for 95 %.\n"
        }
        out += "Wrote \(destination)\n"
        return out
    }

    /// The calibration's slowdowns counted in instructions: the change at
    /// each, and whether a gate of `tolerance` flags it.
    public static func renderInstructions(
        _ calibration: BenchCalibration, counts: [InstructionCount], tolerance: Double
    ) -> String {
        let header = [
            "slowdown", "noop work", "instructions/request", "change",
            "flagged (> \(Formatting.percent(tolerance, digits: 0)))",
        ]
        var table = TextTable(header: header, alignments: header.map { _ in .right })
        let base = counts.first?.perRequest ?? 0
        for (row, count) in zip(calibration.rows, counts) {
            let change = base > 0 ? count.perRequest / base - 1 : 0
            table.rows.append([
                row.nominal == 0 ? "none (unchanged)" : Formatting.percent(row.nominal, digits: 0), String(row.work),
                Formatting.fixed(count.perRequest, digits: 1), "+" + Formatting.percent(change, digits: 2),
                change > tolerance ? "yes" : "no",
            ])
        }
        return "The same runs counted under Valgrind (deterministic: one count each):\n\n" + table.render() + "\n"
    }

    /// The calibration: per slowdown, how often the test and the gate caught it.
    public static func render(_ calibration: BenchCalibration, requests: Int) -> String {
        let trials = calibration.options.trials
        let header = ["slowdown", "noop work", "measured", "significant", "flagged by the gate"]
        var table = TextTable(header: header, alignments: header.map { _ in .right })
        for row in calibration.rows {
            table.rows.append([
                row.nominal == 0 ? "none (unchanged)" : Formatting.percent(row.nominal, digits: 0),
                String(row.work),
                (row.measured >= 0 ? "+" : "−") + Formatting.percent(abs(row.measured), digits: 1),
                "\(row.significant)/\(trials)", "\(row.flagged)/\(trials)",
            ])
        }
        let options = calibration.options
        var out =
            "Calibration on this machine: noop with \(options.baseWork) units of busy work per request, benched beside the spec's runs (\(Formatting.fixed(calibration.baseNanoseconds, digits: 1)) ns/request, \(Formatting.fixed(calibration.unitNanoseconds, digits: 3)) ns per unit), \(Formatting.grouped(requests)) requests, \(options.bench.rounds) rounds per bench, \(trials) trials; in each, the unchanged run is benched against every slowed one (and against itself), their rounds alternating as with --against.\n"
        out +=
            "Significant: one-sided Mann–Whitney U at \(Formatting.percent(options.significance, digits: 0)). Flagged: significant and slower by more than the time tolerance, \(Formatting.percent(options.timeTolerance, digits: 0)).\n\n"
        out += table.render() + "\n"
        let unchanged = calibration.rows.first { $0.nominal == 0 }
        if let unchanged {
            out +=
                "False alarms on unchanged code: \(unchanged.significant)/\(trials) significant, \(unchanged.flagged)/\(trials) flagged.\n"
        }
        out +=
            "Smallest slowdown caught in ≥ 95 % of trials: by the test alone \(calibration.smallestDetected(\.significant).map { Formatting.percent($0, digits: 0) } ?? "none tried"), by the gate \(calibration.smallestDetected(\.flagged).map { Formatting.percent($0, digits: 0) } ?? "none tried").\n"
        return out
    }
}
