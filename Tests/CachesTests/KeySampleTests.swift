import Caches
import Testing

/// The sample every miniature shares: it takes a key's every request or
/// none, at the rate asked; its distinct-key estimate is within
/// HyperLogLog's error of the truth; its miss scale turns the misses of
/// the sampled keys into the stream's when each key misses alike.
@Suite struct KeySampleTests {
    @Test(arguments: [100, 5_000, 200_000, 1_000_000])
    func distinctKeysWithinFiveStandardErrors(count: Int) {
        var estimate = DistinctKeyEstimate()
        // Each key twice: repeats do not count.
        for _ in 0..<2 {
            for key in 0..<UInt64(count) { estimate.insert(hash: KeySample.hash(key)) }
        }
        let error = abs(estimate.estimate / Double(count) - 1)
        // 1.04 / sqrt(2^16) = 0.41 % per standard error.
        #expect(error < 5 * 0.0041, "\(count) keys: estimated \(estimate.estimate)")
    }

    @Test func aSampledKeyKeepsEveryRequestAndTheRateHolds() {
        var sample = KeySample(rate: 0.05)
        let keys = (0..<400_000).map { UInt64($0 % 40_000) }
        var taken: [UInt64] = []
        keys.withUnsafeBufferPointer { all in sample.take(all) { taken.append(all[$0]) } }
        let distinct = Set(taken)
        // Every sampled key arrives ten times, as in the stream.
        #expect(taken.count == distinct.count * 10)
        #expect(distinct.allSatisfy { sample.contains($0) })
        #expect(sample.sampledDistinctKeys == distinct.count && sample.sampledRequests == taken.count)
        // Binomial(40,000, 0.05): mean 2,000, σ ≈ 43.6; ±5σ.
        #expect(abs(distinct.count - 2_000) < 218, "\(distinct.count) keys sampled")
        // Each key misses once (a cache that holds everything): the scaled
        // misses are the stream's distinct keys.
        let scaled = Double(distinct.count) * sample.missScale
        #expect(abs(scaled / 40_000 - 1) < 5 * 0.0041, "scaled misses \(scaled)")
        #expect(KeySample(rate: 1).missScale == 1)
    }
}
