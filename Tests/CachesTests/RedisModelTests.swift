import Foundation
import TestSupport
import Testing

@testable import Caches

/// The models of Redis's eviction against what Redis's source and
/// documentation say of it: the pool's rules against a transcription of
/// evict.c's array code, exact LRU where sampling sees every key, the
/// ordering of Redis's documented chart, and the LFU counter against the
/// table in redis.conf. (The real servers are in ProductsTests.)
@Suite("Redis models")
struct RedisModelTests {
    /// evict.c's pool as the C code keeps it: 16 slots, empty ones nil,
    /// entries shifted with memmove; the best candidate is taken from the
    /// right.
    struct CArrayPool {
        var keys = [UInt64?](repeating: nil, count: 16)
        var idle = [UInt64](repeating: 0, count: 16)

        mutating func populate(_ key: UInt64, _ score: UInt64) {
            var k = 0
            while k < 16 && keys[k] != nil && idle[k] < score { k += 1 }
            if k == 0 && keys[15] != nil {
                return
            } else if k < 16 && keys[k] == nil {
            } else if keys[15] == nil {
                for j in stride(from: 15, to: k, by: -1) { (keys[j], idle[j]) = (keys[j - 1], idle[j - 1]) }
            } else {
                k -= 1
                for j in 0..<k { (keys[j], idle[j]) = (keys[j + 1], idle[j + 1]) }
            }
            (keys[k], idle[k]) = (key, score)
        }

        mutating func takeBest() -> UInt64? {
            for k in stride(from: 15, through: 0, by: -1) where keys[k] != nil {
                defer { (keys[k], idle[k]) = (nil, 0) }
                return keys[k]
            }
            return nil
        }

        var entries: [UInt64] { keys.compactMap { $0 } }
    }

    @Test("the pool follows evict.c's insertion and eviction rules, ties and a full pool included")
    func poolMatchesEvictC() {
        for seed in UInt64(0)..<50 {
            var random = SplitMix64(seed: seed)
            var reference = CArrayPool()
            var pool = _SampledEviction<UInt64>(reserving: 0, samples: 5, seed: 0)
            for step in 0..<2_000 {
                if UInt64.random(in: 0..<4, using: &random) == 0 {
                    let expected = reference.takeBest()
                    let taken = pool.poolKeys.popLast()
                    if taken != nil {
                        pool.poolHashes.removeLast()
                        pool.poolScores.removeLast()
                    }
                    #expect(taken == expected, "seed \(seed) step \(step): took \(String(describing: taken))")
                } else {
                    // Few distinct scores, so that ties are common.
                    let key = UInt64.random(in: 0..<100, using: &random)
                    let score = UInt64.random(in: 0..<6, using: &random)
                    reference.populate(key, score)
                    pool.offer(key, score: score)
                }
                #expect(pool.poolKeys == reference.entries, "seed \(seed) step \(step)")
                if pool.poolKeys != reference.entries { return }
            }
        }
    }

    @Test("sampling every key on a clock that ticks every request, redis-lru evicts the oldest insertion")
    func allSampledIsExactWithoutHits() {
        let capacity = 40
        let cache = RedisLRUCache<UInt64, Void>(capacity: .entries(capacity), samples: 64, clockResolution: 1, seed: 3)
        for key in UInt64(0)..<1_000 { cache.set(key, (), size: 1, now: Int64(key)) }
        let resident = (UInt64(0)..<1_000).filter { cache.contains($0, now: 1_000) }
        #expect(resident == Array(960..<1_000))
        #expect(cache.evictions == 960)
    }

