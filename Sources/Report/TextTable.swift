/// A plain text table with aligned columns, for terminal output.
public struct TextTable {
    public enum Alignment { case left, right }
    public var header: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []

    public init(header: [String], alignments: [Alignment]) {
        self.header = header
        self.alignments = alignments
    }

    /// The table with a rule under the header; columns padded to their widest
    /// cell. Cells hold names from specs and traces, so each goes through
    /// ``Markup/terminalText(_:)``: no escape sequence reaches the terminal.
    public func render() -> String {
        let all = ([header] + rows).map { $0.map(Markup.terminalText) }
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.indices.map { column in
                let pad = String(repeating: " ", count: widths[column] - cells[column].count)
                return alignments[column] == .left ? cells[column] + pad : pad + cells[column]
            }.joined(separator: "  ")
        }
        var out = line(all[0]) + "\n"
        out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
        for row in all.dropFirst() { out += line(row) + "\n" }
        return out
    }
}
