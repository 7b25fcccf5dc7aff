import Caches
import Foundation
import Harness
import Testing
import Workload

/// The curve driver (issue 15) against independent full replays: at rate
/// 1 every point is the policy's own full simulation, entry or byte
/// capacities; threads do not change a count; checks are full replays; the
/// answers read the curve as their definitions say.
@Suite struct CurveRunTests {
    static let spec = WorkloadSpec(
        name: "c", seed: 9, requests: 60_000, keys: .zipf(alpha: 0.8, universe: 8_000),
        sizes: .uniform(min: 50, max: 150))

    /// The stream of `spec`, whole.
    static func stream(_ spec: WorkloadSpec) throws -> RequestChunk {
        var stream = try WorkloadStream(spec)
        var all = RequestChunk(capacity: 0)
        var chunk = RequestChunk(capacity: 4096)
        while try stream.next(into: &chunk, limit: 4096) > 0 {
            all.keys += chunk.keys
            all.sizes += chunk.sizes
            all.times += chunk.times
        }
        return all
    }

    /// Hits of a full cache of `policy` at `capacity` over `requests`.
    static func fullHits(_ policy: String, _ capacity: Capacity, _ requests: RequestChunk) throws -> Int {
        let cache = try #require(PolicyRegistry.named(policy)).make(CacheConfiguration(capacity: capacity))
        var tally = ReplayTally()
        requests.keys.withUnsafeBufferPointer { keys in
            requests.sizes.withUnsafeBufferPointer { sizes in
                requests.times.withUnsafeBufferPointer {
                    cache.replay(keys: keys, sizes: sizes, times: $0, tally: &tally)
                }
            }
        }
        return tally.hits
    }

    @Test(arguments: [false, true])
    func atRateOneEveryPointIsTheFullSimulation(inBytes: Bool) throws {
        let requests = try Self.stream(Self.spec)
        let policies = ["lru", "fifo", "s3fifo", "arc"]
        let capacities = inBytes ? [20_000, 150_000, 600_000] : [50, 700, 4_000]
        var request = CurveRequest(policies: policies.map { PolicyRegistry.named($0)! }, capacities: capacities)
        request.inBytes = inBytes
        request.checks = 2
        let set = try CurveRun.run(Self.spec, request)
        #expect(set.requests == requests.count && set.unit == (inBytes ? .bytes : .entries))
        for curve in set.curves {
            #expect(curve.method.isExact, "\(curve.policy): \(curve.method)")
            #expect(curve.points.map(\.capacity) == capacities)
            for point in curve.points {
                let capacity: Capacity = inBytes ? .bytes(point.capacity) : .entries(point.capacity)
                let hits = try Self.fullHits(curve.policy, capacity, requests)
                #expect(
                    point.hitRatio == Double(hits) / Double(requests.count), "\(curve.policy) at \(point.capacity)")
                if let exact = point.exactHitRatio { #expect(exact == point.hitRatio) }
            }
            #expect(curve.points.filter { $0.exactHitRatio != nil }.count == 2, "--check 2 at \(curve.policy)")
        }
    }

    /// Miniatures and checks are spread over threads; each cache is still
    /// replayed in stream order by one thread, so the set is the same.
    @Test func threadsDoNotChangeACount() throws {
        var request = CurveRequest(
            policies: ["lru", "fifo", "clock", "sieve", "wtinylfu"].map { PolicyRegistry.named($0)! },
            capacities: [300, 900, 2_000, 5_000])
        request.samplingRate = 0.1
        request.checks = 2
        let one = try CurveRun.run(Self.spec, request)
        request.threads = 4
        #expect(try CurveRun.run(Self.spec, request) == one)
        // Sampled: estimates, marked as such, with the unresolved sizes named.
        let fifo = try #require(one.curves.first { $0.policy == "fifo" })
        #expect(fifo.method == .miniature(0.1))
        #expect(fifo.points[0].unresolved == "capacity × rate < 32 entries")
        #expect(fifo.points[1].hitRatio != nil, "900 × 0.1 = 90 entries resolves")
        #expect(fifo.points[0].hitRatio == nil, "300 × 0.1 = 30 entries does not")
    }

