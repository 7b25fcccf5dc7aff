import Foundation
import Stats
import Testing

/// Series of known shape, with Gaussian noise drawn from GSL with a fixed seed.
enum SyntheticSeries {
    static func noisy(
        _ count: Int, step: Double, sigma: Double, seed: UInt64 = 7, _ f: (Double) -> Double
    ) -> (
        x: [Double], y: [Double]
    ) {
        let rng = RandomSource(seed: seed)
        let x = (0..<count).map { Double($0) * step }
        // Box–Muller on GSL uniforms.
        let y = x.map { x -> Double in
            let u = rng.uniformPositive(), v = rng.uniform()
            return f(x) + sigma * (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
        return (x, y)
    }

    /// Distinct keys after n requests of Zipf(`alpha`) over `universe` keys,
    /// in expectation: Σᵢ (1 − e^(−pᵢ·n)) — the curve an unbounded map's
    /// entries follow on a Zipf stream.
    static func zipfDistinctKeys(alpha: Double, universe: Int, at n: [Double]) -> [Double] {
        var p = (1...universe).map { pow(Double($0), -alpha) }
        let total = p.reduce(0, +)
        p = p.map { $0 / total }
        return n.map { n in p.reduce(0) { $0 - expm1(-$1 * n) } }
    }
}

@Suite struct NonlinearFitTests {
    /// On a straight line the nonlinear solver must agree with the closed
    /// form (gsl_fit_linear), standard errors included.
    @Test func lineAgreesWithOrdinaryLeastSquares() throws {
        let (x, y) = SyntheticSeries.noisy(50, step: 1, sigma: 2) { 3 + 0.5 * $0 }
        let line = try LinearFit.fit(x: x, y: y)
        let fit = try NonlinearFit.fit(x: x, y: y, initial: [0, 0]) { theta, x, gradient in
            gradient[0] = 1
            gradient[1] = x
            return theta[0] + theta[1] * x
        }
        #expect(fit.converged)
        #expect(abs(fit.parameters[0] - line.intercept) < 1e-8)
        #expect(abs(fit.parameters[1] - line.slope) < 1e-10)
        #expect(abs(fit.covariance(1, 1).squareRoot() - line.slopeStandardError) < 1e-9)
        #expect(abs(fit.residualSumOfSquares - line.residualSumOfSquares) < 1e-6)
    }

    @Test func exponentialDecayIsRecovered() throws {
        let x = (0..<40).map { Double($0) / 4 }
        let y = x.map { 5 * exp(-0.7 * $0) + 1 }
        let fit = try NonlinearFit.fit(x: x, y: y, initial: [1, 0.1, 0]) { theta, x, gradient in
            let e = exp(-theta[1] * x)
            gradient[0] = e
            gradient[1] = -theta[0] * x * e
            gradient[2] = 1
            return theta[0] * e + theta[2]
        }
        #expect(abs(fit.parameters[0] - 5) < 1e-6)
        #expect(abs(fit.parameters[1] - 0.7) < 1e-6)
        #expect(abs(fit.parameters[2] - 1) < 1e-6)
    }

    @Test func refusesTooFewPointsAndNonFiniteData() {
        #expect(throws: StatsError.self) {
            try NonlinearFit.fit(x: [1], y: [1], initial: [0, 0]) { _, _, _ in 0 }
        }
        #expect(throws: StatsError.self) {
            try NonlinearFit.fit(x: [1, 2, 3], y: [1, .nan, 3], initial: [0]) { theta, _, g in
                g[0] = 1
                return theta[0]
            }
        }
    }
}

@Suite struct GrowthModelTests {
    func chosen(_ x: [Double], _ y: [Double]) throws -> GrowthFit {
        try #require(GrowthFit.preferred(among: GrowthFit.fitAll(x: x, y: y)))
    }

    @Test func linearWithNoiseIsLinearWithItsSlope() throws {
        let (x, y) = SyntheticSeries.noisy(200, step: 60, sigma: 4e6) { 200e6 + 5_000 * $0 }
        let fit = try chosen(x, y)
        #expect(fit.model == .linear)
        #expect(abs(fit.slope(at: x.last!) - 5_000) / 5_000 < 0.02)
        let interval = fit.slopeInterval(at: x.last!, confidence: 0.95)
        #expect(interval.contains(5_000))
    }

    @Test func flatWithNoiseIsFlat() throws {
        let (x, y) = SyntheticSeries.noisy(200, step: 60, sigma: 1e6) { _ in 300e6 }
        #expect(try chosen(x, y).model == .flat)
    }

