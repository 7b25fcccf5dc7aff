import Harness
import Stats
import Testing

/// When a cache became warm, from the hit ratio of each window of its series.
@Suite struct WarmStateTests {
    /// Samples every 1,000 requests with the given hit ratio per window.
    func series(_ ratios: [Double]) -> [MemorySample] {
        var hits = 0
        var samples = [
            MemorySample(
                request: 0, entries: 0, objectBytes: 0, storageBytes: 0, allocatorBytes: 0, rssBytes: 0, hits: 0)
        ]
        for (index, ratio) in ratios.enumerated() {
            hits += Int((ratio * 1000).rounded())
            samples.append(
                MemorySample(
                    request: (index + 1) * 1000, entries: 0, objectBytes: 0, storageBytes: 0, allocatorBytes: 0,
                    rssBytes: 0, seconds: Double(index + 1), hits: hits))
        }
        return samples
    }

    @Test func warmFromTheFirstWindowAtTheSteadyLevel() throws {
        // 20 cold windows climbing to 0.5, then 80 around 0.6 (± 0.002).
        let cold: [Double] = (0..<20).map { Double($0) * 0.025 }
        let steady: [Double] = (0..<80).map { $0 % 3 == 0 ? 0.602 : 0.599 }
        let ratios = cold + steady
        let warm = try #require(WarmState.detect(series(ratios)))
        #expect(warm.request == 20_000)
        #expect(warm.seconds == 20)
        #expect(abs(warm.steadyHitRatio - 0.6) < 0.002)
        #expect(warm.tolerance == 0.01, "one point: the noise is smaller")
    }

    @Test func aDipLaterOnMeansWarmAgainAfterIt() throws {
        var ratios = [Double](repeating: 0.7, count: 60)
        ratios[40] = 0.2
        #expect(try #require(WarmState.detect(series(ratios))).request == 41_000)
    }

    @Test func aShortLastWindowIsMergedIntoTheOneBefore() throws {
        var samples = series([Double](repeating: 0.5, count: 10))
        let last = samples.last!
        // Three more requests, all hits: not a window of its own.
        samples.append(
            MemorySample(
                request: last.request + 3, entries: 0, objectBytes: 0, storageBytes: 0, allocatorBytes: 0, rssBytes: 0,
                seconds: 10, hits: last.hits! + 3))
        let windows = WarmState.hitRatioWindows(samples)
        #expect(windows.count == 10)
        let merged = try #require(windows.last)
        #expect(merged.start == 9000 && merged.requests == 1003 && merged.hits == 503)
    }

    @Test func tooFewWindowsOrNoHitsAreNotJudged() {
        #expect(WarmState.detect(series([0.5, 0.5, 0.5])) == nil)
        let withoutHits = (0...10).map {
            MemorySample(request: $0 * 100, entries: 0, objectBytes: 0, storageBytes: 0, allocatorBytes: 0, rssBytes: 0)
        }
        #expect(WarmState.detect(withoutHits) == nil)
    }
}
