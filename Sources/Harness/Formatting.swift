/// Number formats shared by tables, verdicts and reports: readable ticks
/// (1k, 10M), byte sizes (KiB, MiB) and grouped integers (4,096).
///
/// Every function here is total: any Double — huge, tiny, infinite or NaN —
/// gives text, never a trap (result files are untrusted input, and a report
/// must not crash on one that slipped past validation). Values that do not
/// fit in an `Int` are printed in Swift's shortest form (`1e+308`); infinity
/// and NaN as `inf`, `-inf` and `nan`.
public enum Formatting {
    /// `1536` → `1.5 KiB`; binary units, as allocators count.
    public static func bytes(_ value: Double) -> String {
        guard value.isFinite else { return nonFinite(value) + " B" }
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var v = value
        var unit = 0
        while abs(v) >= 1024 && unit < units.count - 1 {
            v /= 1024
            unit += 1
        }
        if unit == 0 { return "\(whole(v.rounded())) B" }
        return "\(fixed(v, digits: abs(v) < 10 ? 2 : 1)) \(units[unit])"
    }

    /// `10_000_000` → `10M`, `1500` → `1.5k`: short counts for ticks and labels.
    public static func count(_ value: Double) -> String {
        guard value.isFinite else { return nonFinite(value) }
        let units: [(Double, String)] = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        for (scale, suffix) in units where abs(value) >= scale {
            let scaled = value / scale
            let text = scaled == scaled.rounded() ? whole(scaled) : fixed(scaled, digits: abs(scaled) < 10 ? 1 : 0)
            return text + suffix
        }
        return value == value.rounded() ? whole(value) : fixed(value, digits: 2)
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

    /// A whole number as digits — `String(Int(value))` wherever that fits —
    /// for any Double: a fraction is cut off toward zero; beyond the range of
    /// `Int` the value is printed in Swift's shortest form (`1e+308`,
    /// `9.223372036854776e+18`); `inf`, `-inf`, `nan`. Never traps.
    public static func whole(_ value: Double) -> String {
        guard value.isFinite else { return nonFinite(value) }
        // Int(exactly:) of the truncated value: nil exactly where Int(_:) would trap.
        if let integer = Int(exactly: value.rounded(.towardZero)) { return String(integer) }
        return value.description
    }

    /// `value` with exactly `digits` decimals (0 … 18), without Foundation.
    /// Values too large for that (|value| ≥ 2⁶³) are printed whole, in
    /// Swift's shortest form (`1e+308`). Never traps.
    public static func fixed(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return nonFinite(value) }
        // 10¹⁸ is the largest power of ten an Int holds, so the fraction below fits.
        let digits = min(max(digits, 0), 18)
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled.isFinite, let whole = Int(exactly: (scaled / scale).rounded(.towardZero)) else {
            return value.description
        }
        let fraction = Int(scaled - Double(whole) * scale)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        if digits == 0 { return sign + String(whole) }
        let fractionText = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: max(0, digits - fractionText.count))
            + fractionText
    }

    /// `0.4567` → `45.67%`.
    public static func percent(_ ratio: Double, digits: Int = 2) -> String {
        fixed(ratio * 100, digits: digits) + "%"
    }

    /// Nanoseconds as `850 ns`, `12.3 µs`, `4.1 ms`, `2.0 s`.
    public static func duration(nanoseconds: Double) -> String {
        guard nanoseconds.isFinite else { return nonFinite(nanoseconds) + " ns" }
        switch abs(nanoseconds) {
        case ..<1_000: return "\(whole(nanoseconds.rounded())) ns"
        case ..<1_000_000: return fixed(nanoseconds / 1e3, digits: 1) + " µs"
        case ..<1_000_000_000: return fixed(nanoseconds / 1e6, digits: 1) + " ms"
        default: return fixed(nanoseconds / 1e9, digits: 2) + " s"
        }
    }

    /// A span of time for people: `45 s`, `12.5 min`, `3.2 h`, `2.9 days`,
    /// `1.4 years` (365.25 days).
    public static func elapsed(seconds: Double) -> String {
        guard seconds.isFinite else { return nonFinite(seconds) + " s" }
        let units: [(Double, String)] = [(31_557_600, "years"), (86_400, "days"), (3600, "h"), (60, "min")]
        for (scale, name) in units where abs(seconds) >= scale {
            let value = seconds / scale
            return fixed(value, digits: abs(value) < 10 ? 1 : 0) + " " + name
        }
        return fixed(seconds, digits: abs(seconds) < 10 ? 1 : 0) + " s"
    }

    /// `nan`, `inf` or `-inf`, as ``fixed(_:digits:)`` has always written them.
    static func nonFinite(_ value: Double) -> String {
        value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf")
    }
}
