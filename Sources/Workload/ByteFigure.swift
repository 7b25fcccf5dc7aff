import Foundation

/// A byte count as a spec may write it: an integer (`67108864`), or a
/// number with a binary unit — `"64MiB"`, `"1.5GiB"`, `"512KiB"`, `"100B"`
/// (B, KiB, MiB, GiB, TiB, in any case; a space before the unit is
/// allowed). Decimal units (`"64MB"`, `"64K"`) are refused as ambiguous,
/// since tools disagree on whether they mean 10⁶ or 2²⁰.
enum ByteFigure {
    /// Bytes per binary unit, upper-cased.
    static let units: [(String, Int)] = [("TIB", 1 << 40), ("GIB", 1 << 30), ("MIB", 1 << 20), ("KIB", 1 << 10)]
    /// Decimal or bare-letter units, refused.
    static let ambiguous = ["KB", "MB", "GB", "TB", "K", "M", "G", "T"]

    /// The bytes `text` stands for, or why it stands for none. O(length).
    static func parse(_ text: String) -> Result<Int, Refusal> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let upper = trimmed.uppercased()
        var scale = 1
        var unitLength = 0
        if let (unit, bytes) = units.first(where: { upper.hasSuffix($0.0) }) {
            (scale, unitLength) = (bytes, unit.count)
        } else if let unit = ambiguous.first(where: { upper.hasSuffix($0) }) {
            let number = trimmed.dropLast(unit.count).trimmingCharacters(in: .whitespaces)
            return .failure(
                Refusal(
                    "\"\(unit)\" is ambiguous (10^n or 2^n bytes?): write \(number)\(unit.prefix(1))iB for binary multiples, or the number of bytes"
                ))
        } else if upper.hasSuffix("B") {
            unitLength = 1
        }
        let number = trimmed.dropLast(unitLength).trimmingCharacters(in: .whitespaces)
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let value = Double(number), value.isFinite
        else {
            return .failure(Refusal("\"\(number)\" is not a number followed by B, KiB, MiB, GiB or TiB"))
        }
        let bytes = value * Double(scale)
        guard bytes == bytes.rounded(), bytes < 0x1p62 else {
            return .failure(Refusal("it is not a whole number of bytes below 2^62"))
        }
        return .success(Int(bytes))
    }

    /// Why a text is not a byte figure.
    struct Refusal: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }
}
