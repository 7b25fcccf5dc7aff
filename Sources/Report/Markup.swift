/// Escaping for text placed in HTML and SVG (element content and quoted
/// attribute values alike), and for Markdown table cells.
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

    /// A Markdown table cell: pipes escaped, line breaks flattened. O(n).
    public static func markdownCell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
