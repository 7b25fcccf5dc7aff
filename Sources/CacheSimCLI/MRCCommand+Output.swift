import Caches
import Foundation
import Harness
import Report

/// How `cachesim mrc` prints a ``CurveSet``: a table per curve with the
/// checks and answers below it, one CSV row per point, or the set as JSON.
extension MRCCommand {
    func render(_ set: CurveSet) -> String {
        switch format {
        case .table: return Self.table(set)
        case .csv: return Self.csv(set)
        case .json: return Self.json(set)
        }
    }

    static func ratio(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "—" }

    static func table(_ set: CurveSet) -> String {
        var out = "Hit ratio of \(Markup.terminalText(set.workload)): \(set.requests) requests"
        out += set.unit == .bytes ? ", capacities in bytes\n" : "\n"
        for curve in set.curves {
            out += "  \(curve.policy): \(curve.method); expected error: \(curve.method.expectedError)\n"
        }
        let capacities = Array(Set(set.curves.flatMap { $0.points.map(\.capacity) })).sorted()
        var table = TextTable(
            header: ["capacity"] + set.curves.map(\.policy),
            alignments: Array(repeating: .right, count: set.curves.count + 1))
        for capacity in capacities {
            table.rows.append(
                [set.unit == .bytes ? Formatting.bytes(Double(capacity)) : String(capacity)]
                    + set.curves.map { curve in
                        guard let point = curve.points.first(where: { $0.capacity == capacity }) else { return "·" }
                        return ratio(point.hitRatio)
                    })
        }
        out += table.render()
        let notes = Set(set.curves.flatMap { $0.points.compactMap(\.unresolved) }).sorted()
        for note in notes { out += "— below the sampling's resolution: \(note) (rate \(set.samplingRate))\n" }
        if set.curves.contains(where: { c in capacities.contains { cap in !c.points.contains { $0.capacity == cap } } })
        {
            out += "· not simulated for this policy (another policy's budget)\n"
        }
        let sampled = set.curves.filter { $0.points.contains { $0.expectedError != nil } }
        if !sampled.isEmpty {
            out +=
                "\nExpected error of the sampled points (1σ, points of hit ratio; largest where the curve is steep):\n"
            for curve in sampled {
                let errors = curve.points.compactMap { point in point.expectedError.map { (point.capacity, $0 * 100) } }
                let largest = errors.max { $0.1 < $1.1 }!
                let median = errors.map(\.1).sorted()[errors.count / 2]
                out += String(
                    format: "  %@: median ±%.2f, largest ±%.2f at %d\n", Markup.terminalText(curve.policy), median,
                    largest.1, largest.0)
            }
        }
        let checked = set.curves.filter { $0.points.contains { $0.exactHitRatio != nil } }
        if !checked.isEmpty {
            out += "\nChecked against full simulations (estimate − exact, in points of hit ratio):\n"
            for curve in checked {
                let errors = curve.points.compactMap { point -> (text: String, error: Double)? in
                    guard let exact = point.exactHitRatio, let error = point.errorPoints else { return nil }
                    let expected = point.expectedError.map { String(format: ", expected ±%.2f", $0 * 100) } ?? ""
                    return (
                        String(
                            format: "%d: %.4f vs %.4f (%+.2f%@)", point.capacity, point.hitRatio!, exact, error,
                            expected),
                        error
                    )
                }
                guard !errors.isEmpty else { continue }
                let mean = errors.map { abs($0.error) }.reduce(0, +) / Double(errors.count)
                let worst = errors.max { abs($0.error) < abs($1.error) }!.error
                out +=
                    "  \(curve.policy): mean absolute \(String(format: "%.2f", mean)), worst "
                    + "\(String(format: "%+.2f", worst)) over \(errors.count) sizes — "
                    + errors.map(\.text).joined(separator: "; ") + "\n"
            }
        }
        out += answers(set)
        return out
    }

