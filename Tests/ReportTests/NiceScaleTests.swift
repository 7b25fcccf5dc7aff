import Foundation
import Report
import Testing

@Suite struct NiceScaleTests {
    /// The mantissa of a tick step: 1, 2, 2.5 or 5 for a nice one.
    func mantissa(_ step: Double) -> Double {
        let m = step / pow(10, log10(step).rounded(.down))
        return (m * 1000).rounded() / 1000
    }

    @Test(arguments: [
        [0.0, 1.0], [3, 97], [0.0012, 0.0093], [12_345, 9_876_543], [41, 41], [-5, 5], [0, 314_572],
    ])
    func linearTicksAreNiceAndCoverTheData(values: [Double]) {
        let scale = NiceScale(linear: values)
        #expect(scale.lower <= values.min()!)
        #expect(scale.upper >= values.max()!)
        #expect([1.0, 2, 2.5, 5, 10].contains(mantissa(scale.step)), "step \(scale.step)")
        #expect((3...12).contains(scale.ticks.count), "\(scale.ticks)")
        #expect(scale.ticks.first == scale.lower)
        #expect(abs(scale.ticks.last! - scale.upper) < scale.step * 1e-9)
        for (a, b) in zip(scale.ticks, scale.ticks.dropFirst()) {
            #expect(abs((b - a) - scale.step) < scale.step * 1e-9)
        }
        #expect(scale.fraction(scale.lower) == 0)
        #expect(abs(scale.fraction(scale.upper) - 1) < 1e-12)
    }

    @Test func logTicksArePowersOfTenAroundTheData() {
        let scale = NiceScale(log: [64, 1_000, 65_536])
        #expect(scale.kind == .log)
        #expect(scale.lower == 10)
        #expect(scale.upper == 100_000)
        #expect(scale.ticks.contains(100) && scale.ticks.contains(10_000))
        #expect(scale.ticks.allSatisfy { $0 >= scale.lower && $0 <= scale.upper })
        #expect(abs(scale.fraction(1_000) - 0.5) < 1e-12, "one decade of four is a quarter, two are a half")
        // Few decades get 2× and 5× ticks in between.
        #expect(NiceScale(log: [30, 700]).ticks == [10, 20, 50, 100, 200, 500, 1_000])
    }

    @Test func automaticChoosesLogOnlyWhenValuesSpanDecades() {
        #expect(NiceScale.automatic([100, 1_000, 10_000, 100_000]).kind == .log)
        #expect(NiceScale.automatic([4_096, 8_192, 16_384]).kind == .linear)
        #expect(NiceScale.automatic([0, 10_000]).kind == .linear, "zero has no place on a log axis")
    }

    @Test func tickDecimalsTellNeighboursApart() {
        #expect(NiceScale(linear: [0, 1]).tickDecimals == 1)  // 0.2 steps
        #expect(NiceScale(linear: [0, 8]).tickDecimals == 0)  // 2 steps
        #expect(NiceScale(linear: [0, 1.2]).tickDecimals == 2)  // 0.25 steps
        #expect(NiceScale(linear: [0, 120]).tickDecimals == 0)  // 25 steps
    }

    @Test func byteAxesShareOneUnitNamedInTheTitle() {
        let (axis, divisor) = ChartAxis.bytes("memory", values: [0, 314_572, 5_000_000])
        #expect(axis.title == "memory (MiB)")
        #expect(divisor == 1_048_576)
        #expect(axis.scale.ticks.map(axis.tickLabel) == ["0", "1", "2", "3", "4", "5"])
        #expect(
            ChartAxis.count("requests", values: [0, 2_000_000]).scale.ticks.map {
                ChartAxis.count("", values: []).tickLabel($0)
            }
                == ["0", "500k", "1M", "1.5M", "2M"])
        let latency = ChartAxis.nanoseconds("get", values: [30, 48_000])
        #expect(latency.scale.ticks.map(latency.tickLabel).contains("1 µs"))
    }
}
