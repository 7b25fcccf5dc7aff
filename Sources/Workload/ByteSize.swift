/// A number of bytes as people write it: `1048576`, `512K`, `512M`, `4G`,
/// `1T` (binary multiples; a trailing `B` or `iB` is allowed: `4GiB`,
/// `64MB`). Read by the command line (`--max-memory`, `--memory-budget`)
/// and by specs (`"memoryBudget": "4G"`).
public enum ByteSize {
    /// The bytes `text` stands for; nil unless it is a whole number ≥ 1
    /// with an optional unit, and fits an `Int`. O(length).
    public static func parse(_ text: String) -> Int? {
        var text = text.uppercased()
        if text.hasSuffix("IB") { text.removeLast(2) } else if text.hasSuffix("B") { text.removeLast() }
        var multiplier = 1
        if let unit = text.last, let power = "KMGT".firstIndex(of: unit) {
            multiplier = 1 << (10 * ("KMGT".distance(from: "KMGT".startIndex, to: power) + 1))
            text.removeLast()
        }
        guard let value = Int(text), value >= 1 else { return nil }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : bytes
    }
}
