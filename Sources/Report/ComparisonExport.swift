import Foundation
import Harness

/// A comparison as CI systems read it: JUnit XML (each run a test case, a
/// regression a failure carrying its figures — what GitHub, GitLab and
/// Jenkins show as test results) and a Markdown summary (for a pull-request
/// comment or `$GITHUB_STEP_SUMMARY`).
public struct ComparisonExport: Sendable {
    /// One run: its name, whether it regressed, and why in words.
    public struct Case: Sendable, Equatable {
        public var name: String
        public var status: ResultComparison.Status
        public var notes: [String]
        /// The cells of its row in the Markdown table.
        public var cells: [String]
    }

    /// `bench` or `result`: the kind of files compared.
    public var kind: String
    public var workload: String
    public var baselinePath: String
    public var currentPath: String
    /// How the comparison was made, one paragraph.
    public var method: String
    public var verdict: String
    public var header: [String]
    public var cases: [Case]

    /// A bench comparison's cases.
    public init(_ comparison: BenchComparison) {
        kind = "bench"
        workload = comparison.current.workload.name
        baselinePath = comparison.baselinePath
        currentPath = comparison.currentPath
        method = comparison.method
        verdict = comparison.verdict
        header = [
            "run", "hits", "instructions/request", "ns/request (relative change)", "p (slower)", "status", "why",
        ]
        cases = comparison.rows.map {
            Case(name: $0.label, status: $0.status, notes: $0.notes, cells: comparison.cells($0))
        }
    }

    /// A result comparison's cases (runs named with their seed).
    public init(_ comparison: ResultComparison, workload: String) {
        kind = "result"
        self.workload = workload
        baselinePath = comparison.baselinePath
        currentPath = comparison.currentPath
        method =
            "Hits must match within \(Formatting.percent(comparison.tolerance.hits, digits: 3)); allocator bytes per entry within \(Formatting.percent(comparison.tolerance.memoryPerEntry, digits: 1))."
        let regressions = comparison.rows.filter { $0.status == .regression }.count
        verdict =
            regressions > 0
            ? "\(regressions) of \(comparison.rows.count) runs regressed."
            : "All \(comparison.rows.count) runs within tolerance."
        header = ["run", "seed", "hits", "status", "why"]
        cases = comparison.rows.map { row in
            Case(
                name: "\(row.label) seed \(row.seed)", status: row.status, notes: row.notes,
                cells: [
                    row.label, String(row.seed),
                    "\(row.baselineHits.map(Formatting.grouped) ?? "–") → \(row.currentHits.map(Formatting.grouped) ?? "–")",
                    row.status == .regression ? "REGRESSION" : row.status.rawValue,
                    row.notes.isEmpty ? "within tolerance" : row.notes.joined(separator: "; "),
                ])
        }
    }

    /// JUnit XML: one `testsuite` named after the workload, a `testcase`
    /// per run, a `failure` per regression. Text outside XML 1.0's
    /// characters is dropped; the rest escaped.
    public var junit: String {
        let failures = cases.filter { $0.status == .regression }.count
        let suite = "cachesim.\(kind).\(workload)"
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<testsuites name=\"cachesim compare\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\">\n"
        out +=
            "  <testsuite name=\"\(Self.xml(suite))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
        out += "    <properties>\n"
        out += "      <property name=\"baseline\" value=\"\(Self.xml(baselinePath))\"/>\n"
        out += "      <property name=\"current\" value=\"\(Self.xml(currentPath))\"/>\n"
        out += "    </properties>\n"
        for item in cases {
            out += "    <testcase classname=\"\(Self.xml(suite))\" name=\"\(Self.xml(item.name))\""
            if item.status == .regression {
                let message = item.notes.joined(separator: "; ")
                out += ">\n      <failure type=\"regression\" message=\"\(Self.xml(message))\">"
                out += Self.xml(zip(header, item.cells).map { "\($0): \($1)" }.joined(separator: "\n"))
                out += "</failure>\n    </testcase>\n"
            } else {
                out += "/>\n"
            }
        }
        out += "    <system-out>\(Self.xml(method + "\n" + verdict))</system-out>\n"
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// A Markdown summary: the verdict, the method, then a table of every run.
    public var markdown: String {
        let failed = cases.contains { $0.status == .regression }
        var out =
            "### cachesim \(kind) comparison: \(Markup.markdownCell(workload)) — \(failed ? "❌ regression" : "✅ ok")\n\n"
        out += "\(Markup.markdownText(verdict))\n\n\(Markup.markdownText(method))\n\n"
        out += "Baseline \(Markup.markdownCode(baselinePath)), current \(Markup.markdownCode(currentPath)).\n\n"
        out += "| " + header.map(Markup.markdownCell).joined(separator: " | ") + " |\n"
        out += "|" + header.map { $0 == "run" || $0 == "status" || $0 == "why" ? " --- |" : " ---: |" }.joined() + "\n"
        for item in cases {
            out += "| " + item.cells.map(Markup.markdownCell).joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// `text` escaped for XML attributes and content, without the control
    /// characters XML 1.0 cannot carry.
    static func xml(_ text: String) -> String {
        let allowed = String(
            String.UnicodeScalarView(
                text.unicodeScalars.filter {
                    ($0.value >= 0x20 && $0.value != 0xFFFE && $0.value != 0xFFFF) || $0 == "\n" || $0 == "\t"
                        || $0 == "\r"
                }))
        return Markup.escape(allowed)
    }
}
