import Foundation

/// A number of bytes as people write it, read the same way everywhere a
/// byte count is taken — a spec's `capacityBytes` and `memoryBudget`, and
/// the command line's `--max-memory`, `--memory-budget` and `--budget`:
///
/// - an integer: `67108864`;
/// - a number with a binary unit, in any case, a space before it allowed:
///   `64MiB`, `1.5GiB`, `512 KiB`, `100B`, or the single letters the
///   command line has always taken, `512K`, `64M`, `4G`, `1T` (binary too,
///   as in `docker -m` and the JVM's `-Xmx`).
///
/// `64MB`, `4GB`… are refused as ambiguous, since tools disagree on whether
/// they mean 10⁶ or 2²⁰; so is a figure that is not a whole number of bytes.
public enum ByteSize {
    /// Bytes per unit, longest spelling first so that `MiB` is not read as `B`.
    static let units: [(String, Int)] = [
        ("TIB", 1 << 40), ("GIB", 1 << 30), ("MIB", 1 << 20), ("KIB", 1 << 10),
        ("T", 1 << 40), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10),
    ]
    /// Decimal units, refused.
    static let ambiguous = ["KB", "MB", "GB", "TB"]

    /// The bytes `text` stands for (0 or more), or why it stands for none.
    /// O(length).
    public static func parse(_ text: String) -> Result<Int, Refusal> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let upper = trimmed.uppercased()
        var scale = 1
        var unitLength = 0
        if let unit = ambiguous.first(where: { upper.hasSuffix($0) }) {
            let number = trimmed.dropLast(unit.count).trimmingCharacters(in: .whitespaces)
            return .failure(
                Refusal(
                    "\"\(unit)\" is ambiguous (10^n or 2^n bytes?): write \(number)\(unit.prefix(1))iB for binary multiples, or the number of bytes"
                ))
        } else if let (unit, bytes) = units.first(where: { upper.hasSuffix($0.0) }) {
            (scale, unitLength) = (bytes, unit.count)
        } else if upper.hasSuffix("B") {
            unitLength = 1
        }
        let number = trimmed.dropLast(unitLength).trimmingCharacters(in: .whitespaces)
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let value = Double(number), value.isFinite
        else {
            return .failure(
                Refusal("\"\(number)\" is not a number followed by B, KiB, MiB, GiB or TiB (or K, M, G, T)"))
        }
        let bytes = value * Double(scale)
        guard bytes == bytes.rounded(), bytes < 0x1p62 else {
            return .failure(Refusal("it is not a whole number of bytes below 2^62"))
        }
        return .success(Int(bytes))
    }

    /// Why a text is not a number of bytes.
    public struct Refusal: Error, Equatable {
        public let message: String
        init(_ message: String) { self.message = message }
    }
}
