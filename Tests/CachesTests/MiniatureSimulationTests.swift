import Caches
import Foundation
import TestSupport
import Testing

/// Miniature simulations (issue 15) against full simulations and closed
/// forms: at rate 1 they are the full simulation, request for request; on
/// a loop their curve is the loop's; policies without a capacity to scale
/// are refused with the reason.
@Suite struct MiniatureSimulationTests {
    /// A skewed stream: ranks from a power law by inverse transform over a
    /// 64-bit LCG, scrambled into keys.
    static func skewed(count: Int, universe: Double, seed: UInt64) -> [UInt64] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let u = Double(state >> 11) / Double(1 << 53)
            return mix64(UInt64((pow(universe, u) - 1).rounded(.down)))
        }
    }

    static func feed(_ keys: [UInt64], _ miniature: MiniatureSimulation) {
        keys.withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count {
                let end = min(all.count, start + 4096)
                miniature.record(UnsafeBufferPointer(rebasing: all[start..<end]))
                start = end
            }
        }
    }

    @Test(arguments: ["fifo", "clock", "arc", "s3fifo", "sieve", "2q", "lirs", "wtinylfu"])
    func rateOneIsTheFullSimulation(policy: String) throws {
        let keys = Self.skewed(count: 60_000, universe: 20_000, seed: 7)
        let descriptor = try #require(PolicyRegistry.named(policy))
        let capacities = [10, 300, 3000]
        let miniature = try MiniatureSimulation(policy: descriptor, capacities: capacities, samplingRate: 1)
        Self.feed(keys, miniature)
        for (point, capacity) in zip(miniature.points, capacities) {
            let full = replay(keys, through: try descriptor.make(CacheConfiguration(capacity: .entries(capacity))))
            #expect(point.sampledRequests == keys.count && point.hits == full.hits, "\(policy) at \(capacity)")
            #expect(point.hitRatio == Double(full.hits) / Double(keys.count))
        }
    }

    /// A loop over N keys, R requests: every policy that keeps what fits
    /// hits (R − N) / R from N entries on, and FIFO, LRU and CLOCK nothing
    /// below N. A 10 % sample keeps the loop (about N/10 keys, each after
    /// the same others) and each miniature holds a tenth of its size.
    @Test(arguments: ["fifo", "clock", "sieve"])
    func aSampledLoopHasTheLoopsCurve(policy: String) throws {
        let (n, r) = (10_000, 500_000)
        let keys = (0..<r).map { mix64(UInt64($0 % n)) }
        let miniature = try MiniatureSimulation(
            policy: try #require(PolicyRegistry.named(policy)), capacities: [5_000, 20_000], samplingRate: 0.1)
        Self.feed(keys, miniature)
        let points = miniature.points
        let sampled = Double(points[1].sampledRequests) / Double(r)
        #expect(abs(sampled - 0.1) < 0.01, "about a tenth of the keys sampled: \(sampled)")
        // Below the loop: a miss every request, so misses ≈ the expected sample.
        #expect(try #require(points[0].hitRatio) < 0.02, "\(policy) at half the loop: \(points[0])")
        // Above it: misses only the sampled keys' first pass.
        let warm = Double(r - n) / Double(r)
        #expect(abs(try #require(points[1].hitRatio) - warm) < 0.002, "\(policy) above the loop: \(points[1])")
    }

    @Test func skewedSampleIsCorrectedForItsHotKeys() throws {
        // A 10 % sample of a skewed stream, against the full simulation.
        let keys = Self.skewed(count: 400_000, universe: 100_000, seed: 11)
        for policy in ["s3fifo", "arc", "sieve"] {
            let descriptor = try #require(PolicyRegistry.named(policy))
            let miniature = try MiniatureSimulation(policy: descriptor, capacities: [4_000], samplingRate: 0.1)
            Self.feed(keys, miniature)
            let full = replay(keys, through: try descriptor.make(CacheConfiguration(capacity: .entries(4_000))))
            let exact = Double(full.hits) / Double(keys.count)
            let estimate = try #require(miniature.points[0].hitRatio)
            #expect(abs(estimate - exact) < 0.02, "\(policy): miniature \(estimate), full \(exact)")
        }
    }

    @Test func tooSmallMiniaturesAreUnresolvedAndUnscalablePoliciesRefused() throws {
        let fifo = try #require(PolicyRegistry.named("fifo"))
        let miniature = try MiniatureSimulation(policy: fifo, capacities: [100, 1000], samplingRate: 0.01)
        Self.feed(Self.skewed(count: 10_000, universe: 1000, seed: 3), miniature)
        #expect(miniature.points[0].hitRatio == nil, "100 × 0.01 = 1 entry < \(MiniatureSimulation.minimumEntries)")
        #expect(miniature.points[1].hitRatio == nil, "10 entries, still below the minimum")
        for name in ["belady", "unbounded", "ttl", "noop"] {
            let descriptor = try #require(PolicyRegistry.named(name))
            #expect(throws: MiniatureSimulation.Unsupported.self, "\(name)") {
                try MiniatureSimulation(policy: descriptor, capacities: [100], samplingRate: 0.5)
            }
        }
    }
}
