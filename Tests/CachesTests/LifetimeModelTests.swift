import Caches
import TestSupport
import Testing

/// Every policy honouring per-entry lifetimes (`"expiry": "stream"`) against
/// its obviously correct model wrapped in ``ExpiringModel``, on random
/// sequences with random lifetimes: the same hits, counts, bytes and
/// expirations at every step, through the one-at-a-time API and through the
/// replay loop.
@Suite("Lifetimes against the model")
struct LifetimeModelTests {
    /// The policies with a reference model, with their default options.
    static let policies = [
        "lru", "fifo", "unbounded", "clock", "2q", "sieve", "lfu", "arc", "lfuda", "clockpro",
        "slru", "s3fifo", "ttl",
    ]

    /// The model for `policy`; `ttl`'s own lifetime is folded into the wrapper.
    static func model(_ policy: String, _ capacity: Capacity, ttl: Int64) throws -> ExpiringModel {
        if policy == "ttl" {
            return ExpiringModel(QueueModel(.lru, capacity: capacity), fixedLifetime: ttl)
        }
        return ExpiringModel(try #require(referenceModel(for: policy, capacity: capacity)))
    }

    static func cache(_ policy: String, _ capacity: Capacity, ttl: Int64) throws -> any ReplayableCache {
        let descriptor = try #require(PolicyRegistry.named(policy))
        var options: [String: PolicyOptionValue] = ["expiry": "stream"]
        if policy == "ttl" { options["ttl"] = .number(Double(ttl) / 1e9) }
        return try descriptor.make(CacheConfiguration(capacity: capacity, options: options))
    }

    @Test("one operation at a time", arguments: policies)
    func operationByOperation(policy: String) throws {
        for seed in UInt64(0)..<30 {
            var random = SplitMix64(seed: seed &* 104_729 &+ UInt64(policy.utf8.count))
            let capacity: Capacity =
                policy == "unbounded" ? .unbounded : .entries(Int.random(in: 1...12, using: &random))
            let ttl = Int64.random(in: 5...80, using: &random)
            let cache = try Self.cache(policy, capacity, ttl: ttl)
            var model = try Self.model(policy, capacity, ttl: ttl)
            var now: Int64 = 0
            for step in 0..<400 {
                now += Int64.random(in: 0...3, using: &random)
                let key = UInt64.random(in: 0..<25, using: &random)
                let lifetime =
                    Int64.random(in: 0...3, using: &random) == 0 ? 0 : Int64.random(in: 1...60, using: &random)
                let context = "\(policy) seed \(seed) step \(step)"
                switch Int.random(in: 0..<20, using: &random) {
                case 0:
                    model.remove(key)
                    cache.discard(key)
                case 1...3:
                    model.set(key, size: 1, now: now, lifetime: lifetime)
                    cache.admit(key, size: 1, now: now, lifetime: lifetime)
                default:
                    let expected = model.request(key, size: 1, now: now, lifetime: lifetime)
                    let hit = cache.lookup(key, now: now)
                    if !hit { cache.admit(key, size: 1, now: now, lifetime: lifetime) }
                    try #require(hit == expected, "\(context): hit \(hit), model \(expected)")
                }
                try #require(cache.count == model.count, "\(context): count \(cache.count), model \(model.count)")
                try #require(
                    cache.expirations == model.expirations,
                    "\(context): expirations \(cache.expirations), model \(model.expirations)")
            }
            #expect(model.expirations > 0, "\(policy) seed \(seed): the sequence should expire something")
        }
    }

