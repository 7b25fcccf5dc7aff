import Caches
import Harness
import Testing
import Workload

/// The measurement must not change what is measured: whatever the chunk
/// size, the latency sampling and the memory sampling, the harness replays
/// every request once and gets the hit count of a bare replay.
@Suite struct MeasurementTests {
    let spec = WorkloadSpec(name: "m", seed: 5, requests: 10_000, keys: .zipf(alpha: 0.9, universe: 2_000))

    func chunks(size: Int) throws -> [RequestChunk] {
        var stream = try WorkloadStream(spec)
        var chunks: [RequestChunk] = []
        while true {
            var chunk = RequestChunk(capacity: size)
            guard try stream.next(into: &chunk, limit: size) > 0 else { break }
            chunks.append(chunk)
        }
        return chunks
    }

    func bareHits(_ run: PlannedRun) throws -> Int {
        let cache = try PolicyRegistry.named(run.policy)!.make(CacheConfiguration(capacity: run.cacheCapacity))
        var tally = ReplayTally()
        for chunk in try chunks(size: 4096) {
            chunk.withBuffers { keys, sizes, times in
                cache.replay(keys: keys, sizes: sizes, times: times, tally: &tally)
            }
        }
        return tally.hits
    }

    /// Timed requests every 3rd, samples every 40th (so they coincide at
    /// request 40, 160, …), odd chunk sizes, and a series bound that forces
    /// thinning.
    @Test(arguments: [1, 7, 1000, 65_536])
    func everyRequestIsReplayedOnceWithTheBareHitCount(chunkSize: Int) throws {
        var options = HarnessOptions()
        options.latencySampleEvery = 3
        options.targetSeriesPoints = 250
        options.maximumSeriesPoints = 40
        let run = PlannedRun(index: 0, policy: "lru", capacity: .entries(300), seed: spec.seed)
        let result = try RunExecutor.measure(
            run: run, spec: spec, chunks: try chunks(size: chunkSize), options: options, timerCost: 0)
        #expect(result.requests == 10_000)
        #expect(result.hits == (try bareHits(run)))
        // Requests 1, 4, 7, … are timed: ⌈(10 000 − 1) / 3⌉ of them.
        #expect(result.latency.get.count == (10_000 - 1 + 2) / 3)
        // Each timed miss is followed by a timed set; timed hits are among all hits.
        #expect(result.latency.get.count - result.latency.set.count <= result.hits)
        let requests = result.memory.series.map(\.request)
        #expect(requests.first == 0 && requests.last == 10_000)
        #expect(zip(requests, requests.dropFirst()).allSatisfy { $0 < $1 })
        #expect(requests.count <= options.maximumSeriesPoints + 1)
        #expect(result.memory.finalEntries == 300)
    }

}
