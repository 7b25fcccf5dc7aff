import Caches
import Testing
import TestSupport

/// Replays `keys` through `cache`, every request weighing 1, at times 0, 1, 2…;
/// a ``FutureAwareCache`` is given each request's next access.
func replay(_ keys: [UInt64], through cache: any ReplayableCache) -> ReplayTally {
    let sizes = [UInt32](repeating: 1, count: keys.count)
    let times = (0..<Int64(keys.count)).map { $0 }
    var tally = ReplayTally()
    keys.withUnsafeBufferPointer { k in
        sizes.withUnsafeBufferPointer { s in
            times.withUnsafeBufferPointer { t in
                if let oracle = cache as? any FutureAwareCache {
                    nextAccesses(keys).withUnsafeBufferPointer { n in
                        oracle.replay(keys: k, sizes: s, times: t, nextAccess: n, tally: &tally)
                    }
                } else {
                    cache.replay(keys: k, sizes: s, times: t, tally: &tally)
                }
            }
        }
    }
    return tally
}

/// Hit counts against ../shared/traces/reference.csv, to the request.
@Suite("Reference hit counts", .enabled(if: sharedTracesAvailable, "../shared/traces is absent (a fresh clone has none)"))
struct ReferenceTraceTests {
    static let checkedPolicies: Set = ["lru", "fifo", "clock", "2q", "belady"]

    /// The exact rows of the checked policies, one test case per trace.
    static var rowsByTrace: [[ReferenceRow]] {
        let rows = referenceRows().filter { $0.kind == "exact" && checkedPolicies.contains($0.policy) }
        return Dictionary(grouping: rows, by: \.trace).values.sorted { $0[0].trace < $1[0].trace }
    }

    @Test("exact rows of lru, fifo, clock, 2q and belady", arguments: rowsByTrace)
    func exactRows(_ rows: [ReferenceRow]) throws {
        let keys = try readTrace(rows[0].trace)
        for row in rows {
            let cache = try #require(PolicyRegistry.named(row.policy)).make(CacheConfiguration(capacity: .entries(row.capacity)))
            let tally = replay(keys, through: cache)
            #expect(tally.requests == row.requests, "\(row)")
            #expect(tally.hits == row.hits, "\(row): \(tally.hits) hits, reference \(row.hits)")
        }
    }

    @Test("the reference covers every checked policy")
    func coverage() {
        let policies = Set(Self.rowsByTrace.joined().map(\.policy))
        #expect(policies == Self.checkedPolicies)
    }
}

@Suite("Unbounded")
struct UnboundedTests {
    @Test("hits = requests − distinct keys", arguments: [1, 2, 3])
    func hitsAreRepeats(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let keys = (0..<50_000).map { _ in UInt64.random(in: 0..<20_000, using: &random) }
        let cache = try #require(PolicyRegistry.named("unbounded")).make(CacheConfiguration(capacity: .unbounded))
        let tally = replay(keys, through: cache)
        #expect(tally.hits == keys.count - Set(keys).count)
        #expect(cache.count == Set(keys).count)
        #expect(cache.evictions == 0)
    }

    @Test("storage grows with the entries")
    func storageGrows() {
        let cache = UnboundedCache<UInt64, Void>()
        let empty = cache.storageBytes
        for key in 0..<UInt64(100_000) { cache.set(key, (), size: 1, now: 0) }
        #expect(cache.storageBytes >= empty + 100_000 * 8)
    }
}
