import Foundation
import Stats
import Testing

@Suite struct SummaryTests {
    @Test func meanSdAndQuantiles() {
        let xs: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]
        #expect(Summary.mean(xs) == 5)
        #expect(abs(Summary.standardDeviation(xs) - 2.138089935) < 1e-9)
        #expect(Summary.quantile([1, 2, 3, 4, 5], 0.5) == 3)
        #expect(Summary.quantile([1, 2, 3, 4, 5], 0.25) == 2)
        #expect(Summary.quantile([10, 20], 0.5) == 15)
        #expect(Summary.mean([]).isNaN)
        #expect(Summary.standardDeviation([3]) == 0)
    }

    @Test func meanIntervalUsesStudentT() {
        let interval = MeanInterval.of([1, 2, 3, 4, 5], confidence: 0.95)
        // t(0.975, 4) = 2.776445, sd = 1.581139, n = 5.
        #expect(interval.mean == 3)
        #expect(abs(interval.halfWidth - 2.776445105 * 1.58113883 / 5.0.squareRoot()) < 1e-6)
        #expect(MeanInterval.of([4], confidence: 0.95).halfWidth == 0)
    }
}

@Suite struct DistributionTests {
    @Test func knownQuantilesAndTails() {
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 10) - 2.228138852) < 1e-8)
        #expect(abs(ChiSquare.upperTail(3.841458821, degreesOfFreedom: 1) - 0.05) < 1e-9)
        #expect(abs(Normal.quantile(0.975) - 1.959963985) < 1e-8)
        #expect(ChiSquare.statistic(observed: [10, 20], expected: [15, 15]) == 50.0 / 15)
    }
}

@Suite struct LinearFitTests {
    @Test func exactLineHasZeroErrors() throws {
        let x: [Double] = [0, 1, 2, 3, 4]
        let fit = try LinearFit.fit(x: x, y: x.map { 1 + 2 * $0 })
        #expect(abs(fit.intercept - 1) < 1e-12)
        #expect(abs(fit.slope - 2) < 1e-12)
        #expect(fit.slopeStandardError < 1e-9)
        #expect(fit.count == 5)
        #expect(fit.predict(10) == fit.intercept + 10 * fit.slope)
    }

    @Test func noisyLineStandardErrorsMatchTheFormula() throws {
        let x: [Double] = [1, 2, 3, 4, 5, 6]
        let y: [Double] = [1.1, 1.9, 3.2, 3.9, 5.1, 5.8]
        let fit = try LinearFit.fit(x: x, y: y)
        // SE(slope) = sqrt(RSS / (n − 2) / Σ(x − x̄)²), Σ(x − x̄)² = 17.5.
        let expectedSE = (fit.residualSumOfSquares / 4 / 17.5).squareRoot()
        #expect(abs(fit.slopeStandardError - expectedSE) < 1e-12)
        let interval = fit.slopeInterval(confidence: 0.95)
        #expect(abs(interval.upperBound - fit.slope - 2.776445105 * expectedSE) < 1e-8)
    }

    @Test func degenerateInputThrows() {
        #expect(throws: StatsError.self) { try LinearFit.fit(x: [1], y: [1]) }
        #expect(throws: StatsError.self) { try LinearFit.fit(x: [1, 1, 1], y: [1, 2, 3]) }
        #expect(throws: StatsError.self) { try LinearFit.fit(x: [1, 2], y: [1]) }
    }
}

@Suite struct RootFinderTests {
    @Test func findsSquareRootOfTwo() throws {
        let root = try RootFinder.brent(lower: 0, upper: 2) { $0 * $0 - 2 }
        #expect(abs(root - 2.0.squareRoot()) < 1e-9)
    }

    @Test func closureMayCaptureState() throws {
        var calls = 0
        let target = 0.3
        let root = try RootFinder.brent(lower: 0, upper: 1, relativeTolerance: 1e-12) {
            calls += 1
            return 1 - exp(-$0 * 5) - target
        }
        #expect(abs(root - (-log(1 - target) / 5)) < 1e-9)
        #expect(calls > 2)
    }

    @Test func bracketWithoutSignChangeThrows() {
        #expect(throws: StatsError.self) { try RootFinder.brent(lower: 0, upper: 1) { $0 + 1 } }
    }
}
