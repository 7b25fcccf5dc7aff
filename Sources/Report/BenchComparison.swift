import Foundation
import Harness
import Stats

/// Two bench files compared run by run (matched by label): hit counts
/// exactly, instructions per request within a tight tolerance, and time
/// relative to the other runs of the same round
/// (``SlowdownTest/relativeTimes(_:over:)``) — a slowdown counts only when it is beyond its
/// tolerance *and* significant (one-sided Mann–Whitney U over the rounds,
/// Holm's correction across the runs compared).
public struct BenchComparison: Sendable {
    /// One run's figures in both files.
    public struct Row: Sendable, Equatable {
        public var label: String
        public var baselineHits: Int?
        public var currentHits: Int?
        /// Instructions per request, where counted.
        public var baselineInstructions: Double?
        public var currentInstructions: Double?
        /// Nanoseconds per request, the median of the rounds.
        public var baselineNanoseconds: Double?
        public var currentNanoseconds: Double?
        /// The time test; `nil` for the reference and for missing runs.
        public var time: SlowdownTest?
        /// Whether Holm's correction rejects "no slowdown" for this run.
        public var significantlySlower = false
        public var significantlyFaster = false
        public var status: ResultComparison.Status
        public var notes: [String]

        /// The change in instructions per request, when both were counted.
        public var instructionChange: Double? {
            guard let before = baselineInstructions, let after = currentInstructions else { return nil }
            return ResultComparison.relativeChange(before, after)
        }
    }

    public var baselinePath: String
    public var currentPath: String
    public var tolerance: Tolerance
    public var baseline: BenchResult
    public var current: BenchResult
    public var rows: [Row]
    /// Whether the two files are the two builds of one `bench --against`.
    public var paired: Bool

    /// The time tolerance applied (given, or the default for the pairing).
    public var timeTolerance: Double {
        tolerance.time ?? (paired ? SlowdownTest.pairedTolerance : SlowdownTest.unpairedTolerance)
    }

    /// The worst row's status.
    public var status: ResultComparison.Status { rows.map(\.status).max() ?? .ok }
    /// 0 within tolerance (improvements included), 1 on a regression.
    public var exitStatus: Int32 { status == .regression ? 1 : 0 }
    /// Runs whose time was tested (all but the reference, in both files).
    public var testedRuns: Int { rows.filter { $0.time != nil }.count }

    /// Reads both bench files (refusing damaged ones, naming the file and
    /// the field) and compares them.
    public static func compare(
        baselinePath: String, currentPath: String, tolerance: Tolerance
    ) throws -> BenchComparison {
        let baseline = try BenchResult.read(from: baselinePath)
        let current = try BenchResult.read(from: currentPath)
        return try compare(
            baseline, current, tolerance: tolerance, baselinePath: baselinePath, currentPath: currentPath)
    }

