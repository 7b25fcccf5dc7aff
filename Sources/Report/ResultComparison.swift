import Foundation
import Harness

/// How far a current result may differ from its baseline before it counts
/// as a regression. Written `hits=0,memory=0.02,throughput=0.1` on the
/// command line; every figure is a relative difference (0.02 = 2 %).
public struct Tolerance: Sendable, Equatable {
    /// Hit counts are deterministic: by default they must match exactly.
    /// Checked both ways — more hits is also a change of behaviour.
    public var hits: Double = 0
    /// Allocator bytes per resident entry at the end of a run, both ways.
    public var memoryPerEntry: Double = 0.02
    /// The smallest change in a run's allocator bytes that counts at all.
    /// The allocator's counter is process-wide, so what the other job
    /// allocates meanwhile reaches it: measured here, the same 100-entry
    /// run moved by up to 900 bytes and a 5,000-entry one by 4,080 (1.8 %)
    /// between runs. Below this floor a change is noise, whatever its
    /// percentage.
    public var memoryFloorBytes: Double = 8192
    /// `nil`: throughput is not compared (machines are noisy). Otherwise a
    /// run's requests/second — as a ratio to the reference run of the same
    /// result when there is a `throughputReference` — may fall by at most
    /// this fraction; faster is never a regression.
    public var throughput: Double?
    /// The policy whose run is the throughput reference (measured in the
    /// same process, so machine speed cancels out); every result compared
    /// must have one. `nil`: ``defaultThroughputReference`` when both
    /// results have a run of it, else requests/second as they are.
    public var throughputReference: String?
    /// Bench files: how much slower a run's relative time may get (medians
    /// of the rounds) before a significant slowdown counts. `nil`: 5 % for
    /// the two files of one `bench --against`, 35 % for benches taken
    /// apart (``SlowdownTest/unpairedTolerance``).
    public var time: Double?
    /// Bench files: how much a run's instructions per request may rise.
    /// They are counted, not timed: two counts of one binary agree to
    /// 0.01 %, so 1 % is a real change.
    public var instructions: Double = 0.01
    /// Bench files: the family-wise false-alarm rate of the time test over
    /// all runs compared (Holm's correction), so that a suite of many runs
    /// raises no more false alarms than one.
    public var significance: Double = 0.05

    /// The no-op floor, a registered reference policy: a spec that lists
    /// `{"policy": "noop"}` gets throughput compared as a ratio to it.
    public static let defaultThroughputReference = "noop"

    public init(
        hits: Double = 0, memoryPerEntry: Double = 0.02, memoryFloorBytes: Double = 8192, throughput: Double? = nil,
        throughputReference: String? = nil
    ) {
        self.hits = hits
        self.memoryPerEntry = memoryPerEntry
        self.memoryFloorBytes = memoryFloorBytes
        self.throughput = throughput
        self.throughputReference = throughputReference
    }

    /// Parses `hits=0.001,memory=0.02,throughput=0.1` (any subset; the
    /// rest keep their defaults). Values are fractions ≥ 0, or percentages
    /// written with `%` (`memory=2%`); `memory-floor` is a number of bytes.
    public init(parsing text: String) throws(ComparisonError) {
        self.init()
        for item in text.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else {
                throw ComparisonError(
                    "--tolerance: expected name=value pairs separated by commas (hits=0,memory=0.02,throughput=0.1), got '\(item)'"
                )
            }
            let isPercent = parts[1].hasSuffix("%")
            guard let number = Double(isPercent ? String(parts[1].dropLast()) : parts[1]), number >= 0, number.isFinite
            else {
                throw ComparisonError(
                    "--tolerance: \(parts[0]) must be a number ≥ 0 (a fraction, or a percentage with %), got '\(parts[1])'"
                )
            }
            let value = isPercent ? number / 100 : number
            switch parts[0] {
            case "hits": hits = value
            case "memory": memoryPerEntry = value
            case "memory-floor" where !isPercent: memoryFloorBytes = value
            case "throughput": throughput = value
            case "time": time = value
            case "instructions": instructions = value
            case "significance" where value > 0 && value < 1: significance = value
            case "significance":
                throw ComparisonError(
                    "--tolerance: significance must be between 0 and 1 (exclusive), got '\(parts[1])'")
            default:
                throw ComparisonError(
                    "--tolerance: unknown figure '\(parts[0])'; expected hits, memory, memory-floor (bytes), throughput, or for bench files time, instructions and significance"
                )
            }
        }
    }
}