    static func answers(_ set: CurveSet) -> String {
        guard let answers = set.answers else { return "" }
        var out = ""
        let width = answers.map(\.policy.count).max() ?? 0
        func name(_ policy: String) -> String {
            "  " + Markup.terminalText(policy) + String(repeating: " ", count: max(0, width - policy.count)) + "  "
        }
        if let target = set.targetHitRatio {
            out += "\nSmallest capacity reaching a hit ratio of \(Formatting.percent(target, digits: 2)):\n"
            for answer in answers {
                out += name(answer.policy) + CurveText.target(answer.target, unit: set.unit) + "\n"
            }
        }
        if let asked = set.askedCapacity {
            out += "\nHit ratio at \(CurveText.capacity(asked, unit: set.unit)):\n"
            for answer in answers { out += name(answer.policy) + ratio(answer.atCapacity) + "\n" }
        }
        if let budget = set.memoryBudgetBytes {
            let objects = set.meanObjectBytes.map { " (objects \(Formatting.bytes($0)) on average)" } ?? ""
            out += "\nWithin a memory budget of \(Formatting.bytes(Double(budget)))\(objects):\n"
            for answer in answers {
                var line = CurveText.budget(answer.budget, unit: set.unit)
                if let footprint = answer.budget?.footprint {
                    line += String(
                        format: " (the policy's own %.1f B storage, %.1f B allocator, per entry)",
                        footprint.storageBytesPerEntry, footprint.allocatorBytesPerEntry)
                }
                out += name(answer.policy) + line + "\n"
            }
        }
        out += "\nKnee (the point farthest above the chord from the first to the last, capacity on a log scale):\n"
        for answer in answers { out += name(answer.policy) + CurveText.knee(answer.knee, unit: set.unit) + "\n" }
        return out
    }

    /// One row per point (`kind` `point`), then one per answer (`target`,
    /// `capacity`, `budget`, `knee`) with the capacity it names.
    static func csv(_ set: CurveSet) -> String {
        var out = "kind,capacity,unit,policy,hit_ratio,method,sampling_rate,exact_hit_ratio,note,expected_error\n"
        func row(
            _ kind: String, _ capacity: Int?, _ curve: PolicyCurve, _ ratio: Double?, exact: Double? = nil,
            expected: Double? = nil, _ note: String
        )
            -> String
        {
            [
                kind, capacity.map { String($0) } ?? "", set.unit.rawValue, CSVField.escape(curve.policy),
                ratio.map { String($0) } ?? "", CSVField.escape(curve.method.description), String(set.samplingRate),
                exact.map { String($0) } ?? "", CSVField.escape(note), expected.map { String($0) } ?? "",
            ].joined(separator: ",") + "\n"
        }
        for curve in set.curves {
            for point in curve.points {
                out += row(
                    "point", point.capacity, curve, point.hitRatio, exact: point.exactHitRatio,
                    expected: point.expectedError,
                    point.unresolved.map { "below the sampling's resolution: \($0)" } ?? "")
            }
        }
        for (curve, answer) in zip(set.curves, set.answers ?? []) {
            if let target = set.targetHitRatio, let reached = answer.target {
                let note =
                    reached.capacity == nil
                    ? "target \(target) not reached"
                    : "first size reaching \(target)"
                        + (reached.below.map { "; \($0) falls short" } ?? "")
                out += row("target", reached.capacity, curve, reached.hitRatio ?? reached.best, note)
            }
            if let asked = set.askedCapacity { out += row("capacity", asked, curve, answer.atCapacity, "asked") }
            if let budget = answer.budget, let bytes = set.memoryBudgetBytes {
                let note = String(
                    format: "within %d bytes at %.1f bytes per entry (storage %.1f, allocator %.1f, object %.1f)",
                    bytes,
                    budget.bytesPerEntry, budget.footprint.storageBytesPerEntry,
                    budget.footprint.allocatorBytesPerEntry, budget.bytesPerEntry - budget.footprint.bytesPerEntry)
                out += row("budget", budget.capacity, curve, budget.hitRatio, note)
            }
            if let knee = answer.knee { out += row("knee", knee.capacity, curve, knee.hitRatio, "") }
        }
        return out
    }

    static func json(_ set: CurveSet) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // A CurveSet holds finite numbers only, so encoding cannot fail.
        let data = (try? encoder.encode(set)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
