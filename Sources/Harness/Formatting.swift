/// Number formats shared by tables, verdicts and reports: readable ticks
/// (1k, 10M), byte sizes (KiB, MiB) and grouped integers (4,096).
public enum Formatting {
    /// `1536` → `1.5 KiB`; binary units, as allocators count.
    public static func bytes(_ value: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var v = value
        var unit = 0
        while abs(v) >= 1024 && unit < units.count - 1 {
            v /= 1024
            unit += 1
        }
        if unit == 0 { return "\(Int(v.rounded())) B" }
        return "\(fixed(v, digits: abs(v) < 10 ? 2 : 1)) \(units[unit])"
    }

    /// `10_000_000` → `10M`, `1500` → `1.5k`: short counts for ticks and labels.
    public static func count(_ value: Double) -> String {
        let units: [(Double, String)] = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        for (scale, suffix) in units where abs(value) >= scale {
            let scaled = value / scale
            let text = scaled == scaled.rounded() ? String(Int(scaled)) : fixed(scaled, digits: abs(scaled) < 10 ? 1 : 0)
            return text + suffix
        }
        return value == value.rounded() ? String(Int(value)) : fixed(value, digits: 2)
    }

    /// `4096` → `4,096`.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return value < 0 ? "-" + out : out
    }

    /// `value` with exactly `digits` decimals, without Foundation.
    public static func fixed(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        let fraction = Int(scaled - Double(whole) * scale)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        if digits == 0 { return sign + String(whole) }
        let fractionText = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
    }

    /// `0.4567` → `45.67%`.
    public static func percent(_ ratio: Double, digits: Int = 2) -> String {
        fixed(ratio * 100, digits: digits) + "%"
    }

    /// Nanoseconds as `850 ns`, `12.3 µs`, `4.1 ms`, `2.0 s`.
    public static func duration(nanoseconds: Double) -> String {
        switch abs(nanoseconds) {
        case ..<1_000: return "\(Int(nanoseconds.rounded())) ns"
        case ..<1_000_000: return fixed(nanoseconds / 1e3, digits: 1) + " µs"
        case ..<1_000_000_000: return fixed(nanoseconds / 1e6, digits: 1) + " ms"
        default: return fixed(nanoseconds / 1e9, digits: 2) + " s"
        }
    }
}
