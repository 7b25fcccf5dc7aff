import Caches
import Foundation
import TestSupport
import Testing

/// slru, lfuda and clockpro against libCacheSim 0.3.5 (PyPI) on the shared
/// traces at reference.csv's capacities, as `Scripts/compare-libcachesim
/// --record` wrote them into Fixtures/libcachesim-0.3.5.csv: libCacheSim's
/// hit count and, where the rules differ, cachesim's difference from it.
///
/// - slru with `insertion=libcachesim` follows libCacheSim's `SLRU.c`, so
///   every row is exact.
/// - The other rows hold the recorded difference, within ``margin``; the
///   reason each policy differs is in ``reasons``. A rule changed on
///   purpose means recording the rows again.
@Suite(
    "libCacheSim 0.3.5: slru, lfuda, clockpro",
    .enabled(if: sharedTracesAvailable, "../shared/traces is absent (a fresh clone has none)"))
struct LibCacheSimTests {
    /// Why cachesim's count differs from libCacheSim's, per policy whose
    /// rule is not libCacheSim's.
    static let reasons: [String: String] = [
        "slru":
            "Huang et al.'s rule: new keys enter segment 0 and the shares sum to C; libCacheSim fills the upper segments with new keys while warming up, overfills segment 0 by C mod N and caches nothing below N entries (the libcachesim rows show its rule exactly)",
        "lfuda":
            "Arlitt et al.'s K = F + L on every hit; libCacheSim adds the current age to K instead (K += L), so popular keys' priorities grow geometrically and stay for ever while L crawls through the gaps (the empty rows: it had not finished)",
        "clockpro":
            "Jiang et al.'s CLOCK-Pro; libCacheSim 0.3.5 admits a miss only while its cold pages weigh under init-ratio-cold · C and so never evicts: it keeps the first C keys for ever (checked below)",
    ]

    /// How far, in requests, a count may drift from the recorded one.
    static func margin(_ requests: Int) -> Int { requests / 2_000 }

    struct Row: Sendable, CustomStringConvertible {
        var trace: String
        var policy: String
        var options: [String: PolicyOptionValue]
        var capacity: Int
        var requests: Int
        /// `nil` where libCacheSim did not finish.
        var libCacheSimHits: Int?
        var difference: Int?
        var description: String { "\(trace) \(policy) \(options) @\(capacity)" }
        var isExact: Bool { options["insertion"] == "libcachesim" }
    }

    static let fixture = packageRoot().appendingPathComponent("Tests/CachesTests/Fixtures/libcachesim-0.3.5.csv")

    static var rows: [Row] {
        guard let text = try? String(contentsOf: fixture, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 7, let capacity = Int(f[3]), let requests = Int(f[4]) else { return nil }
            var options: [String: PolicyOptionValue] = [:]
            for pair in f[2].split(separator: " ") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                options[parts[0]] = Double(parts[1]).map(PolicyOptionValue.number) ?? .word(parts[1])
            }
            return Row(
                trace: f[0], policy: f[1], options: options, capacity: capacity, requests: requests,
                libCacheSimHits: Int(f[5]), difference: Int(f[6]))
        }
    }

    static var rowsByTrace: [[Row]] {
        Dictionary(grouping: rows, by: \.trace).values.sorted { $0[0].trace < $1[0].trace }
    }

    @Test("each row: exact for slru's libcachesim rules, else the recorded difference", arguments: rowsByTrace)
    func recordedRows(_ rows: [Row]) throws {
        let keys = try readTrace(rows[0].trace)
        for row in rows {
            guard let theirs = row.libCacheSimHits, let difference = row.difference else { continue }
            let cache = try #require(PolicyRegistry.named(row.policy)).make(
                CacheConfiguration(capacity: .entries(row.capacity), options: row.options))
            let tally = replay(keys, through: cache)
            #expect(tally.requests == row.requests, "\(row)")
            if row.isExact {
                #expect(tally.hits == theirs, "\(row): \(tally.hits) hits, libCacheSim \(theirs)")
            } else {
                let drift = tally.hits - (theirs + difference)
                #expect(
                    abs(drift) <= Self.margin(row.requests),
                    "\(row): \(tally.hits) hits, libCacheSim \(theirs), recorded difference \(difference); \(Self.reasons[row.policy]!)"
                )
            }
        }
    }

    /// libCacheSim 0.3.5's ClockPro admits misses only while its cold
    /// pages fit `init-ratio-cold` (1) · C and never evicts, so its hits
    /// are those of a cache that keeps the first C distinct keys for ever.
    @Test("libCacheSim's clockpro hits are a frozen cache's: the first C keys kept for ever", arguments: rowsByTrace)
    func libCacheSimClockProIsFrozen(_ rows: [Row]) throws {
        let keys = try readTrace(rows[0].trace)
        for row in rows where row.policy == "clockpro" {
            let theirs = try #require(row.libCacheSimHits, "\(row): libCacheSim's ClockPro always finishes")
            var kept: Set<UInt64> = []
            var hits = 0
            for key in keys {
                if kept.contains(key) {
                    hits += 1
                } else if kept.count < row.capacity {
                    kept.insert(key)
                }
            }
            #expect(hits == theirs, "\(row): a frozen cache hits \(hits), libCacheSim \(theirs)")
        }
    }

    @Test("the fixture covers every trace and capacity of reference.csv for each policy, and names its reasons")
    func coverage() {
        let expected = Set(referenceRows().map { "\($0.trace)@\($0.capacity)" })
        let variants = Dictionary(grouping: Self.rows) { "\($0.policy) \($0.options)" }
        #expect(variants.count == 4, "slru twice, lfuda, clockpro: \(variants.keys.sorted())")
        for (variant, rows) in variants {
            #expect(Set(rows.map { "\($0.trace)@\($0.capacity)" }) == expected, "\(variant)")
        }
        let differing = Set(Self.rows.filter { !$0.isExact }.map(\.policy))
        #expect(differing == Set(Self.reasons.keys))
        let unfinished = Self.rows.filter { $0.libCacheSimHits == nil }
        #expect(unfinished.allSatisfy { $0.policy == "lfuda" }, "only libCacheSim's LFUDA runs out of time")
    }
}