    /// A Zipf(0.9) stream over 10,000 keys, drawn by inverse transform.
    static func zipfStream(count: Int, seed: UInt64) -> [UInt64] {
        var cumulative: [Double] = []
        var total = 0.0
        for rank in 1...10_000 {
            total += 1 / pow(Double(rank), 0.9)
            cumulative.append(total)
        }
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let u = Double.random(in: 0..<total, using: &random)
            var low = 0
            var high = cumulative.count - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] < u { low = middle + 1 } else { high = middle }
            }
            return UInt64(low)
        }
    }

    static func hitRatio(_ cache: any ReplayableCache, _ keys: [UInt64]) -> Double {
        var hits = 0
        for (i, key) in keys.enumerated() {
            if cache.lookup(key, now: Int64(i)) { hits += 1 } else { cache.admit(key, size: 1, now: Int64(i)) }
        }
        return Double(hits) / Double(keys.count)
    }

    @Test("on a fine clock, more samples come closer to LRU, as Redis's documented chart shows")
    func samplesApproachLRU() throws {
        let keys = Self.zipfStream(count: 200_000, seed: 11)
        let lru = Self.hitRatio(LRUCache<UInt64, Void>(capacity: 1_000), keys)
        let sampled = [1, 5, 10].map { samples in
            Self.hitRatio(
                RedisLRUCache<UInt64, Void>(capacity: .entries(1_000), samples: samples, clockResolution: 1, seed: 5),
                keys)
        }
        let random = Self.hitRatio(RandomCache<UInt64, Void>(capacity: .entries(1_000), seed: 5), keys)
        // One sample is a chain's head, the newest key of its bucket: it
        // evicts young keys and does no better than random eviction (the
        // real server does the same, below allkeys-random on Zipf; the
        // ProductRunTests compare the model with it).
        #expect(sampled[0] < random + 0.005, "one sample is no better than random: \(sampled[0]) vs \(random)")
        #expect(sampled[0] < sampled[1] && sampled[1] < sampled[2], "\(sampled)")
        #expect(random < sampled[1], "five samples beat random eviction")
        #expect(
            sampled[2] <= lru && lru - sampled[2] < 0.01, "10 samples within a point of LRU: \(sampled[2]) vs \(lru)")
    }

    @Test("on a clock that never ticks, the number of samples hardly matters")
    func coarseClockFlattensSampling() {
        let keys = Self.zipfStream(count: 200_000, seed: 12)
        let ratios = [1, 10].map { samples in
            let cache = RedisLRUCache<UInt64, Void>(capacity: .entries(1_000), samples: samples, seed: 5)
            var hits = 0
            for key in keys {
                if cache.lookup(key, now: 0) { hits += 1 } else { cache.admit(key, size: 1, now: 0) }
            }
            return Double(hits) / Double(keys.count)
        }
        let lru = Self.hitRatio(LRUCache<UInt64, Void>(capacity: 1_000), keys)
        #expect(abs(ratios[0] - ratios[1]) < 0.01, "\(ratios)")
        #expect(ratios[1] < lru - 0.02, "every key the same age: well below LRU (\(ratios[1]) vs \(lru))")
    }

    /// The counter of `key` in `cache`.
    static func counter(_ cache: RedisLFUCache<UInt64, Void>, _ key: UInt64) -> Int {
        let slot = cache._kernel.table.find(key, key.cacheHash)
        return Int(cache._kernel.table.extras[Int(slot)].stamp & 0xFF)
    }

    /// redis.conf's table of counters after a number of hits, per factor
    /// (the first request sets the key, the others hit it).
    @Test(
        "the logarithmic counter grows as redis.conf's table says",
        arguments: [(10, 100, 10), (10, 1_000, 18), (1, 100, 18), (1, 1_000, 49), (100, 1_000, 11), (0, 100, 104)])
    func counterFollowsTheTable(factor: Int, hits: Int, table: Int) {
        var total = 0
        let keys = 200
        let cache = RedisLFUCache<UInt64, Void>(
            capacity: .entries(keys), samples: 5, lfuLogFactor: factor, lfuDecayTime: 0, seed: UInt64(factor))
        for key in UInt64(0)..<UInt64(keys) {
            cache.set(key, (), size: 1, now: 0)
            for _ in 1..<hits { _ = cache.get(key, now: 0) }
            total += Self.counter(cache, key)
        }
        let mean = Double(total) / Double(keys)
        // The table shows one run; the mean of 200 lies within 15 % of it.
        #expect(abs(mean - Double(table)) <= 0.15 * Double(table), "mean counter \(mean), redis.conf \(table)")
    }

    @Test("an idle counter decays by one per lfu-decay-time minutes; 0 never decays")
    func counterDecays() {
        for (decay, survivor) in [(1, UInt64(2)), (0, UInt64(1))] {
            // Key 1 is used often at minute 0; key 2 is new at minute 30.
            let cache = RedisLFUCache<UInt64, Void>(
                capacity: .entries(2), samples: 64, lfuLogFactor: 0, lfuDecayTime: decay, seed: 1)
            cache.set(1, (), size: 1, now: 0)
            for _ in 0..<20 { _ = cache.get(1, now: 0) }
            let minute: Int64 = 60_000_000_000
            cache.set(2, (), size: 1, now: 30 * minute)
            #expect(Self.counter(cache, 1) == 25, "5, then 20 increments at factor 0")
            cache.set(3, (), size: 1, now: 30 * minute)
            #expect(
                cache.contains(survivor, now: 0),
                "decay \(decay): 25 − 30 decays below a new key's 5; without decay 25 stays above")
        }
    }
}

extension RedisModelTests {
    /// How often each of `keys` is drawn as a single sample: Redis's draw
    /// takes the head of a chain, so a key that shares its bucket with a
    /// newer one is never drawn alone.
    @Test("one sample draws only chain heads; sampling every key draws each once")
    func drawFollowsTheDictionary() {
        var eviction = _SampledEviction<UInt64>(reserving: 0, samples: 1, seed: 9)
        var next = [Int32](repeating: -1, count: 1_000)
        let hash = { (slot: Int32) in UInt64(slot).cacheHash }
        for slot in Int32(0)..<1_000 {
            eviction.add(slot, hash: hash(slot), next: { next[Int($0)] }, setNext: { next[Int($0)] = $1 }, hashOf: hash)
        }
        #expect(eviction.buckets.count == 1_024, "doubled from 4 as the keys reached the buckets")
        let heads = Set(eviction.buckets.filter { $0 >= 0 })
        var drawn: Set<UInt64> = []
        for _ in 0..<20_000 {
            eviction.populate(key: { UInt64($0) }, score: { _ in 0 }, next: { next[Int($0)] })
            drawn.formUnion(eviction.poolKeys)
            eviction.poolKeys.removeAll()
            eviction.poolHashes.removeAll()
            eviction.poolScores.removeAll()
        }
        #expect(drawn == Set(heads.map(UInt64.init)), "only heads, and every head in 20,000 draws")
        #expect(heads.count < 1_000, "some keys share a bucket")

        var all = _SampledEviction<UInt64>(reserving: 0, samples: 64, seed: 9)
        var links = [Int32](repeating: -1, count: 40)
        for slot in Int32(0)..<40 {
            all.add(slot, hash: hash(slot), next: { links[Int($0)] }, setNext: { links[Int($0)] = $1 }, hashOf: hash)
        }
        all.populate(key: { UInt64($0) }, score: { UInt64($0) }, next: { links[Int($0)] })
        #expect(all.poolKeys.count == 16 && all.poolScores == Array(24..<40), "all 40 offered, the 16 oldest kept")
    }
}