    /// Kneedle's rule on a curve whose bend is known: rising evenly in log
    /// capacity to 1,000 entries, then nearly flat.
    @Test func theKneeIsWhereTheCurveBends() throws {
        let capacities = [10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000]
        let points = capacities.map { c -> CurvePoint in
            let x = log10(Double(c))
            return CurvePoint(capacity: c, hitRatio: x <= 3 ? 0.2 * (x - 1) : 0.4 + 0.01 * (x - 3))
        }
        let curve = PolicyCurve(policy: "p", method: .fullSimulation, points: points)
        #expect(curve.knee?.capacity == 1_000)
        // A straight line in log capacity has no point above its chord.
        let straight = PolicyCurve(
            policy: "p", method: .fullSimulation,
            points: capacities.map { CurvePoint(capacity: $0, hitRatio: log10(Double($0)) / 10) })
        #expect(straight.knee == nil)
        let reached = try #require(curve.firstReaching(0.29))
        #expect(reached.capacity == 300 && reached.hitRatio == 0.2 * (log10(300) - 1) && reached.below == 100)
        #expect(curve.firstReaching(0.9) == nil)
        #expect(try #require(curve.firstReaching(0)).below == nil, "the first point reaches it")
    }

    /// The expected error is the slope in log capacity times the relative
    /// size noise of a Binomial sample, sqrt((1 − R) / n): recomputed here
    /// from its definition, and on a sampled run it covers what a full
    /// simulation finds at most sizes.
    @Test func expectedErrorsFollowTheSlopeAndTheSampleSize() throws {
        let curve = PolicyCurve(
            policy: "p", method: .miniature(0.1),
            points: [
                CurvePoint(capacity: 100, hitRatio: 0.2), CurvePoint(capacity: 1_000, hitRatio: 0.5),
                CurvePoint(capacity: 10_000, hitRatio: 0.6),
            ])
        let errors = curve.withExpectedErrors(rate: 0.1) { Double($0) * 0.1 }.points.map(\.expectedError)
        // The sample's placement of the size, and HyperLogLog's error on the misses.
        func combined(_ placement: Double, _ hitRatio: Double) -> Double {
            (placement * placement + pow(1.04 / 256 * (1 - hitRatio), 2)).squareRoot()
        }
        let middle = combined((0.6 - 0.2) / log(100) * (0.9 / 100).squareRoot(), 0.5)
        let first = combined((0.5 - 0.2) / log(10) * (0.9 / 10).squareRoot(), 0.2)
        #expect(abs(errors[1]! - middle) < 1e-15 && abs(errors[0]! - first) < 1e-15, "\(errors)")
        #expect(curve.withExpectedErrors(rate: 1) { _ in 1 } == curve, "exact curves have no sampling error")

        var request = CurveRequest(
            policies: ["fifo", "s3fifo", "lru"].map { PolicyRegistry.named($0)! },
            capacities: [400, 700, 1_200, 2_000, 3_500, 6_000])
        request.samplingRate = 0.1
        request.checks = 6
        let set = try CurveRun.run(Self.spec, request)
        var covered = 0
        var checked = 0
        for point in set.curves.flatMap(\.points) {
            guard let error = point.errorPoints, let expected = point.expectedError else { continue }
            checked += 1
            if abs(error) / 100 <= 3 * expected + 0.005 { covered += 1 }
        }
        #expect(checked == 18 && covered * 4 >= checked * 3, "\(covered) of \(checked) within 3σ + 0.5 points")
    }

    /// A budget buys ⌊budget ÷ (the policy's bytes per entry + object)⌋
    /// entries; the footprint it uses is what a full cache of the policy
    /// costs (the larger of storage and allocator views).
    @Test func aBudgetBuysWhatFitsAtTheMeasuredFootprint() throws {
        for policy in ["lru", "s3fifo", "wtinylfu"] {
            let descriptor = try #require(PolicyRegistry.named(policy))
            let footprint = try EntryFootprint.measure(descriptor, entries: 4_096)
            #expect(footprint.entries == 4_096, "\(policy) filled to its capacity")
            // Every policy keeps at least its key and a link per entry.
            #expect(footprint.storageBytesPerEntry >= 8, "\(policy): \(footprint)")
            #expect(footprint.bytesPerEntry == max(footprint.storageBytesPerEntry, footprint.allocatorBytesPerEntry))
            let entries = MemoryBudget.entries(within: 1 << 20, footprint: footprint, objectBytes: 100)
            #expect(Double(entries) * (footprint.bytesPerEntry + 100) <= Double(1 << 20))
            #expect(Double(entries + 1) * (footprint.bytesPerEntry + 100) > Double(1 << 20))
        }
    }
}
