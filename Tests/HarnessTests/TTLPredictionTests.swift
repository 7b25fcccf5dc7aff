import Harness
import Testing
import Workload

/// Little's law for TTL caches, against cases worked by hand.
@Suite struct TTLPredictionTests {
    func spec(_ keys: KeySource, rate: Double = 100) -> WorkloadSpec {
        WorkloadSpec(name: "t", seed: 1, requests: 1000, keys: keys, arrivals: .poisson(ratePerSecond: rate))
    }

    @Test func uniqueIDsArriveAtTheRateOverTheirRepeats() throws {
        let prediction = try #require(TTLPrediction.predict(spec: spec(.unique(repeats: 4, window: 400)), lifetime: 30))
        #expect(prediction.insertionsPerSecond == 25)
        #expect(prediction.entries == 750)
        #expect(prediction.hitRatio == 0.75)
        // A window longer than the lifetime: IDs may expire between their repeats.
        #expect(TTLPrediction.predict(spec: spec(.unique(repeats: 4, window: 40_000)), lifetime: 30) == nil)
    }

    /// Uniform over N keys at λ/N each: N·x/(1 + x) entries with x = λT/N.
    @Test func uniformKeysFollowTheRenewalFormula() throws {
        let prediction = try #require(TTLPrediction.predict(spec: spec(.uniform(universe: 50)), lifetime: 2))
        let x = 100.0 * 2 / 50
        #expect(abs(prediction.entries - 50 * x / (1 + x)) < 1e-9)
        #expect(abs(prediction.insertionsPerSecond - 50 * (100.0 / 50) / (1 + x)) < 1e-9)
        #expect(abs(prediction.hitRatio - (1 - 1 / (1 + x))) < 1e-12)
    }

    /// A hot set is two uniform groups.
    @Test func hotsetIsTwoGroups() throws {
        let prediction = try #require(
            TTLPrediction.predict(spec: spec(.hotset(universe: 100, hotKeys: 0.1, hotRequests: 0.9)), lifetime: 1))
        let hot = 100.0 * 0.9 / 10, cold = 100.0 * 0.1 / 90
        #expect(abs(prediction.entries - (10 * hot / (1 + hot) + 90 * cold / (1 + cold))) < 1e-9)
    }

    @Test func noPredictionWithoutArrivalsOrAKnownPopularity() {
        var noTimes = spec(.uniform(universe: 10))
        noTimes.arrivals = nil
        #expect(TTLPrediction.predict(spec: noTimes, lifetime: 1) == nil)
        #expect(TTLPrediction.predict(spec: spec(.loop(keys: 10)), lifetime: 1) == nil)
    }
}
