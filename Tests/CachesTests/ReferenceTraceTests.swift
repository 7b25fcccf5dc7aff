import Caches
import Foundation
import TestSupport
import Testing

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
@Suite(
    "Reference hit counts", .enabled(if: sharedTracesAvailable, Comment(rawValue: sharedTracesAbsent)))
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
            let cache = try #require(PolicyRegistry.named(row.policy)).make(
                CacheConfiguration(capacity: .entries(row.capacity)))
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

/// The rows libCacheSim 0.3.5 computed for arc, sieve, s3fifo, lirs and
/// wtinylfu with its default parameters.
///
/// - arc, sieve, s3fifo: exact on every row. ARC follows libCacheSim's
///   reading of the paper (real-valued p; case IV drops B1's oldest only
///   when B1 is not empty, else evicts T1's oldest outright) — the paper
///   leaves p's type open, and both readings are the paper's algorithm.
/// - lirs: every row within 1 point (39 of 74 exact). The paper leaves
///   stack S unbounded and both implementations cap its ghosts near C, by
///   different rules (here: ghosts up to C, oldest first; libCacheSim:
///   S up to 2C, oldest non-resident first), so ghost hits differ a
///   little. The widest gap, lirs-loop at 1,011 (+0.59 pt), is
///   libCacheSim's known defect: a cache that holds every key must hit
///   all but the first 1,011 requests, and this one does.
/// - wtinylfu: this is the Caffeine design the issue asks for (every
///   request recorded; a doorkeeper; aging every 10·C; window
///   max(1, 1 %)). libCacheSim's WTinyLFU differs on each point: its
///   count-min Bloom filter has no doorkeeper, is fed only on main-cache
///   hits, insertions and window evictions, and ages every 32× the main
///   size; its window is ⌊1 %⌋, empty below 100 entries, where it
///   refuses every object (the 0-hit rows, its known defect), and during
///   warm-up it fills the whole cache before the first duel. 39 of the
///   70 other rows land within 1 point (widest: lirs-loop at 1,000, +12.8
///   — this sketch forgets a 1,011-key loop less than libCacheSim's; then
///   lirs-loop at 100, −6.5, where the loop just outlasts the 10·C sample
///   and aging erases every key between visits).
///
/// lirs and wtinylfu rows are held to the difference recorded for each
/// row in Fixtures/reference-row-differences.csv, exactly (the replay is
/// deterministic, so the margin is 0 hits): a change to either policy
/// that moves any row shows, however small, where a blanket bound would
/// let a row drift within it. After a deliberate change,
/// `CACHESIM_WRITE_FIXTURES=1 swift test --filter LibCacheSimRowTests`
/// rewrites the file; review it with git diff.
@Suite(
    "libCacheSim reference rows",
    .enabled(if: sharedTracesAvailable, Comment(rawValue: sharedTracesAbsent)))
struct LibCacheSimRowTests {
    /// Exact against libCacheSim's hits, or against the recorded
    /// difference (the reasons in the suite's comment).
    static let exact: Set<String> = ["arc", "sieve", "s3fifo"]
    static let recordedPolicies: Set<String> = ["lirs", "wtinylfu"]

    static var rowsByTrace: [[ReferenceRow]] {
        let rows = referenceRows().filter {
            $0.kind.hasPrefix("libCacheSim") && (exact.contains($0.policy) || recordedPolicies.contains($0.policy))
        }
        return Dictionary(grouping: rows, by: \.trace).values.sorted { $0[0].trace < $1[0].trace }
    }

    static let fixture = packageRoot().appendingPathComponent(
        "Tests/CachesTests/Fixtures/reference-row-differences.csv")

