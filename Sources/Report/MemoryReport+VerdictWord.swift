import Harness

extension MemoryReport {
    /// What a table, page or CSV shows where a series is too short to judge.
    static let noVerdict = "—"

    /// The verdict as one word for a table cell or CSV field: `grows`,
    /// `plateau`, or `—` when the series has too few samples to judge.
    var verdictWord: String { isJudged ? verdict.kind.rawValue : Self.noVerdict }
}