    /// Compares two bench files already read. Throws, naming the current
    /// file and the field, when they are not of the same stream or their
    /// runs do not correspond (same label, another policy or options). O(runs · rounds).
    public static func compare(
        _ baseline: BenchResult, _ current: BenchResult, tolerance: Tolerance, baselinePath: String = "baseline",
        currentPath: String = "current"
    ) throws(ComparisonError) -> BenchComparison {
        func refuse(_ field: String, _ message: String) -> ComparisonError {
            ComparisonError("\(currentPath): \(field): \(message) (baseline: \(baselinePath))")
        }
        if baseline.workload.name != current.workload.name {
            throw refuse(
                "workload.name",
                "a bench of '\(current.workload.name)', but the baseline is of '\(baseline.workload.name)'")
        }
        if baseline.workload.requests != current.workload.requests {
            throw refuse(
                "workload.requests",
                "\(current.workload.requests) requests, but the baseline replayed \(baseline.workload.requests)")
        }
        if baseline.workload.streamDigest != current.workload.streamDigest {
            throw refuse(
                "workload.streamDigest",
                "another stream than the baseline's (the spec's keys, sizes, arrivals, seed or trace changed): bench both with the same spec"
            )
        }
        if baseline.reference != current.reference {
            throw refuse(
                "reference", "times are over '\(current.reference)', the baseline's over '\(baseline.reference)'")
        }
        let old = Dictionary(baseline.runs.map { ($0.label, $0) }, uniquingKeysWith: { first, _ in first })
        for (i, run) in current.runs.enumerated() {
            guard let before = old[run.label] else { continue }
            if before.policy != run.policy {
                throw refuse(
                    "runs[\(i)].policy", "'\(run.policy)' for \(run.label), the baseline's is '\(before.policy)'")
            }
            if before.options != run.options || before.capacity != run.capacity {
                throw refuse(
                    "runs[\(i)].options", "\(run.label) is configured otherwise than in the baseline")
            }
        }
        let shared = current.runs.filter { old[$0.label] != nil && $0.label != current.reference }
        if shared.isEmpty && current.runs.count > 1 {
            throw refuse(
                "runs",
                "no run in common with the baseline (baseline: \(baseline.runs.map(\.label).joined(separator: ", ")); current: \(current.runs.map(\.label).joined(separator: ", ")))"
            )
        }

        var tolerance = tolerance
        let paired = baseline.pairing != nil && baseline.pairing == current.pairing
        if tolerance.time == nil {
            tolerance.time = paired ? SlowdownTest.pairedTolerance : SlowdownTest.unpairedTolerance
        }
        let new = Dictionary(current.runs.map { ($0.label, $0) }, uniquingKeysWith: { first, _ in first })
        // Times over each round's index, the index over the runs both have.
        let common = Set(current.runs.map(\.label)).intersection(old.keys)
        let baselineTimes = SlowdownTest.relativeTimes(baseline.runs, over: common)
        let currentTimes = SlowdownTest.relativeTimes(current.runs, over: common)
        var rows: [Row] = []
        for before in baseline.runs {
            var row = Row(
                label: before.label, baselineHits: before.hits,
                baselineInstructions: before.instructions?.perRequest,
                baselineNanoseconds: before.nanosecondsPerRequest.median, status: .ok, notes: [])
            guard let after = new[before.label] else {
                row.status = .regression
                row.notes.append("missing from the current bench")
                rows.append(row)
                continue
            }
            row.currentHits = after.hits
            row.currentInstructions = after.instructions?.perRequest
            row.currentNanoseconds = after.nanosecondsPerRequest.median
            if before.label != baseline.reference, let old = baselineTimes[before.label],
                let new = currentTimes[after.label]
            {
                row.time = SlowdownTest(
                    baseline: old, current: new, baselineProcesses: before.roundProcesses,
                    currentProcesses: after.roundProcesses)
            }
            rows.append(row)
        }
        // Holm over every run whose time is tested, each direction apart.
        let tested = rows.indices.filter { rows[$0].time != nil }
        let slower = HolmCorrection.rejected(tested.map { rows[$0].time!.slowerPValue }, alpha: tolerance.significance)
        let faster = HolmCorrection.rejected(tested.map { rows[$0].time!.fasterPValue }, alpha: tolerance.significance)
        for (position, i) in tested.enumerated() {
            rows[i].significantlySlower = slower[position]
            rows[i].significantlyFaster = faster[position]
        }
        for i in rows.indices where rows[i].currentHits != nil { judge(&rows[i], tolerance, time: tolerance.time!) }
        for run in current.runs where old[run.label] == nil {
            rows.append(
                Row(
                    label: run.label, currentHits: run.hits, currentInstructions: run.instructions?.perRequest,
                    currentNanoseconds: run.nanosecondsPerRequest.median, status: .ok,
                    notes: ["new: not in the baseline (update the baseline to check it)"]))
        }
        return BenchComparison(
            baselinePath: baselinePath, currentPath: currentPath, tolerance: tolerance, baseline: baseline,
            current: current, rows: rows, paired: paired)
    }

    /// Sets a matched row's status and notes.
    private static func judge(_ row: inout Row, _ tolerance: Tolerance, time allowed: Double) {
        func mark(_ status: ResultComparison.Status, _ note: String) {
            row.status = max(row.status, status)
            row.notes.append(note)
        }
        if let before = row.baselineHits, let after = row.currentHits,
            abs(ResultComparison.relativeChange(Double(before), Double(after))) > tolerance.hits
        {
            mark(.regression, "hits \(Formatting.grouped(before)) → \(Formatting.grouped(after))")
        }
        if let change = row.instructionChange, let before = row.baselineInstructions,
            let after = row.currentInstructions
        {
            let text =
                "instructions/request \(Formatting.fixed(before, digits: 1)) → \(Formatting.fixed(after, digits: 1)) (\(signed(change)))"
            if change > tolerance.instructions {
                mark(.regression, text)
            } else if change < -tolerance.instructions {
                mark(.improved, text)
            }
        } else if (row.baselineInstructions == nil) != (row.currentInstructions == nil) {
            row.notes.append(
                "instructions counted in the \(row.baselineInstructions == nil ? "current bench" : "baseline") only: not compared"
            )
        }
        if let time = row.time {
            let text = "relative time \(signed(time.change)), p = \(pValue(time.slowerPValue))"
            if time.change > allowed && row.significantlySlower {
                mark(.regression, "slower: " + text)
            } else if time.change > allowed {
                row.notes.append(
                    "slower by \(signed(time.change)), but not significant (p = \(pValue(time.slowerPValue)))")
            } else if time.change < -allowed && row.significantlyFaster {
                mark(.improved, "faster: relative time \(signed(time.change)), p = \(pValue(time.fasterPValue))")
            }
        }
    }

