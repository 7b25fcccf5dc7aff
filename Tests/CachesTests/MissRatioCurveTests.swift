import Caches
import Foundation
import TestSupport
import Testing

/// The one-pass LRU curve against the simulated LRU.
@Suite("Miss-ratio curve")
struct MissRatioCurveTests {
    /// A skewed stream: a few hot keys, a long tail, some scans.
    static func stream(seed: UInt64, count: Int, keys: UInt64) -> [UInt64] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { i in
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<5: UInt64.random(in: 0..<(keys / 50 + 1), using: &random)
            case 5: UInt64(i) % keys
            default: UInt64.random(in: 0..<keys, using: &random)
            }
        }
    }

    func lruHits(_ keys: [UInt64], capacity: Int) throws -> Int {
        replay(
            keys,
            through: try #require(PolicyRegistry.named("lru")).make(CacheConfiguration(capacity: .entries(capacity)))
        ).hits
    }

    @Test("equals the simulated LRU's hits at every capacity", arguments: [1, 2, 3] as [UInt64])
    func equalsSimulation(seed: UInt64) throws {
        // Enough requests that the bits are renumbered several times (once
        // per 7 × distinct keys) and the key table grows.
        let keys = Self.stream(seed: seed, count: 200_000, keys: 5_000)
        let histogram = StackDistanceHistogram()
        keys.withUnsafeBufferPointer { histogram.record($0) }
        #expect(histogram.requests == keys.count && histogram.distinctKeys == Set(keys).count)
        for capacity in [1, 2, 7, 50, 100, 333, 1_000, 2_500, 4_999, 5_000, 10_000] {
            #expect(
                histogram.hits(atCapacity: capacity) == Double(try lruHits(keys, capacity: capacity)),
                "capacity \(capacity)")
        }
        let curve = histogram.curve(capacities: [10, 1_000])
        #expect(curve[0].hitRatio == histogram.hits(atCapacity: 10) / Double(keys.count))
        #expect(histogram.hits(atCapacity: histogram.largestDistance) == Double(keys.count - Set(keys).count))
    }

    @Test("gives the same curve whatever the chunks the stream comes in", arguments: [1, 63, 64, 65, 1_000])
    func chunkingIsInvisible(chunk: Int) {
        let keys = Self.stream(seed: 4, count: 30_000, keys: 3_000)
        let whole = StackDistanceHistogram()
        keys.withUnsafeBufferPointer { whole.record($0) }
        let chunked = StackDistanceHistogram()
        keys.withUnsafeBufferPointer { buffer in
            for start in stride(from: 0, to: buffer.count, by: chunk) {
                chunked.record(UnsafeBufferPointer(rebasing: buffer[start..<min(start + chunk, buffer.count)]))
            }
        }
        let capacities = Array(1...3_000)
        #expect(chunked.curve(capacities: capacities) == whole.curve(capacities: capacities))
        #expect(chunked.largestDistance == whole.largestDistance && chunked.requests == keys.count)
    }

    @Test("holds memory for its distinct keys, not for its requests")
    func memoryFollowsDistinctKeys() {
        let initial = StackDistanceHistogram().storageBytes
        // 10^6 requests over 100 keys: renumbering keeps the bits at their
        // first size, and the table and counters never grow.
        let few = StackDistanceHistogram()
        (0..<1_000_000).map { UInt64($0 % 100) }.withUnsafeBufferPointer { few.record($0) }
        #expect(few.storageBytes == initial)
        // 2·10^5 distinct keys: a table at most half full (≤ 64 B a key
        // after doubling), counters (≤ 16 B), bits and tree (< 2 B).
        let many = StackDistanceHistogram()
        (0..<200_000).map { UInt64($0) }.withUnsafeBufferPointer { many.record($0) }
        #expect(many.distinctKeys == 200_000)
        #expect(many.storageBytes <= 200_000 * 82, "\(many.storageBytes) bytes")
    }

    @Test(
        "equals the simulated LRU on the reference traces",
        .enabled(if: sharedTracesAvailable, Comment(rawValue: sharedTracesAbsent)),
        arguments: ["lirs-gli", "lirs-loop", "cache2k-web07"])
    func equalsSimulationOnTraces(trace: String) throws {
        let keys = try readTrace(trace)
        let capacities = referenceRows().filter { $0.trace == trace && $0.policy == "lru" }.map(\.capacity)
        let curve = MissRatioCurve.compute(keys: keys, capacities: capacities)
        for point in curve {
            #expect(
                point.hitRatio == Double(try lruHits(keys, capacity: point.capacity)) / Double(keys.count),
                "\(trace) @\(point.capacity)")
        }
    }

    @Test("SHARDS at 10 % lands near the exact curve")
    func shardsApproximates() {
        let keys = Self.stream(seed: 9, count: 400_000, keys: 40_000)
        let capacities = MissRatioCurve.logSpacedCapacities(upTo: 40_000, count: 12)
        let exact = MissRatioCurve.compute(keys: keys, capacities: capacities)
        let sampled = MissRatioCurve.compute(keys: keys, capacities: capacities, samplingRate: 0.1)
        for (e, s) in zip(exact, sampled) where e.capacity >= 100 {
            #expect(
                abs(e.hitRatio - s.hitRatio) < 0.03, "capacity \(e.capacity): exact \(e.hitRatio), SHARDS \(s.hitRatio)"
            )
        }
    }

    @Test(
        "log-spaced capacities rise from 1 to the largest without repeats, as many as asked",
        arguments: [(1_000, 10), (300, 20), (40, 20), (5, 20), (2, 2), (1_000_000, 20)])
    func logSpacing(largest: Int, count: Int) {
        let capacities = MissRatioCurve.logSpacedCapacities(upTo: largest, count: count)
        #expect(capacities.count == min(count, largest), "\(capacities)")
        #expect(capacities.first == 1 && capacities.last == largest)
        #expect(zip(capacities, capacities.dropFirst()).allSatisfy { $0 < $1 })
        // Evenly spaced in log where rounding allows: past the dense low end
        // (where sizes one entry apart are bumped up), every size within one
        // entry (or 10 %) of its ideal position, e^(i·ln(largest)/(count − 1)).
        if count <= largest / 10 {
            for (i, c) in capacities.enumerated() {
                let ideal = exp(Double(i) * log(Double(largest)) / Double(count - 1))
                guard ideal >= Double(2 * count) else { continue }
                #expect(abs(Double(c) - ideal) <= max(1, 0.1 * ideal), "size \(i): \(c) vs \(ideal)")
            }
        }
    }
}