    /// `trace policy capacity` → (libCacheSim's hits, cachesim's hits − libCacheSim's).
    static let recorded: [String: (libCacheSimHits: Int, difference: Int)] = {
        guard let text = try? String(contentsOf: fixture, encoding: .utf8) else { return [:] }
        var out: [String: (Int, Int)] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 5, let theirs = Int(f[3]), let difference = Int(f[4]) else { continue }
            out["\(f[0]) \(f[1]) \(f[2])"] = (theirs, difference)
        }
        return out
    }()

    static func key(_ row: ReferenceRow) -> String { "\(row.trace) \(row.policy) \(row.capacity)" }

    @Test("within the documented tolerance", arguments: rowsByTrace)
    func rows(_ rows: [ReferenceRow]) throws {
        let keys = try readTrace(rows[0].trace)
        for row in rows {
            let cache = try #require(PolicyRegistry.named(row.policy)).make(
                CacheConfiguration(capacity: .entries(row.capacity)))
            let tally = replay(keys, through: cache)
            let points = Double(tally.hits - row.hits) * 100 / Double(row.requests)
            if Self.exact.contains(row.policy) {
                #expect(tally.hits == row.hits, "\(row): \(tally.hits) hits, libCacheSim \(row.hits)")
                continue
            }
            if row.policy == "wtinylfu" && row.hits == 0 {
                #expect(
                    row.capacity < 100 && tally.hits > 0,
                    "\(row): libCacheSim's empty window refuses all; this one hits")
            }
            let recorded = try #require(Self.recorded[Self.key(row)], "\(row): no recorded difference")
            #expect(recorded.libCacheSimHits == row.hits, "\(row): the fixture's libCacheSim hits")
            #expect(
                tally.hits - row.hits == recorded.difference,
                "\(row): \(tally.hits) hits, libCacheSim \(row.hits): difference \(tally.hits - row.hits) (\(points) points), recorded \(recorded.difference)"
            )
        }
    }

    @Test("the rows cover every policy, and the fixture every recorded row")
    func coverage() {
        let rows = Array(Self.rowsByTrace.joined())
        #expect(Set(rows.map(\.policy)) == Self.exact.union(Self.recordedPolicies))
        let recordedRows = Set(rows.filter { Self.recordedPolicies.contains($0.policy) }.map(Self.key))
        #expect(Set(Self.recorded.keys) == recordedRows, "one fixture row per lirs and wtinylfu row, no stale ones")
    }

    /// Rewrites the fixture from this build (CACHESIM_WRITE_FIXTURES=1).
    @Test(
        "rewrite the recorded differences",
        .enabled(
            if: sharedTracesAvailable && ProcessInfo.processInfo.environment["CACHESIM_WRITE_FIXTURES"] != nil,
            "set CACHESIM_WRITE_FIXTURES=1 to rewrite Fixtures/reference-row-differences.csv"))
    func writeFixture() throws {
        var text = "trace,policy,capacity,libcachesim_hits,difference\n"
        for rows in Self.rowsByTrace {
            let keys = try readTrace(rows[0].trace)
            for row in rows.sorted(by: { ($0.policy, $0.capacity) < ($1.policy, $1.capacity) })
            where Self.recordedPolicies.contains(row.policy) {
                let cache = try #require(PolicyRegistry.named(row.policy)).make(
                    CacheConfiguration(capacity: .entries(row.capacity)))
                let hits = replay(keys, through: cache).hits
                text += "\(row.trace),\(row.policy),\(row.capacity),\(row.hits),\(hits - row.hits)\n"
            }
        }
        try text.write(to: Self.fixture, atomically: true, encoding: .utf8)
    }
}

/// On every reference trace and capacity: no policy beats the offline
/// optimum, and a loop larger than the cache defeats LRU but not the
/// scan-resistant policies.
@Suite(
    "Ordering on the reference traces",
    .enabled(if: sharedTracesAvailable, Comment(rawValue: sharedTracesAbsent)))
struct OrderingTests {
    /// Every bounded policy that needs no request times.
    static let policies = PolicyRegistry.all.filter { !$0.allowsUnbounded && !$0.needsFuture }.map(\.name)

    static var capacitiesByTrace: [(String, [Int])] {
        Dictionary(grouping: referenceRows(), by: \.trace)
            .map { ($0.key, Set($0.value.map(\.capacity)).sorted()) }.sorted { $0.0 < $1.0 }
    }

    @Test("no policy beats belady", arguments: capacitiesByTrace)
    func nothingBeatsTheOptimum(_ trace: (String, [Int])) throws {
        let keys = try readTrace(trace.0)
        for capacity in trace.1 {
            let configuration = CacheConfiguration(capacity: .entries(capacity), seed: 1)
            let optimum = replay(keys, through: try #require(PolicyRegistry.named("belady")).make(configuration)).hits
            for policy in Self.policies {
                let hits = replay(keys, through: try #require(PolicyRegistry.named(policy)).make(configuration)).hits
                #expect(hits <= optimum, "\(trace.0) @\(capacity): \(policy) \(hits) hits, belady \(optimum)")
            }
        }
    }

    /// lirs-loop cycles over 1,011 keys: below that LRU evicts each key
    /// just before its return. W-TinyLFU is left out at 100 entries, where
    /// the loop (1,011 requests) just outlasts its sketch's sample
    /// (10·C = 1,000) and aging forgets every key between its visits.
    @Test("lirs-loop below 1,011 entries: LRU at 0 %, scan-resistant policies near the optimum")
    func loopDefeatsLRU() throws {
        let keys = try readTrace("lirs-loop")
        for capacity in [100, 500, 1_000] {
            let configuration = CacheConfiguration(capacity: .entries(capacity))
            func hits(_ policy: String) throws -> Int {
                replay(keys, through: try #require(PolicyRegistry.named(policy)).make(configuration)).hits
            }
            #expect(try hits("lru") == 0, "lru @\(capacity)")
            let optimum = try hits("belady")
            for policy in ["lirs", "s3fifo"] + (capacity > 100 ? ["wtinylfu"] : []) {
                let got = try hits(policy)
                #expect(got * 2 >= optimum, "\(policy) @\(capacity): \(got) hits, belady \(optimum)")
            }
        }
    }
}