/// Input that makes a comparison meaningless: exit status 2.
public struct ComparisonError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The baseline against the current result, run by run (matched by label,
/// seed and repetition), with an overall verdict.
public struct ResultComparison: Sendable {
    public enum Status: String, Sendable, Comparable {
        /// Within tolerance.
        case ok
        /// Better beyond tolerance (less memory, faster): fine, but the
        /// baseline is out of date.
        case improved
        /// Outside tolerance, or a run is missing: exit status 1.
        case regression

        public static func < (a: Status, b: Status) -> Bool {
            let order: [Status] = [.ok, .improved, .regression]
            return order.firstIndex(of: a)! < order.firstIndex(of: b)!
        }
    }

    /// One run's figures in both results.
    public struct Row: Sendable, Equatable {
        public var label: String
        public var seed: UInt64
        public var repetition: Int
        /// Baseline and current hits; `nil` on the side where the run is absent.
        public var baselineHits: Int?
        public var currentHits: Int?
        public var baselineMemoryPerEntry: Double?
        public var currentMemoryPerEntry: Double?
        /// Requests/second over the reference's (requests/second itself
        /// without a reference), when throughput is compared.
        public var baselineThroughputRatio: Double?
        public var currentThroughputRatio: Double?
        public var status: Status
        /// Why the row has its status, in words.
        public var notes: [String]
    }

    public var baselinePath: String
    public var currentPath: String
    public var tolerance: Tolerance
    public var rows: [Row]

    /// The worst row's status (`ok` when there are no rows).
    public var status: Status { rows.map(\.status).max() ?? .ok }

    /// 0 within tolerance (improvements included), 1 on a regression.
    public var exitStatus: Int32 { status == .regression ? 1 : 0 }

    /// Reads both files (refusing truncated files and other format versions
    /// with the file named) and compares them.
    public static func compare(
        baselinePath: String, currentPath: String, tolerance: Tolerance
    ) throws -> ResultComparison {
        let baseline = try ExperimentResult.read(from: baselinePath)
        let current = try ExperimentResult.read(from: currentPath)
        return try compare(
            baseline, current, tolerance: tolerance, baselinePath: baselinePath, currentPath: currentPath)
    }

    /// Compares two results already read. Throws when they are not of the
    /// same workload, or throughput is asked for and a result has no
    /// reference run. O(runs).
    public static func compare(
        _ baseline: ExperimentResult, _ current: ExperimentResult, tolerance: Tolerance,
        baselinePath: String = "baseline", currentPath: String = "current"
    ) throws(ComparisonError) -> ResultComparison {
        guard baseline.workload.name == current.workload.name else {
            throw ComparisonError(
                "\(currentPath): workload '\(current.workload.name)', but the baseline \(baselinePath) is of '\(baseline.workload.name)'"
            )
        }
        func key(_ run: RunResult) -> RunKey { RunKey(label: run.label, seed: run.seed, repetition: run.repetition) }
        let currentRuns = Dictionary(current.runs.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let baselineKeys = Set(baseline.runs.map(key))

        var tolerance = tolerance
        if tolerance.throughputReference == nil {
            let floor = Tolerance.defaultThroughputReference
            let bothHaveIt = [baseline, current].allSatisfy { $0.runs.contains { $0.policy == floor } }
            tolerance.throughputReference = bothHaveIt ? floor : nil
        }
        var referenceBaseline: [RunKey: Double] = [:]
        var referenceCurrent: [RunKey: Double] = [:]
        if tolerance.throughput != nil, let reference = tolerance.throughputReference {
            referenceBaseline = try references(baseline, reference, path: baselinePath)
            referenceCurrent = try references(current, reference, path: currentPath)
        }
        func ratio(_ run: RunResult, _ references: [RunKey: Double]) -> Double? {
            guard tolerance.throughputReference != nil else { return run.throughput.requestsPerSecond }
            // The reference run of the same seed and repetition: same stream, same process.
            let reference = references[RunKey(label: "", seed: run.seed, repetition: run.repetition)]
            guard let reference, reference > 0 else { return nil }
            return run.throughput.requestsPerSecond / reference
        }

        var rows: [Row] = []
        for old in baseline.runs {
            var row = Row(
                label: old.label, seed: old.seed, repetition: old.repetition, baselineHits: old.hits, currentHits: nil,
                baselineMemoryPerEntry: memoryPerEntry(old), currentMemoryPerEntry: nil, status: .ok, notes: [])
            guard let new = currentRuns[key(old)] else {
                row.status = .regression
                row.notes.append("missing from the current result")
                rows.append(row)
                continue
            }
            row.currentHits = new.hits
            row.currentMemoryPerEntry = memoryPerEntry(new)
            func mark(_ status: Status, _ note: String) {
                row.status = max(row.status, status)
                row.notes.append(note)
            }
            if old.requests != new.requests {
                mark(
                    .regression,
                    "requests \(Formatting.grouped(old.requests)) → \(Formatting.grouped(new.requests)): not the same stream"
                )
            }
            let hitChange = relativeChange(Double(old.hits), Double(new.hits))
            if abs(hitChange) > tolerance.hits {
                // Hit counts far apart (a damaged result) overflow the difference: take it in Doubles then.
                let (difference, overflow) = new.hits.subtractingReportingOverflow(old.hits)
                let differenceText =
                    overflow ? Formatting.whole(Double(new.hits) - Double(old.hits)) : Formatting.grouped(difference)
                mark(
                    .regression,
                    "hits \(Formatting.grouped(old.hits)) → \(Formatting.grouped(new.hits)) "
                        + "(\(new.hits > old.hits ? "+" : "")\(differenceText), \(signedPercent(hitChange)))")
            }
            if let before = row.baselineMemoryPerEntry, let after = row.currentMemoryPerEntry,
                abs(after - before) * Double(new.memory.finalEntries) >= tolerance.memoryFloorBytes
            {
                let change = relativeChange(before, after)
                if change > tolerance.memoryPerEntry {
                    mark(
                        .regression,
                        "memory per entry \(Formatting.bytes(before)) → \(Formatting.bytes(after)) (\(signedPercent(change)))"
                    )
                } else if change < -tolerance.memoryPerEntry {
                    mark(
                        .improved,
                        "memory per entry \(Formatting.bytes(before)) → \(Formatting.bytes(after)) (\(signedPercent(change)))"
                    )
                }
            }
            if let allowed = tolerance.throughput, old.policy != tolerance.throughputReference {
                row.baselineThroughputRatio = ratio(old, referenceBaseline)
                row.currentThroughputRatio = ratio(new, referenceCurrent)
                if let before = row.baselineThroughputRatio, let after = row.currentThroughputRatio {
                    let change = relativeChange(before, after)
                    if change < -allowed {
                        mark(
                            .regression,
                            "\(tolerance.throughputMeasure) \(tolerance.throughputText(before)) → \(tolerance.throughputText(after)) (\(signedPercent(change)))"
                        )
                    } else if change > allowed {
                        mark(
                            .improved,
                            "\(tolerance.throughputMeasure) \(tolerance.throughputText(before)) → \(tolerance.throughputText(after)) (\(signedPercent(change)))"
                        )
                    }
                }
            }
            rows.append(row)
        }
        for new in current.runs where !baselineKeys.contains(key(new)) {
            rows.append(
                Row(
                    label: new.label, seed: new.seed, repetition: new.repetition, baselineHits: nil,
                    currentHits: new.hits,
                    baselineMemoryPerEntry: nil, currentMemoryPerEntry: memoryPerEntry(new), status: .ok,
                    notes: ["new: not in the baseline (update the baseline to check it)"]))
        }
        return ResultComparison(baselinePath: baselinePath, currentPath: currentPath, tolerance: tolerance, rows: rows)
    }

    /// The table of differences (only the rows that are not `ok` when
    /// `onlyChanges`), then one line with the overall verdict.
    public func render(onlyChanges: Bool = false) -> String {
        let throughput = tolerance.throughput != nil
        var columns = ["run", "seed", "hits (baseline → current)", "memory/entry", "status", "why"]
        if throughput { columns.insert(tolerance.throughputMeasure, at: 4) }
        var table = TextTable(
            header: columns,
            alignments: columns.map { $0 == "run" || $0 == "status" || $0 == "why" ? .left : .right })
        for row in rows where !onlyChanges || row.status != .ok {
            var cells = [
                row.label, String(row.seed),
                "\(row.baselineHits.map(Formatting.grouped) ?? "–") → \(row.currentHits.map(Formatting.grouped) ?? "–")",
                "\(row.baselineMemoryPerEntry.map(Formatting.bytes) ?? "–") → \(row.currentMemoryPerEntry.map(Formatting.bytes) ?? "–")",
                row.status == .regression ? "REGRESSION" : row.status.rawValue,
                row.notes.isEmpty ? "within tolerance" : row.notes.joined(separator: "; "),
            ]
            if throughput {
                cells.insert(
                    "\(row.baselineThroughputRatio.map(tolerance.throughputText) ?? "–") → \(row.currentThroughputRatio.map(tolerance.throughputText) ?? "–")",
                    at: 4)
            }
            table.rows.append(cells)
        }
        var out = "Baseline: \(baselinePath)\nCurrent:  \(currentPath)\n"
        out +=
            "Tolerance: hits \(Formatting.percent(tolerance.hits, digits: 3)), memory per entry \(Formatting.percent(tolerance.memoryPerEntry, digits: 1))"
            + " (and \(Formatting.bytes(tolerance.memoryFloorBytes)) in all)"
        out +=
            tolerance.throughput.map { ", \(tolerance.throughputMeasure) \(Formatting.percent($0, digits: 1))" }
            ?? ", throughput not compared"
        if tolerance.throughput != nil, tolerance.throughputReference == nil {
            out +=
                "\nThroughput is compared as requests/s, so a slower machine looks like a regression; "
                + "to compare it as a ratio to a run measured beside it, add {\"policy\": \"noop\"} to the spec "
                + "or name that run's policy with --throughput-reference"
        }
        out += "\n\n" + table.render() + "\n"
        let regressions = rows.filter { $0.status == .regression }.count
        switch status {
        case .regression: out += "\(regressions) of \(rows.count) runs regressed.\n"
        case .improved: out += "Within tolerance; some runs improved beyond it: consider updating the baseline.\n"
        case .ok: out += "All \(rows.count) runs within tolerance.\n"
        }
        return out
    }

    /// Allocator bytes per resident entry at the end of the run; `nil` when empty.
    static func memoryPerEntry(_ run: RunResult) -> Double? {
        run.memory.finalEntries > 0 ? Double(run.memory.finalAllocatorBytes) / Double(run.memory.finalEntries) : nil
    }

    /// (after − before) / before; 0 when both are 0, ±∞ from 0.
    static func relativeChange(_ before: Double, _ after: Double) -> Double {
        if before == after { return 0 }
        guard before != 0 else { return after > 0 ? .infinity : -.infinity }
        return (after - before) / abs(before)
    }

    /// The reference policy's throughput per seed/repetition of `result`.
    private static func references(
        _ result: ExperimentResult, _ policy: String, path: String
    ) throws(ComparisonError) -> [RunKey: Double] {
        let runs = result.runs.filter { $0.policy == policy }
        guard !runs.isEmpty else {
            throw ComparisonError(
                "\(path): no '\(policy)' run to measure throughput against; add one to the spec or choose --throughput-reference"
            )
        }
        return Dictionary(
            runs.map { (RunKey(label: "", seed: $0.seed, repetition: $0.repetition), $0.throughput.requestsPerSecond) },
            uniquingKeysWith: { first, _ in first })
    }

    /// Runs match by label, seed and repetition (references by seed and repetition only).
    private struct RunKey: Hashable {
        var label: String
        var seed: UInt64
        var repetition: Int
    }

    private static func signedPercent(_ change: Double) -> String {
        guard change.isFinite else { return change > 0 ? "+∞" : "−∞" }
        let digits = abs(change) >= 0.01 || change == 0 ? 2 : 4
        return (change >= 0 ? "+" : "") + Formatting.percent(change, digits: digits)
    }
}

extension Tolerance {
    /// How throughput is compared: `throughput ÷ noop`, or `throughput` as requests/s.
    var throughputMeasure: String { throughputReference.map { "throughput ÷ \($0)" } ?? "throughput" }

    /// A ratio to the reference (`1.250×`), or requests/s without one (`12M req/s`).
    func throughputText(_ figure: Double) -> String {
        throughputReference == nil
            ? Formatting.count(figure) + " req/s" : Formatting.fixed(figure, digits: 3) + "×"
    }
}
