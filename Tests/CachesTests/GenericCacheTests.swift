import Caches
import TestSupport
import Testing

/// The policies as a service uses them: any hashable key, any value.
@Suite("Generic keys and values")
struct GenericCacheTests {
    @Test("String keys and array values, with updates and removals")
    func stringKeys() {
        let cache = LRUCache<String, [Int]>(capacity: 2)
        #expect(cache.get("a") == nil)
        cache.set("a", [1])
        cache.set("b", [2])
        #expect(cache.get("a") == [1])
        cache.set("c", [3])
        #expect(cache.get("b") == nil, "b was least recently used")
        cache.set("a", [1, 1])
        #expect(cache.get("a") == [1, 1])
        #expect(cache.remove("a") == [1, 1])
        #expect(cache.count == 1)
    }

    @Test("2Q ghosts keep a key but no value")
    func ghosts() {
        let cache = TwoQueueCache<String, String>(capacity: 4)
        for key in ["a", "b", "c", "d", "e", "f"] { cache.set(key, key.uppercased()) }
        #expect(cache.ghostCount > 0)
        #expect(cache.get("a") == nil, "a ghost is a miss")
        cache.set("a", "A again")
        #expect(cache.get("a") == "A again")
        #expect(cache.count == 4)
    }

    @Test("byte capacity: oversized objects refused, updates that no longer fit move out")
    func byteCapacity() {
        let cache = FIFOCache<Int, String>(capacity: .bytes(10))
        #expect(cache.set(1, "x", size: 6))
        #expect(!cache.set(2, "too big", size: 11))
        #expect(cache.set(3, "y", size: 4))
        #expect(cache.residentBytes == 10)
        #expect(!cache.set(1, "bigger than the cache", size: 11))
        #expect(cache.get(1) == nil, "a refused update removes the old value")
        #expect(cache.residentBytes == 4)
    }

    @Test("options are checked by the registry")
    func options() throws {
        let clock = try #require(PolicyRegistry.named("clock"))
        #expect(throws: PolicyError.self) {
            try clock.make(CacheConfiguration(capacity: .entries(1), options: ["bits": 1.5]))
        }
        #expect(throws: PolicyError.self) {
            try clock.make(CacheConfiguration(capacity: .entries(1), options: ["bits": 9]))
        }
        #expect(throws: PolicyError.self) {
            try clock.make(CacheConfiguration(capacity: .entries(1), options: ["kin": 0.5]))
        }
        #expect(throws: PolicyError.self) { try clock.make(CacheConfiguration(capacity: .unbounded)) }
        let ttl = try #require(PolicyRegistry.named("ttl"))
        #expect(ttl.needsTime && ttl.allowsUnbounded)
        let noop = try #require(PolicyRegistry.named("noop"), "the replay floor is a registered reference policy")
        #expect(noop.isReference && noop.allowsUnbounded)
        #expect(PolicyRegistry.all.filter(\.isReference).map(\.name) == ["noop"])
    }
}
