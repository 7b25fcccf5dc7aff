import Stats
import Testing

/// The statistics the bench gate rests on, against figures computed
/// independently (SciPy 1.17's `mannwhitneyu` and `binom.cdf`) and
/// properties that must hold.
@Suite struct RankStatisticsTests {
    static let xs = [10.1, 10.4, 9.8, 10.0, 10.3, 9.9, 10.2]
    static let ys = [10.6, 10.25, 10.9, 10.5, 11.0, 10.7, 10.35, 10.8]

    @Test func exactMannWhitneyMatchesSciPy() {
        // scipy.stats.mannwhitneyu(ys, xs, alternative='greater', method='exact')
        let outcome = MannWhitney.greater(Self.ys, than: Self.xs)
        #expect(outcome.isExact)
        #expect(outcome.u == 53)
        #expect(abs(outcome.pValue - 0.0010878010878010878) < 1e-12)
        let reverse = MannWhitney.greater(Self.xs, than: Self.ys)
        #expect(reverse.u == 3)
        #expect(abs(reverse.pValue - 0.9993783993783995) < 1e-12)
    }

    @Test func tiedSamplesUseTheCorrectedNormalApproximationAsSciPyDoes() {
        // scipy.stats.mannwhitneyu(b, a, alternative='greater', method='asymptotic', use_continuity=True)
        let a: [Double] = [1, 2, 2, 3, 3, 3, 4, 5, 6, 7, 8, 9]
        let b: [Double] = [2, 3, 4, 4, 5, 6, 6, 7, 8, 9, 10, 11]
        let outcome = MannWhitney.greater(b, than: a)
        #expect(!outcome.isExact)
        #expect(outcome.u == 99.5)
        #expect(abs(outcome.pValue - 0.058471844516500976) < 1e-9)
    }

    @Test func theExactDistributionSumsToOneAndItsExtremeIsOneOverTheArrangements() {
        // Every y above every x: 1 / C(m + n, m) arrangements.
        for (m, n) in [(1, 1), (3, 4), (10, 10), (6, 9)] {
            let xs = (0..<m).map(Double.init)
            let ys = (0..<n).map { Double($0 + m) }
            let p = MannWhitney.greater(ys, than: xs).pValue
            #expect(abs(p - SlowdownTestFloor.smallest(m, n)) < 1e-15 * max(1, 1 / p))
            #expect(MannWhitney.greater(xs, than: ys).pValue == 1, "P(U ≥ 0) is 1")
        }
    }

    @Test func emptySamplesAreNeverSignificant() {
        #expect(MannWhitney.greater([], than: [1, 2]).pValue == 1)
        #expect(MannWhitney.greater([1], than: []).pValue == 1)
    }

    @Test func medianIntervalTakesTheOrderStatisticsOfTheBinomial() {
        // binom.cdf: n = 10 → k = 2, coverage 0.978515625; n = 20 → k = 6, 0.9586105346679688.
        let ten = MedianInterval.of((1...10).map(Double.init).shuffled())
        #expect(ten.median == 5.5 && ten.lower == 2 && ten.upper == 9)
        #expect(abs(ten.coverage - 0.978515625) < 1e-12)
        let twenty = MedianInterval.of((1...20).map(Double.init))
        #expect(twenty.lower == 6 && twenty.upper == 15)
        #expect(abs(twenty.coverage - 0.9586105346679688) < 1e-12)
        // Five values cannot cover 95 %: the whole range, and its 0.9375.
        let five = MedianInterval.of([5, 1, 4, 2, 3])
        #expect(five.median == 3 && five.lower == 1 && five.upper == 5 && abs(five.coverage - 0.9375) < 1e-12)
    }

    @Test func holmRejectsStepByStepAndStopsAtTheFirstFailure() {
        // α = 0.05, m = 4: thresholds 0.0125, 0.0167, 0.025, 0.05 for the sorted p-values.
        #expect(HolmCorrection.rejected([0.01, 0.04, 0.015, 0.3], alpha: 0.05) == [true, false, true, false])
        // 0.02 fails its 0.0167, so 0.03 (below 0.025) is not reached.
        #expect(HolmCorrection.rejected([0.001, 0.02, 0.03, 0.9], alpha: 0.05) == [true, false, false, false])
        #expect(HolmCorrection.rejected([], alpha: 0.05) == [])
        // Never rejects what Bonferroni would not, with one test.
        #expect(HolmCorrection.rejected([0.05], alpha: 0.05) == [true])
        #expect(HolmCorrection.rejected([0.0501], alpha: 0.05) == [false])
    }
}

/// 1 / C(m + n, m), computed here independently of the code under test.
enum SlowdownTestFloor {
    static func smallest(_ m: Int, _ n: Int) -> Double {
        var c = 1.0
        for i in 0..<m { c = c * Double(n + m - i) / Double(i + 1) }
        return 1 / c
    }
}