    @Test func squareRootGrowthIsAPowerLawWithItsExponent() throws {
        let (x, y) = SyntheticSeries.noisy(200, step: 1e4, sigma: 20) { 1000 + 3 * pow($0, 0.5) }
        let fit = try chosen(x, y)
        #expect(fit.model == .power)
        let exponent = try #require(fit.parameters(confidence: 0.95).first { $0.name == "exponent" })
        #expect(abs(exponent.value - 0.5) < 0.02)
        #expect(exponent.low < 0.5 && 0.5 < exponent.high)
    }

    @Test func exponentialApproachIsSaturatingWithItsCeiling() throws {
        let (x, y) = SyntheticSeries.noisy(200, step: 100, sigma: 1e5) { 50e6 - 40e6 * exp(-$0 / 6000) }
        let fit = try chosen(x, y)
        #expect(fit.model == .saturating)
        let ceiling = try #require(fit.ceiling)
        #expect(abs(ceiling - 50e6) / 50e6 < 0.01)
        let parameters = fit.parameters(confidence: 0.95)
        #expect(parameters.map(\.name) == ["start", "ceiling", "timescale", "shape"])
        #expect(parameters[1].low < 50e6 && 50e6 < parameters[1].high)
        #expect(abs(parameters[2].value - 6000) / 6000 < 0.05)
    }

    /// The curve an unbounded map's entries follow on a Zipf(0.99) stream,
    /// seen up to 10 requests per key (78 % of the universe): the
    /// stretched exponential finds the universe within 2 %.
    @Test func zipfDistinctKeysSaturateNearTheUniverse() throws {
        let universe = 100_000
        let x = (0...128).map { Double($0) * 1e6 / 128 }
        let y = SyntheticSeries.zipfDistinctKeys(alpha: 0.99, universe: universe, at: x)
        let fit = try chosen(x, y)
        #expect(fit.model == .saturating)
        let ceiling = try #require(fit.ceiling)
        #expect(abs(ceiling - Double(universe)) / Double(universe) < 0.02, "ceiling \(ceiling)")
        #expect(try #require(fit.fractionOfCeilingReached) > 0.5)
    }

    /// About 95 % of fresh observations fall inside the 95 % prediction band.
    @Test func predictionBandCoversFreshObservations() throws {
        let truth = { (x: Double) in 10 + 0.2 * x }
        let (x, y) = SyntheticSeries.noisy(100, step: 1, sigma: 3, seed: 1, truth)
        let fit = try GrowthFit.fit(.linear, x: x, y: y)
        let (fx, fy) = SyntheticSeries.noisy(2000, step: 0.06, sigma: 3, seed: 2, truth)
        let inside = zip(fx, fy).filter { fit.band(at: $0, confidence: 0.95).contains($1) }.count
        let share = Double(inside) / Double(fx.count)
        #expect(share > 0.92 && share < 0.98, "\(share)")
    }

    @Test func crossingOfALineIsWhereItReachesTheLevel() throws {
        let x = (0..<20).map(Double.init)
        let fit = try GrowthFit.fit(.linear, x: x, y: x.map { 100 + 4 * $0 })
        let at = try #require(fit.firstCrossing(of: 500, from: 19, limit: 1e6))
        #expect(abs(at - 100) < 1e-6)
        #expect(fit.firstCrossing(of: 500, from: 19, limit: 50) == nil)
        #expect(fit.firstCrossing(of: 50, from: 19, limit: 1e6) == 19)
        // A saturating curve never reaches a level above its ceiling.
        let saturating = try GrowthFit.fit(.saturating, x: x, y: x.map { 10 - 8 * exp(-$0 / 3) })
        #expect(saturating.firstCrossing(of: 11, from: 19, limit: 1e9) == nil)
    }
}

@Suite struct RestartDetectorTests {
    @Test func linearLeakWithTwoRestartsHasTwo() {
        var y: [Double] = []
        for segment in 0..<3 {
            for i in 0..<(segment == 1 ? 80 : 60) {
                let level: Double = 100e6 + Double(i) * 2e6
                y.append(level + Double(i % 3) * 1e5)
            }
        }
        #expect(RestartDetector.restarts(in: y) == [60, 140])
        #expect(RestartDetector.segments(count: y.count, restarts: [60, 140]) == [0..<60, 60..<140, 140..<200])
    }

    @Test func noiseAndGarbageCollectionRipplesAreNotRestarts() {
        let (_, flat) = SyntheticSeries.noisy(300, step: 1, sigma: 1e6) { _ in 500e6 }
        #expect(RestartDetector.restarts(in: flat) == [])
        // A heap that grows and is collected back to a rising live set.
        let sawtooth = (0..<300).map { (i: Int) -> Double in
            let live: Double = 100e6 + Double(i) * 1e5
            return live + Double(i % 10) * 3e6
        }
        #expect(RestartDetector.restarts(in: sawtooth) == [])
    }
}
