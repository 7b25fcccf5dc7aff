/// One field of a CSV file written by cachesim, safe to open in a
/// spreadsheet: RFC 4180 quoting, and names that would run as formulas
/// defused.
///
/// Labels, policy names and workload names come from specs, traces and
/// result files, so they are untrusted. A field that Excel, LibreOffice or
/// Google Sheets would evaluate (a leading `=`, `+`, `-`, `@`, tab or carriage
/// return, the OWASP "CSV injection" list) gets a leading `'`, which the
/// spreadsheet shows as text; a number such as `-0.5` is left as it is, so
/// pandas still reads numeric columns as numbers.
public enum CSVField {
    /// `a,b` → `"a,b"`, `=1+2` → `'=1+2`, `-0.5` → `-0.5`. O(n).
    public static func escape(_ field: String) -> String {
        var text = field
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(text) == nil {
            text = "'" + text
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
