import Harness
import Testing

/// The number formats are total: a result that slipped past validation (or
/// a figure nobody expected) prints as text, never traps.
@Suite struct FormattingTests {
    /// Beyond `Int` (both ways), at its edge, non-finite, and the smallest.
    static let extremes: [Double] = [
        1e308, -1e308, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity, .nan,
        Double(Int.max), -Double(Int.max), 9.99e307, 2.5e20, -2.5e20, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
    ]

    @Test(arguments: extremes)
    func everyFormatGivesTextForAnyDouble(value: Double) {
        var texts = [
            Formatting.bytes(value), Formatting.count(value), Formatting.percent(value),
            Formatting.duration(nanoseconds: value),
            Formatting.whole(value),
        ]
        for digits in [-3, 0, 1, 2, 4, 18, 19, 40, 400] { texts.append(Formatting.fixed(value, digits: digits)) }
        for text in texts { #expect(!text.isEmpty, "\(value)") }
    }

    @Test func hugeValuesArePrintedWithoutConvertingToInt() {
        #expect(Formatting.whole(1e308) == "1e+308")
        #expect(Formatting.whole(-1e308) == "-1e+308")
        #expect(Formatting.whole(Double(Int.max)) == "9.223372036854776e+18", "2^63 is one past Int.max")
        #expect(Formatting.whole(-Double(Int.max)) == "-9223372036854775808", "-2^63 is Int.min")
        #expect(Formatting.whole(.infinity) == "inf")
        #expect(Formatting.whole(-.infinity) == "-inf")
        #expect(Formatting.whole(.nan) == "nan")
        #expect(Formatting.fixed(1e308, digits: 2) == "1e+308")
        #expect(Formatting.fixed(-1e308, digits: 1) == "-1e+308")
        #expect(Formatting.fixed(.nan, digits: 2) == "nan")
        #expect(Formatting.fixed(-.infinity, digits: 0) == "-inf")
        #expect(Formatting.count(9.99e307) == "9.99e+295T")
        #expect(Formatting.count(Double(Int.max)) == "9223372T")
        #expect(Formatting.count(.infinity) == "inf")
        #expect(Formatting.count(.nan) == "nan")
        #expect(Formatting.bytes(1e308) == "8.881784197001252e+292 PiB")
        #expect(Formatting.bytes(-.infinity) == "-inf B")
        #expect(Formatting.bytes(.nan) == "nan B")
        #expect(Formatting.duration(nanoseconds: 1e308) == "1e+299 s")
        #expect(Formatting.duration(nanoseconds: .nan) == "nan ns")
        #expect(Formatting.percent(1e308) == "inf%", "1e308 × 100 overflows to infinity")
    }

    @Test func ordinaryValuesReadAsBefore() {
        #expect(Formatting.bytes(0) == "0 B")
        #expect(Formatting.bytes(1023) == "1023 B")
        #expect(Formatting.bytes(1536) == "1.50 KiB")
        #expect(Formatting.bytes(314_572) == "307.2 KiB")
        #expect(Formatting.bytes(-2048) == "-2.00 KiB")
        #expect(Formatting.count(0) == "0")
        #expect(Formatting.count(1500) == "1.5k")
        #expect(Formatting.count(10_000_000) == "10M")
        #expect(Formatting.count(12_345_678) == "12M")
        #expect(Formatting.count(2.5) == "2.50")
        #expect(Formatting.fixed(0.4567 * 100, digits: 2) == "45.67")
        #expect(Formatting.fixed(-0.004, digits: 2) == "0.00")
        #expect(Formatting.fixed(-1.25, digits: 1) == "-1.3")
        #expect(Formatting.fixed(3, digits: 0) == "3")
        #expect(Formatting.percent(0.4567) == "45.67%")
        #expect(Formatting.duration(nanoseconds: 850) == "850 ns")
        #expect(Formatting.duration(nanoseconds: 12_340) == "12.3 µs")
        #expect(Formatting.duration(nanoseconds: 2e9) == "2.00 s")
        #expect(Formatting.whole(4096) == "4096")
        #expect(Formatting.whole(-0.0) == "0")
        #expect(Formatting.grouped(4096) == "4,096")
        #expect(Formatting.grouped(Int.min) == "-9,223,372,036,854,775,808")
    }
}