    @Test("the replay loop: hits, expirations and every miss logged", arguments: policies)
    func replayLoop(policy: String) throws {
        for seed in UInt64(0)..<10 {
            var random = SplitMix64(seed: seed &+ 77)
            let capacity: Capacity =
                policy == "unbounded" ? .unbounded : .entries(Int.random(in: 2...20, using: &random))
            let ttl = Int64.random(in: 50...400, using: &random)
            let n = 3000
            var keys: [UInt64] = [], times: [Int64] = [], lifetimes: [Int64] = []
            var now: Int64 = 0
            for _ in 0..<n {
                now += Int64.random(in: 0...2, using: &random)
                keys.append(UInt64.random(in: 0..<60, using: &random))
                times.append(now)
                lifetimes.append(
                    Int64.random(in: 0...4, using: &random) == 0 ? 0 : Int64.random(in: 1...300, using: &random))
            }
            let sizes = [UInt32](repeating: 1, count: n)
            var model = try Self.model(policy, capacity, ttl: ttl)
            var expectedMisses: [Int32] = []
            for i in 0..<n where !model.request(keys[i], size: 1, now: times[i], lifetime: lifetimes[i]) {
                expectedMisses.append(Int32(i))
            }
            let cache = try Self.cache(policy, capacity, ttl: ttl)
            var tally = ReplayTally()
            var log = ReplayLog()
            keys.withUnsafeBufferPointer { k in
                sizes.withUnsafeBufferPointer { s in
                    times.withUnsafeBufferPointer { t in
                        lifetimes.withUnsafeBufferPointer { l in
                            cache.replay(keys: k, sizes: s, times: t, lifetimes: l, log: &log, tally: &tally)
                        }
                    }
                }
            }
            let context = "\(policy) seed \(seed)"
            #expect(log.misses == expectedMisses, "\(context): the logged misses are the model's")
            #expect(tally.hits == n - expectedMisses.count, "\(context)")
            #expect(cache.expirations == model.expirations, "\(context)")
            #expect(log.expiries.count == model.expirations, "\(context): every expiry is logged")
            #expect(zip(log.expiries, log.expiries.dropFirst()).allSatisfy { $0.before <= $1.before })
            #expect(model.expirations > 0, "\(context)")
        }
    }

    @Test func aCacheHonoursLifetimesOnlyFromEmpty() {
        let cache = LRUCache<UInt64, Void>(capacity: .entries(4))
        cache.set(1, ())
        #expect(!cache.honourLifetimes())
        cache.remove(1)
        #expect(cache.honourLifetimes())
        cache.set(2, (), now: 0, lifetime: 10)
        #expect(cache.contains(2, now: 9))
        #expect(!cache.contains(2, now: 10), "an entry is live until its expiry time, exclusive")
        #expect(cache.get(2, now: 10) == nil)
        #expect(cache.expirations == 1 && cache.evictions == 0 && cache.count == 0)
    }

    @Test func theHeapStaysProportionalToTheEntries() {
        // Every set restarts a lifetime and leaves a stale record behind;
        // the rebuild keeps the storage near the entries' own.
        let cache = LRUCache<UInt64, Void>(capacity: .entries(1000))
        #expect(cache.honourLifetimes())
        let plain = LRUCache<UInt64, Void>(capacity: .entries(1000))
        // Keys cycle through more than the capacity (each set a miss, its
        // key's old record left by the eviction) and then through fewer
        // (each set a hit that restarts a resident key's lifetime).
        for i in 0..<200_000 {
            let key = UInt64(i < 100_000 ? i % 1500 : i % 800)
            cache.set(key, (), now: Int64(i), lifetime: 1 << 40)
            plain.set(key, (), now: Int64(i))
        }
        // 8 bytes of expiry time a slot, and at most 1.25 entries' heap
        // records (16 bytes) plus a floor, doubled by growth at worst.
        let extra = cache.storageBytes - plain.storageBytes
        #expect(extra > 0 && extra <= 1000 * 8 * 2 + (1250 + 256) * 16 * 2, "\(extra) bytes")
    }

    @Test func expiryStreamIsRefusedWhereItCannotWork() throws {
        let belady = try #require(PolicyRegistry.named("belady"))
        #expect(throws: PolicyError.self) {
            _ = try belady.checkedOptions(["expiry": "stream"])
        }
        let lru = try #require(PolicyRegistry.named("lru"))
        #expect(throws: PolicyError.self) { _ = try lru.checkedOptions(["expiry": "sometimes"]) }
        #expect(try lru.checkedOptions(["expiry": "none"])["expiry"] == "none")
        let noop = try #require(PolicyRegistry.named("noop"))
        #expect(throws: PolicyError.self) {
            _ = try noop.make(CacheConfiguration(capacity: .unbounded, options: ["expiry": "stream"]))
        }
    }
}
