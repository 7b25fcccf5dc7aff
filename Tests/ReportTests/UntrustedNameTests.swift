import Foundation
import Harness
import Report
import Testing

/// Names, labels and paths come from specs, traces and result files: every
/// output format must show them as text, never run them (issue 21). Each
/// test checks the escaped form against an independent reading of it: a
/// small RFC 4180 parser for CSV, CommonMark's backslash-escape and entity
/// rules for Markdown.
@Suite struct UntrustedNameTests {
    static let hostileName = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    static let hostileLabel = "*a* _b_ [c](http://x) `d` ~~e~~ | f\n# g \u{1B}[31mred\u{1B}[0m \u{202E}txt"

    /// The characters CommonMark lets a backslash escape.
    static let asciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

    /// The text a CommonMark viewer shows for `markdown` that uses only
    /// backslash escapes and the `&amp;` `&lt;` `&gt;` entities.
    static func shown(_ markdown: String) -> String {
        var out = ""
        var scalars = markdown.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            if scalar == "\\", let next = scalars.first, Self.asciiPunctuation.unicodeScalars.contains(next) {
                out.unicodeScalars.append(next)
                scalars = scalars.dropFirst()
            } else if scalar == "&" {
                let rest = String(String.UnicodeScalarView(scalars))
                let entity = ["amp;": "&", "lt;": "<", "gt;": ">"].first { rest.hasPrefix($0.key) }
                #expect(entity != nil, "a bare & in \(markdown)")
                out += entity?.value ?? "&"
                scalars = scalars.dropFirst(entity?.key.count ?? 0)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The text without its escaped characters: what Markdown could still
    /// read as markup.
    static func unescaped(_ markdown: String) -> String {
        var out = ""
        var escaped = false
        for scalar in markdown.unicodeScalars {
            if escaped {
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    @Test func markdownTextShowsWhatItSaysAndOpensNoMarkup() {
        for text in [
            Self.hostileName, Self.hostileLabel, "lru_4096", "grows ~41 B per request", "a & b", "&lt;", "\\*x\\*",
            "# heading", "- item", "+ item", "* item", "= rule", "12. item", "3) item", "-0.5", "",
        ] {
            let markdown = Markup.markdownText(text)
            #expect(Self.shown(markdown) == Markup.visibleControls(text), "\(text) → \(markdown)")
            let bare = Self.unescaped(markdown)
            for markup in ["<", "`", "[", "]", "|"] {
                #expect(!bare.contains(markup), "\(markup) left unescaped in \(markdown)")
            }
            for pair in ["*", "_", "~"] {
                #expect(bare.count { String($0) == pair } < 2, "\(pair) could still pair in \(markdown)")
            }
            #expect(!bare.contains("\n") && !bare.contains("\u{1B}") && !bare.contains("\u{202E}"))
            if let first = bare.first { #expect(!"#*+-=".contains(first), "\(markdown) opens a block") }
            #expect(markdown.firstMatch(of: /^[0-9]+[.)]/) == nil, "\(markdown) opens an ordered list")
        }
        #expect(Markup.markdownText("lru_4096") == "lru_4096", "a lone underscore stays readable")
        #expect(Markup.markdownText("grows ~41 B") == "grows ~41 B")
        #expect(Markup.markdownCell("-0.5") == "-0.5", "a number in a cell is left as it is")
        #expect(Markup.markdownCell("a|b") == "a\\|b")
    }

    @Test func markdownCodeSpansCannotBeClosedByTheName() {
        #expect(Markup.markdownCode("results/run") == "`results/run`")
        #expect(Markup.markdownCode("a`b") == "``a`b``")
        #expect(Markup.markdownCode("``x") == "``` ``x ```")
        #expect(Markup.markdownCode("a\nb") == "`a b`")
    }

    @Test func reportMarkdownCarriesNoRawHTMLFromNames() throws {
        var result = FixtureResults.scanHeavy()
        result.workload.name = Self.hostileName
        result.runs[0].label = Self.hostileLabel
        let markdown = MarkdownReport.render([result])
        for raw in ["<script", "<img", "\u{1B}", "\u{202E}"] {
            #expect(!markdown.contains(raw), "\(raw) reached report.md")
        }
        #expect(!Self.unescaped(markdown).contains("](http"), "a link reached report.md")
        #expect(markdown.contains("## &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;\n"))
        // Every row of every table still has its header's number of cells.
        let blocks = markdown.split(separator: "\n", omittingEmptySubsequences: false)
            .split { !$0.hasPrefix("|") }
        #expect(blocks.count >= 2, "the hit-ratio and latency tables")
        for block in blocks {
            let bars = block.map { line in Self.unescaped(String(line)).count { $0 == "|" } }
            #expect(Set(bars).count == 1, "\(block.first ?? "")")
        }
        let html = HTMLReport.render([result])
        #expect(!html.contains("<script>alert") && !html.contains("<img src=x"))
    }

    /// RFC 4180: fields split at commas outside quotes, `""` inside quotes a quote.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = text[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append("\"")
                        characters = characters.dropFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(character)
            }
        }
        #expect(!quoted && field.isEmpty && row.isEmpty, "the CSV ends with a complete row")
        return rows
    }

    @Test func csvFieldsAreQuotedAndFormulasDefused() {
        let cases: [(String, String)] = [
            ("lru", "lru"), ("a,b", "a,b"), ("say \"hi\"", "say \"hi\""), ("two\nlines", "two\nlines"),
            ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"), ("+1+2", "'+1+2"),
            ("-cmd", "'-cmd"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("-0.5", "-0.5"), ("+3", "+3"),
            ("1e-3", "1e-3"),
        ]
        for (field, expected) in cases {
            let rows = Self.parseCSV(CSVField.escape(field) + ",next\n")
            #expect(rows == [[expected, "next"]], "\(field)")
        }
    }

    @Test func runAndSeriesCSVKeepTheirColumnsWithHostileLabels() throws {
        var result = FixtureResults.zipf()
        result.runs[0].label = "=cmd|' /C calc'!A0,\"x\""
        result.runs[0].policy = "a,b"
        let runs = Self.parseCSV(RunCSV.render([result]))
        #expect(runs.count == 1 + result.runs.count)
        #expect(runs.allSatisfy { $0.count == runs[0].count }, "every row as wide as the header")
        let label = try #require(runs[0].firstIndex(of: "label"))
        #expect(runs[1][label] == "'=cmd|' /C calc'!A0,\"x\"")
        let series = Self.parseCSV(String(decoding: result.seriesCSV(), as: UTF8.self))
        #expect(series.count == 1 + result.runs.map(\.memory.series.count).reduce(0, +))
        #expect(series.allSatisfy { $0.count == series[0].count })
        #expect(series[1][0] == "'=cmd|' /C calc'!A0,\"x\"" && series[1][1] == "a,b")
    }

    @Test func terminalTablesShowControlCharactersInsteadOfObeyingThem() {
        var table = TextTable(header: ["run", "hits"], alignments: [.left, .right])
        table.rows.append(["\u{1B}[31mred\u{1B}[0m", "1"])
        table.rows.append(["\u{202E}evil", "2"])
        table.rows.append(["plain", "3"])
        let text = table.render()
        #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" })
        #expect(text.contains("\\u{1B}[31mred\\u{1B}[0m"))
        #expect(text.contains("\\u{202E}evil"))
        let widths = Set(text.split(separator: "\n").map(\.count))
        #expect(widths.count == 1, "columns still line up: \(widths)")
    }
}