    /// How the time test was made, in one sentence for the output.
    public var method: String {
        let tested = rows.compactMap(\.time)
        let unit = tested.first?.unit ?? "rounds"
        let m = tested.first?.counts.baseline ?? baseline.rounds
        let n = tested.first?.counts.current ?? current.rounds
        var text =
            "Time: each run's replay over the geometric mean of the other runs' in the same round (the runs both files have); "
            + (paired
                ? "the two files are one bench --against, their rounds alternating"
                : "the files were benched apart, so their times drift with the machine (bench --against pairs two builds)")
            + "; a slowdown counts when the medians differ by more than \(Formatting.percent(timeTolerance, digits: 1)) "
            + "and a one-sided Mann–Whitney U test over the \(unit) (\(m) against \(n)) is significant "
            + "at \(Formatting.percent(tolerance.significance, digits: 1)) after Holm's correction over \(testedRuns) runs."
        let floor = SlowdownTest.smallestPValue(m, n)
        if testedRuns > 0, floor > tolerance.significance / Double(testedRuns) {
            text +=
                " With \(m) and \(n) \(unit) no p-value falls below \(Self.pValue(floor)), so no slowdown can be significant: bench with more --rounds\(unit == "processes" ? " or --processes" : "")."
        }
        text +=
            " Instructions per request (Valgrind) may rise by \(Formatting.percent(tolerance.instructions, digits: 1)); hits must match"
            + (tolerance.hits == 0 ? " exactly." : " within \(Formatting.percent(tolerance.hits, digits: 3)).")
        return text
    }

    /// The comparison as a table for the terminal, then the verdict.
    public func render(onlyChanges: Bool = false) -> String {
        let columns = [
            "run", "hits (baseline → current)", "instr/request", "ns/request (relative change)", "p (slower)", "status",
            "why",
        ]
        var table = TextTable(
            header: columns, alignments: columns.map { $0 == "run" || $0 == "status" || $0 == "why" ? .left : .right })
        for row in rows where !onlyChanges || row.status != .ok {
            table.rows.append(cells(row))
        }
        var out = "Baseline: \(baselinePath)\nCurrent:  \(currentPath)\n\(method)\n\n" + table.render() + "\n"
        out += verdict + "\n"
        return out
    }

    /// The cells of one row, as the table and the Markdown summary show them.
    func cells(_ row: Row) -> [String] {
        [
            row.label,
            "\(row.baselineHits.map(Formatting.grouped) ?? "–") → \(row.currentHits.map(Formatting.grouped) ?? "–")",
            "\(row.baselineInstructions.map { Formatting.fixed($0, digits: 1) } ?? "–") → \(row.currentInstructions.map { Formatting.fixed($0, digits: 1) } ?? "–")"
                + (row.instructionChange.map { " (\(Self.signed($0)))" } ?? ""),
            "\(row.baselineNanoseconds.map { Formatting.fixed($0, digits: 2) } ?? "–") → \(row.currentNanoseconds.map { Formatting.fixed($0, digits: 2) } ?? "–")"
                + (row.time.map { " (\(Self.signed($0.change)))" } ?? ""),
            row.time.map { Self.pValue($0.slowerPValue) } ?? "–",
            row.status == .regression ? "REGRESSION" : row.status.rawValue,
            row.notes.isEmpty ? "within tolerance" : row.notes.joined(separator: "; "),
        ]
    }

    /// One line: how many runs regressed, or that all are within tolerance.
    public var verdict: String {
        let regressions = rows.filter { $0.status == .regression }.count
        switch status {
        case .regression: return "\(regressions) of \(rows.count) runs regressed."
        case .improved: return "Within tolerance; some runs improved beyond it: consider updating the baseline."
        case .ok: return "All \(rows.count) runs within tolerance."
        }
    }

    static func signed(_ change: Double) -> String {
        guard change.isFinite else { return change > 0 ? "+∞" : "−∞" }
        return (change >= 0 ? "+" : "−") + Formatting.percent(abs(change), digits: abs(change) >= 0.01 ? 1 : 3)
    }

    static func pValue(_ p: Double) -> String {
        p >= 0.001 ? Formatting.fixed(p, digits: 3) : String(format: "%.1e", p)
    }
}
