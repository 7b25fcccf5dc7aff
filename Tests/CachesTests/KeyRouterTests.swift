import Caches
import Testing

/// The tier's router (``KeyRouter``): consistent — a failure moves only the
/// failed node's keys, and adding a node to a jump hash moves keys only onto
/// the new node — and spread as a uniform random choice would spread keys.
@Suite struct KeyRouterTests {
    static let keys: [UInt64] = (0..<100_000).map { UInt64($0) }

    @Test(arguments: KeyRouter.Hash.allCases)
    func aFailureMovesOnlyTheFailedNodesKeys(hash: KeyRouter.Hash) {
        let healthy = KeyRouter(nodes: 8, hash: hash)
        var degraded = healthy
        degraded.fail(3)
        #expect(degraded.liveNodes == 7)
        var moved = 0
        for key in Self.keys {
            let before = healthy.node(for: key)
            let after = degraded.node(for: key)
            #expect(after != 3)
            if before == 3 { moved += 1 } else { #expect(after == before) }
        }
        // Node 3 held about an eighth of the keys, and those went elsewhere.
        #expect(abs(Double(moved) / Double(Self.keys.count) - 1.0 / 8) < 0.01)
    }

    @Test func aJumpHashMovesKeysOnlyOntoANewNode() {
        for nodes in 1..<12 {
            let smaller = KeyRouter(nodes: nodes, hash: .jump)
            let larger = KeyRouter(nodes: nodes + 1, hash: .jump)
            var moved = 0
            for key in Self.keys.prefix(20_000) where smaller.node(for: key) != larger.node(for: key) {
                #expect(larger.node(for: key) == nodes)
                moved += 1
            }
            // Jump's point: a new node takes 1/(n+1) of the keys.
            #expect(abs(Double(moved) / 20_000 - 1 / Double(nodes + 1)) < 0.015, "\(nodes) → \(nodes + 1)")
        }
    }

    /// Pearson's chi-square of the keys per node against an even spread:
    /// with 7 degrees of freedom it exceeds 29.88 with probability 10⁻⁴
    /// when the nodes are chosen uniformly at random. The busiest node's
    /// share over the mean is then close to 1: the standard deviation of a
    /// node's count is √(K·p(1−p)) = 104.6 keys on a mean of 12,500 (0.84 %),
    /// so the imbalance of 8 nodes is about 1 + 1.4 × 0.84 % ≈ 1.012, and
    /// above 1.04 (4.8 standard deviations) with probability below 10⁻⁵.
    @Test(arguments: KeyRouter.Hash.allCases)
    func keysSpreadAsAUniformChoiceWould(hash: KeyRouter.Hash) {
        let router = KeyRouter(nodes: 8, hash: hash)
        var counts = [Int](repeating: 0, count: 8)
        for key in Self.keys { counts[router.node(for: key)] += 1 }
        let expected = Double(Self.keys.count) / 8
        let chiSquare = counts.map { (Double($0) - expected) * (Double($0) - expected) / expected }.reduce(0, +)
        #expect(chiSquare < 29.88, "\(hash): \(counts)")
        let imbalance = Double(counts.max()!) / expected
        #expect(imbalance < 1.04, "\(hash): \(counts)")
    }

    @Test func aTierRoutesEveryRequestToItsKeysNode() {
        let router = KeyRouter(nodes: 4, hash: .rendezvous)
        let tier = CacheTier(
            router: router, makeNode: { _ in LRUCache<UInt64, Void>(capacity: 100) },
            emptied: { NoOpCache<UInt64, Void>() })
        let keys = (0..<5000).map { UInt64($0 % 700) }
        let sizes = [UInt32](repeating: 1, count: keys.count)
        let times = [Int64](repeating: 0, count: keys.count)
        var tally = ReplayTally()
        keys.withUnsafeBufferPointer { k in
            sizes.withUnsafeBufferPointer { s in
                times.withUnsafeBufferPointer { t in tier.replay(keys: k, sizes: s, times: t, tally: &tally) }
            }
        }
        // Independently: one LRU per node fed the keys routed to it.
        let separate = (0..<4).map { _ in LRUCache<UInt64, Void>(capacity: 100) }
        var hits = [Int](repeating: 0, count: 4)
        for key in keys {
            let node = router.node(for: key)
            if separate[node].get(key) != nil { hits[node] += 1 } else { separate[node].set(key, ()) }
        }
        #expect(tier.nodeHits == hits)
        #expect(tally.hits == hits.reduce(0, +))
        #expect(tier.count == separate.map(\.count).reduce(0, +))
        #expect(tier.capacity == .entries(100))
    }
}
