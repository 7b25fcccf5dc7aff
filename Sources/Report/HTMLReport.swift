import Harness

/// `report.html`: one self-contained page — inline CSS and inline SVG, no
/// script, no fonts, images or styles from elsewhere (a Content Security
/// Policy forbids any), so it reads the same offline, in a mail attachment
/// or with JavaScript off.
public enum HTMLReport {
    /// The whole page. O(total runs × samples).
    public static func render(_ report: ComparativeReport) -> String {
        var out = ""
        if report.sections.count > 1 { out += report.overview.html() }
        out += "<nav><ul>"
        if !report.acrossTables.isEmpty { out += "<li><a href=\"#across-workloads\">Across workloads</a></li>" }
        for section in report.sections {
            out += "<li><a href=\"#\(Markup.identifier(section.name))\">\(Markup.escape(section.name))</a></li>"
        }
        out += "</ul></nav>\n"
        if !report.acrossTables.isEmpty {
            out += "<section id=\"across-workloads\">\n<h2>Across workloads</h2>\n"
            for chart in report.acrossCharts { out += figure(chart) }
            for table in report.acrossTables { out += table.html() }
            out += "</section>\n"
        }
        for section in report.sections {
            out += "<section id=\"\(Markup.identifier(section.name))\">\n<h2>\(Markup.escape(section.name))</h2>\n"
            out += "<p class=\"facts\">\(Markup.escape(section.facts))</p>\n"
            if section.isCompact { out += "<p class=\"facts\">\(Markup.escape(MarkdownReport.compactNote))</p>\n" }
            out += section.memoryTable.html()
            if !section.verdicts.isEmpty { out += sentences("Memory, in words", section.verdicts) }
            if !section.warmth.isEmpty { out += sentences("Warm-up, in words", section.warmth) }
            if !section.products.isEmpty { out += sentences("Real products, in words", section.products) }
            for chart in section.charts { out += figure(chart) }
            for table in section.tables { out += table.html() }
            out += "</section>\n"
        }
        out +=
            "<footer>Made by <code>cachesim report</code>. Colours: Okabe–Ito palette; each policy keeps its colour, dash and marker in every chart.</footer>\n"
        return page(title: report.title, body: out)
    }

    /// A whole self-contained page around `body` (HTML), titled `title`:
    /// the Content Security Policy, the stylesheet and the heading.
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Markup.escape(title))</title>
        <style>\(stylesheet)</style>
        </head>
        <body>
        <main>
        <h1>\(Markup.escape(title))</h1>
        \(body)</main>
        </body>
        </html>

        """
    }

    /// A heading and a list item per sentence; folded into `<details>` past
    /// ``MarkdownReport/collapsedAbove`` sentences.
    static func sentences(_ title: String, _ lines: [String]) -> String {
        let items = "<ul class=\"verdicts\">\n" + lines.map { "<li>\(Markup.escape($0))</li>\n" }.joined() + "</ul>\n"
        guard lines.count > MarkdownReport.collapsedAbove else { return "<h3>\(Markup.escape(title))</h3>\n" + items }
        return "<details><summary>\(Markup.escape(title)) (\(lines.count) sentences)</summary>\n" + items
            + "</details>\n"
    }

    /// A chart in its figure, with its summary as the caption.
    static func figure(_ chart: SVGChart) -> String {
        "<figure class=\"chart\" id=\"figure-\(chart.id)\">\n\(chart.svg())<figcaption>\(Markup.escape(chart.summary))</figcaption>\n</figure>\n"
    }

    /// Convenience: the page for `results`.
    public static func render(_ results: [ExperimentResult]) -> String {
        render(ComparativeReport(results))
    }

    /// Charts keep their drawn size (880 px wide) so they line up and so a
    /// screenshot check knows where to look; tables scroll sideways on narrow screens.
    static let stylesheet = """
        body { margin: 0; background: #fafafa; color: #1d1d1d; font: 15px/1.45 "DejaVu Sans", Helvetica, Arial, sans-serif; }
        main { max-width: 1180px; margin: 0 auto; padding: 16px 24px 48px; }
        h1 { font-size: 24px; } h2 { margin-top: 40px; border-bottom: 2px solid #ddd; padding-bottom: 4px; }
        figure.chart { margin: 20px 0; width: 880px; max-width: 100%; background: #fff; border: 1px solid #ddd; }
        figure.chart svg { display: block; width: 880px; max-width: 100%; height: auto; }
        figcaption { padding: 6px 12px 10px; font-size: 13px; color: #444; }
        table { border-collapse: collapse; margin: 20px 0; background: #fff; font-size: 13px; display: block; overflow-x: auto; }
        caption { text-align: left; font-weight: bold; padding: 4px 0; }
        th, td { border: 1px solid #ddd; padding: 4px 8px; white-space: nowrap; }
        thead th { background: #f0f0f0; }
        .r { text-align: right; font-variant-numeric: tabular-nums; } .l { text-align: left; }
        ul.verdicts li { margin: 2px 0; }
        tr.best th, tr.best td { background: #e6f2e6; font-weight: bold; }
        nav ul { list-style: none; padding: 0; display: flex; gap: 16px; flex-wrap: wrap; }
        footer { margin-top: 40px; font-size: 12px; color: #555; }
        """
}
