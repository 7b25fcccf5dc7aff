import Harness

/// `report.md`: the report's words and tables in Markdown (the charts are in
/// `report.html`); a terminal-style sparkline shows each memory line's shape.
/// Every name, label and path in it comes from a spec, a trace or a result
/// file, so all text goes through ``Markup/markdownText(_:)`` (tables
/// through ``Markup/markdownCell(_:)``): a workload named `<script>` is
/// shown, never rendered.
public enum MarkdownReport {
    /// The whole document. O(total runs × samples).
    public static func render(_ report: ComparativeReport) -> String {
        var out = "# \(Markup.markdownText(report.title))\n\n"
        out += "Charts of these figures (miss and hit ratio against capacity, the across-workloads distributions, "
        out += "memory over time and its forecast, "
        out += "hit ratio over time, latency, throughput) "
        out += "are in `report.html` beside this file.\n\n"
        if report.sections.count > 1 { out += report.overview.markdown() + "\n" }
        if !report.acrossTables.isEmpty {
            out += "## Across workloads\n\n"
            out += "Each policy's miss-ratio reduction over every workload and capacity of this report "
            out += "(its cumulative distribution is charted in `report.html`).\n\n"
            for table in report.acrossTables { out += table.markdown() + "\n" }
        }
        for section in report.sections {
            out += "## \(Markup.markdownText(section.name))\n\n\(Markup.markdownText(section.facts))\n\n"
            if section.isCompact { out += Markup.markdownText(compactNote) + "\n\n" }
            out += section.memoryTable.markdown() + "\n"
            if !section.verdicts.isEmpty { out += sentences("Memory, in words", section.verdicts) }
            if !section.warmth.isEmpty { out += sentences("Warm-up, in words", section.warmth) }
            if !section.products.isEmpty { out += sentences("Real products, in words", section.products) }
            for table in section.tables { out += table.markdown() + "\n" }
        }
        return out
    }

    /// What a compact section says of itself.
    static let compactNote =
        "Compact section (a report over more than \(ComparativeReport.detailedUpTo) workloads): the miss-ratio chart, "
        + "who wins and the memory verdicts; the run's own report.md and report.html have every table and chart."

    /// A bold title and a bullet per sentence; folded into `<details>`
    /// past ``collapsedAbove`` sentences.
    static func sentences(_ title: String, _ lines: [String]) -> String {
        let bullets = lines.map { "- \(Markup.markdownText($0))\n" }.joined()
        guard lines.count > collapsedAbove else { return "**\(title)**\n\n" + bullets + "\n" }
        return "<details><summary>\(title) (\(lines.count) sentences)</summary>\n\n" + bullets + "\n</details>\n\n"
    }

    /// Lists longer than this are collapsed (`<details>`, which GitHub and
    /// most viewers fold) so the tables and charts come first.
    public static let collapsedAbove = 8

    /// Convenience: the report of `results`.
    public static func render(_ results: [ExperimentResult]) -> String {
        render(ComparativeReport(results))
    }
}
