/// Escaping for untrusted text (names from specs, traces and result files)
/// placed in HTML and SVG (element content and quoted attribute values
/// alike), in Markdown, and on a terminal.
public enum Markup {
    /// `a < b & "c"` → `a &lt; b &amp; &quot;c&quot;`. O(n).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A string safe as an HTML `id` and SVG fragment name: letters, digits
    /// and `-` only. O(n).
    public static func identifier(_ text: String) -> String {
        let mapped = text.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? String($0) : "-" }.joined()
        return mapped.isEmpty ? "x" : mapped
    }

    /// A Markdown table cell: ``markdownText(_:)``, whose `|` is already
    /// escaped, so a cell cannot end early; a leading `-` or `+` is left
    /// alone, since a cell opens no block and `-0.5` should read as it is.
    /// O(n).
    public static func markdownCell(_ text: String) -> String {
        markdownInline(text)
    }

    /// Untrusted text (a workload name, a label, a path, a sentence that
    /// quotes them) as literal Markdown: what it says is what a viewer
    /// shows, with no inline HTML, link, emphasis, code span or table
    /// break. `&`, `<` and `>` become entities (CommonMark and GitHub
    /// render inline HTML, so `<script>` must never reach them raw); the
    /// other punctuation Markdown gives a meaning (`\` `` ` `` `[` `]` `|`,
    /// and `*` `_` `~` when two of one could pair) is backslash-escaped; a
    /// leading `#`, `*`, `+`, `-`, `=` or `1.`, which would open a heading,
    /// list or rule, is escaped too; line
    /// breaks become spaces and other control or bidirectional characters
    /// their visible `\u{…}` form (``visibleControls(_:)``). O(n).
    public static func markdownText(_ text: String) -> String {
        var out = markdownInline(text)
        if let first = out.unicodeScalars.first, "#*+-=".unicodeScalars.contains(first) {
            out = "\\" + out
        } else if let marker = out.firstIndex(where: { !$0.isASCII || !$0.isNumber }),
            marker != out.startIndex, out[marker] == "." || out[marker] == ")"
        {
            out.insert("\\", at: marker)
        }
        return out
    }

    /// ``markdownText(_:)`` without the escapes of a line's first characters.
    private static func markdownInline(_ text: String) -> String {
        let flat = visibleControls(text)
        // Emphasis and strikethrough need an opening and a closing run, so a
        // lone `*`, `_` or `~` (`~41 B`, `lru_4096`) reads as it is.
        let paired = Set("*_~".unicodeScalars.filter { mark in flat.unicodeScalars.count { $0 == mark } >= 2 })
        var out = ""
        out.reserveCapacity(flat.utf8.count)
        for scalar in flat.unicodeScalars {
            switch scalar {
            case "&": out.append("&amp;")
            case "<": out.append("&lt;")
            case ">": out.append("&gt;")
            case "\\", "`", "[", "]", "|":
                out += "\\"
                out.unicodeScalars.append(scalar)
            case "*", "_", "~":
                if paired.contains(scalar) { out += "\\" }
                out.unicodeScalars.append(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Untrusted text as an inline Markdown code span: fenced by one more
    /// backtick than its longest run of backticks (CommonMark's rule), so
    /// no name can close the span early; line breaks flattened and control
    /// characters made visible as in ``markdownText(_:)``. O(n).
    public static func markdownCode(_ text: String) -> String {
        let flat = visibleControls(text)
        var longest = 0
        var run = 0
        for character in flat {
            run = character == "`" ? run + 1 : 0
            longest = Swift.max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = flat.first == "`" || flat.last == "`" ? " " : ""
        return fence + pad + flat + pad + fence
    }

    /// Untrusted text safe to print on a terminal: an escape sequence in a
    /// workload name must not recolour, move the cursor or retitle the
    /// window, and a bidirectional override must not reorder the columns
    /// after it. Same as ``visibleControls(_:)``. O(n).
    public static func terminalText(_ text: String) -> String {
        visibleControls(text)
    }

    /// `text` with line breaks and tabs as spaces, and every other control
    /// character (C0, DEL, C1) and every bidirectional formatting character
    /// (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069) as its visible
    /// `\u{1B}` form. Text without them is returned unchanged. O(n).
    public static func visibleControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isHidden) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n", "\r", "\t", "\u{2028}", "\u{2029}": out += " "
            case _ where isHidden(scalar):
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A control character or a bidirectional formatting character.
    private static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E...0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028...0x2029:
            return true
        default: return false
        }
    }
}
