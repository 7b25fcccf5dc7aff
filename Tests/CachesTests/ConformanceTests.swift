import Caches
import TestSupport
import Testing

/// The suite every registered policy passes, by being registered.
@Suite("Conformance")
struct ConformanceTests {
    /// Every registered cache; reference policies (the no-op floor) hold
    /// nothing and have a suite of their own below.
    static let policies = PolicyRegistry.all.filter { !$0.isReference }.map(\.name)
    static let references = PolicyRegistry.all.filter(\.isReference).map(\.name)

    func make(_ policy: String, _ capacity: Capacity) throws -> any ReplayableCache {
        try #require(PolicyRegistry.named(policy)).make(CacheConfiguration(capacity: capacity))
    }

    /// Whether the policy keeps its bound (unbounded ignores any).
    func isBounded(_ policy: String) -> Bool { policy != "unbounded" }

    @Test("counts and the entry bound", arguments: policies)
    func countsAndBound(policy: String) throws {
        let cache = try make(policy, .entries(100))
        #expect(cache.count == 0 && cache.residentBytes == 0 && cache.evictions == 0)
        for key in 0..<UInt64(1_000) {
            #expect(!cache.lookup(key, now: Int64(key)))
            cache.admit(key, size: 3, now: Int64(key))
            #expect(ModelChecker.boundViolation(cache) == nil)
        }
        if isBounded(policy) {
            #expect(cache.count == 100)
            #expect(cache.evictions == 900)
        } else {
            #expect(cache.count == 1_000)
        }
        #expect(cache.residentBytes == 3 * cache.count)
        #expect(cache.lookup(999, now: 1_000), "the newest key is resident")
    }

    @Test("the byte bound, and objects larger than the cache", arguments: policies)
    func byteBound(policy: String) throws {
        let cache = try make(policy, .bytes(1_000))
        var random = SplitMix64(seed: 7)
        for step in 0..<5_000 {
            let key = UInt64.random(in: 0..<500, using: &random)
            if !cache.lookup(key, now: Int64(step)) {
                cache.admit(key, size: Int(key % 97) + 1, now: Int64(step))
            }
            #expect(ModelChecker.boundViolation(cache) == nil)
        }
        let before = cache.count
        cache.admit(1_000_000, size: 1_001, now: 5_000)
        if isBounded(policy) {
            #expect(!cache.lookup(1_000_000, now: 5_000), "larger than the whole cache: not admitted")
            #expect(cache.count == before, "a refused object evicts nothing")
        }
    }

    @Test("remove and re-insert", arguments: policies)
    func removeAndReinsert(policy: String) throws {
        let cache = try make(policy, .entries(10))
        for key in 0..<UInt64(10) { cache.admit(key, size: 1, now: 0) }
        let count = cache.count
        #expect(cache.discard(3))
        #expect(!cache.discard(3), "already gone")
        #expect(!cache.discard(42), "never there")
        #expect(cache.count == count - 1)
        #expect(!cache.lookup(3, now: 1))
        cache.admit(3, size: 1, now: 1)
        #expect(cache.lookup(3, now: 2))
        #expect(cache.count == count)
        for key in 0..<UInt64(10) { cache.discard(key) }
        #expect(cache.count == 0 && cache.residentBytes == 0)
    }

    @Test("a cache of capacity 0 holds nothing", arguments: policies.filter { $0 != "unbounded" })
    func emptyCache(policy: String) throws {
        let cache = try make(policy, .entries(0))
        cache.admit(1, size: 1, now: 0)
        #expect(!cache.lookup(1, now: 0))
        #expect(cache.count == 0)
    }

    @Test("a cache of capacity 1 holds the latest key", arguments: policies)
    func capacityOne(policy: String) throws {
        let cache = try make(policy, .entries(1))
        for key in 0..<UInt64(20) {
            cache.admit(key, size: 1, now: Int64(key))
            #expect(cache.lookup(key, now: Int64(key)))
            #expect(isBounded(policy) ? cache.count == 1 : cache.count == Int(key) + 1)
        }
    }

    @Test("storage accounting covers the entries", arguments: policies)
    func storageBytes(policy: String) throws {
        let cache = try make(policy, .entries(1_000))
        for key in 0..<UInt64(1_000) { cache.admit(key, size: 1, now: 0) }
        #expect(cache.storageBytes >= cache.count * (MemoryLayout<UInt64>.size + 2 * MemoryLayout<Int32>.size))
    }

    @Test("every policy has a reference model, or a reason it has none", arguments: policies)
    func hasModel(policy: String) {
        let model = referenceModel(for: policy, capacity: .entries(1))
        #expect((model != nil) != (modelFreePolicies[policy] != nil), "write one in Tests/TestSupport")
    }

    @Test("a reference policy holds nothing: every request misses", arguments: references)
    func referenceHoldsNothing(policy: String) throws {
        let cache = try make(policy, .unbounded)
        var tally = ReplayTally()
        let keys: [UInt64] = [1, 2, 1, 1, 3]
        let sizes = [UInt32](repeating: 1, count: keys.count)
        let times = [Int64](repeating: 0, count: keys.count)
        keys.withUnsafeBufferPointer { keys in
            sizes.withUnsafeBufferPointer { sizes in
                times.withUnsafeBufferPointer { cache.replay(keys: keys, sizes: sizes, times: $0, tally: &tally) }
            }
        }
        #expect(tally.requests == 5 && tally.hits == 0)
        #expect(cache.count == 0 && cache.residentBytes == 0 && cache.evictions == 0)
        #expect(!cache.holds(1, now: 0) && !cache.discard(1))
    }
}
