import Caches
import Harness
import Testing
import Workload

/// Theory beside practice: simulated LRU on Zipf keys against Che's
/// approximation, in steady state (the first requests warm the cache and
/// are not counted, since Che's formula describes a warm cache).
@Suite struct CheApproximationTests {
    @Test(arguments: [0.8, 1.0, 1.2])
    func simulatedLRUMatchesChe(alpha: Double) throws {
        let universe = 1_000_000
        let che = try #require(CheApproximation(zipfAlpha: alpha, universe: universe))
        let warmup = 3_000_000
        let measured = 6_000_000
        let spec = WorkloadSpec(
            name: "che", seed: 7, requests: warmup + measured, keys: .zipf(alpha: alpha, universe: UInt64(universe)))
        for capacity in [1_000, 10_000, 100_000] {
            let cache = try #require(PolicyRegistry.named("lru")).make(CacheConfiguration(capacity: .entries(capacity)))
            var stream = try WorkloadStream(spec)
            var chunk = RequestChunk(capacity: defaultChunkSize)
            var warm = ReplayTally()
            var tally = ReplayTally()
            var done = 0
            while done < warmup + measured {
                let n = try stream.next(into: &chunk, limit: min(defaultChunkSize, warmup + measured - done))
                guard n > 0 else { break }
                chunk.withBuffers { keys, sizes, times in
                    if done < warmup {
                        cache.replay(keys: keys, sizes: sizes, times: times, tally: &warm)
                    } else {
                        cache.replay(keys: keys, sizes: sizes, times: times, tally: &tally)
                    }
                }
                done += n
            }
            let simulated = Double(tally.hits) / Double(tally.requests)
            let predicted = try che.lruHitRatio(capacity: capacity)
            #expect(
                abs(simulated - predicted) < 0.01,
                "alpha \(alpha), capacity \(capacity): simulated \(simulated), Che \(predicted)")
        }
    }

    /// Everything fits: Che predicts all hits; nothing fits: none.
    @Test func boundaryCapacities() throws {
        let che = try #require(CheApproximation(zipfAlpha: 1, universe: 100))
        #expect(try che.lruHitRatio(capacity: 100) == 1)
        #expect(try che.lruHitRatio(capacity: 0) == 0)
        // Uniform popularity: H = C/N exactly in the limit; Che gives close to it.
        let uniform = try #require(CheApproximation(zipfAlpha: 0, universe: 1000))
        #expect(abs(try uniform.lruHitRatio(capacity: 250) - 0.25) < 1e-6)
    }
}
