import Harness
import Testing

/// The bench gate's time test on timings whose answer is plain: every
/// current round slower than every baseline round by a fifth.
@Suite struct SlowdownTestTests {
    @Test func aUniformSlowdownIsMeasuredAndSignificantOneWayOnly() {
        let baseline: [Double] = [10, 11, 12, 13, 14, 15, 16]
        let current = baseline.map { $0 * 1.2 }
        let test = SlowdownTest(baseline: baseline, current: current)
        // The medians are 13 and 15.6: 20 % slower, not 1/1.2 − 1.
        #expect(abs(test.change - 0.2) < 1e-12, "\(test.change)")
        // The samples barely overlap (current's 12 … 19.2 above baseline's
        // 10 … 16 in all but a few pairs): "slower" is significant, "faster" not.
        #expect(test.slowerPValue < 0.05, "\(test.slowerPValue)")
        #expect(test.fasterPValue > 0.95, "\(test.fasterPValue)")
        #expect(test.unit == "rounds" && test.counts == (7, 7))

        let reversed = SlowdownTest(baseline: current, current: baseline)
        #expect(abs(reversed.change - (1 / 1.2 - 1)) < 1e-12)
        #expect(reversed.fasterPValue < 0.05 && reversed.slowerPValue > 0.95)
    }
}
