/// A table of text cells that the Markdown and HTML reports both render,
/// so the two always show the same figures.
public struct ReportTable: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable { case left, right }

    public var caption: String
    public var header: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []
    /// Rows drawn emphasized (bold in Markdown, shaded in HTML): the best
    /// policy at each size, say.
    public var highlighted: Set<Int> = []

    public init(caption: String, columns: [(String, Alignment)]) {
        self.caption = caption
        self.header = columns.map(\.0)
        self.alignments = columns.map(\.1)
    }

    /// A GitHub-flavoured Markdown table, caption in bold above it. O(cells).
    public func markdown() -> String {
        var out = "**\(Markup.markdownCell(caption))**\n\n"
        out += "| " + header.map(Markup.markdownCell).joined(separator: " | ") + " |\n"
        out += "|" + alignments.map { $0 == .left ? " :--- |" : " ---: |" }.joined() + "\n"
        for (index, row) in rows.enumerated() {
            let bold = highlighted.contains(index)
            out +=
                "| "
                + row.map { bold && !$0.isEmpty ? "**\(Markup.markdownCell($0))**" : Markup.markdownCell($0) }
                .joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// An HTML `<table>` with `<caption>` and a header row; all text escaped. O(cells).
    public func html() -> String {
        var out = "<table>\n<caption>\(Markup.escape(caption))</caption>\n<thead><tr>"
        for (cell, alignment) in zip(header, alignments) {
            out += "<th scope=\"col\" class=\"\(alignment == .left ? "l" : "r")\">\(Markup.escape(cell))</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for (number, row) in rows.enumerated() {
            out += highlighted.contains(number) ? "<tr class=\"best\">" : "<tr>"
            for (index, (cell, alignment)) in zip(row, alignments).enumerated() {
                let tag = index == 0 ? "th scope=\"row\"" : "td"
                let close = index == 0 ? "th" : "td"
                out += "<\(tag) class=\"\(alignment == .left ? "l" : "r")\">\(Markup.escape(cell))</\(close)>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }
}
