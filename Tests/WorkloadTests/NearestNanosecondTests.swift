import Stats
import Testing

@testable import Workload

/// Timestamps are rounded without the C library's `round`; the result must
/// be `Int64(x.rounded())` (halves away from zero) for every time.
@Suite struct NearestNanosecondTests {
    @Test func roundsAsRoundedDoes() {
        var values: [Double] = [
            0, 0x1p-1074, 0.25, 0.5, 1.5, 2.5, 0.49999999999999994, 0.5000000000000001, 1 - 0x1p-53,
            123_456_789.5, 0x1p52 - 0.5, 0x1p52 - 1.5, 0x1p52, 0x1p52 + 1, 0x1p53, 0x1p62, 0x1p63 - 1024,
        ]
        let rng = RandomSource(seed: 4)
        for scale in [1.0, 1e3, 1e9, 1e15, 0x1p52, 0x1p60] {
            values += (0..<10_000).map { _ in rng.uniform() * scale }
        }
        values += (0..<10_000).map { Double($0) + 0.5 }
        for value in values {
            #expect(nearestNanosecond(value) == Int64(value.rounded()), "\(value)")
        }
    }

    @Test func fixedArrivalsRoundHalvesUp() {
        // Two requests per nanosecond: every other time is a half.
        var clock = ArrivalClock(.fixed(ratePerSecond: 2e9), seed: 1)
        var times = [Int64](repeating: -1, count: 8)
        times.withUnsafeMutableBufferPointer { clock.fill($0) }
        #expect(times == [0, 1, 1, 2, 2, 3, 3, 4])
    }
}
