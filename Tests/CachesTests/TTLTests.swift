import Caches
import Foundation
import TestSupport
import Testing

@Suite("TTL")
struct TTLTests {
    @Test("an entry expires its lifetime after it was set; hits do not extend it")
    func expiry() {
        let cache = TTLCache<UInt64, String>(lifetime: 100)
        cache.set(1, "one", now: 0)
        #expect(cache.get(1, now: 50) == "one")
        #expect(cache.get(1, now: 99) == "one")
        #expect(cache.get(1, now: 100) == nil, "expired at set time + lifetime")
        #expect(cache.count == 0, "an expired lookup removes the entry")
        #expect(cache.expirations == 1)
    }

    @Test("setting again restarts the lifetime")
    func reset() {
        let cache = TTLCache<UInt64, Void>(lifetime: 100)
        cache.set(1, (), now: 0)
        cache.set(1, (), now: 80)
        #expect(cache.get(1, now: 150) != nil)
        #expect(cache.get(1, now: 180) == nil)
    }

    @Test("the sweep removes expired entries nobody looks up")
    func sweep() {
        let cache = TTLCache<UInt64, Void>(lifetime: 1_000)
        for key in 0..<UInt64(500) { cache.set(key, (), now: Int64(key)) }
        #expect(cache.count == 500)
        cache.set(10_000, (), now: 1_250)
        #expect(cache.count == 250, "keys set before 250 expired by 1250 and were swept")
        cache.removeExpired(now: 10_000)
        #expect(cache.count == 0)
    }

    @Test("bounded: the least recently used live entry leaves")
    func boundedIsLRU() {
        let cache = TTLCache<UInt64, Void>(lifetime: 1_000_000, capacity: .entries(2))
        cache.set(1, (), now: 0)
        cache.set(2, (), now: 1)
        #expect(cache.get(1, now: 2) != nil)
        cache.set(3, (), now: 3)
        #expect(cache.get(2, now: 4) == nil, "2 was least recently used")
        #expect(cache.get(1, now: 5) != nil && cache.get(3, now: 6) != nil)
        #expect(cache.evictions == 1)
    }

    /// Little's law: unique IDs arriving at rate λ, each living T, leave
    /// λ·T resident on average; and the storage stops growing.
    @Test("a Poisson stream of unique IDs settles at λ·T, and storage stops growing")
    func littlesLaw() {
        let meanGap = 1_000.0  // ns between arrivals: λ = 10^6 per second
        let lifetime: Int64 = 50_000_000  // T = 50 ms, so λ·T = 50,000
        let expected = Double(lifetime) / meanGap
        let cache = TTLCache<UInt64, Void>(lifetime: lifetime)
        var random = SplitMix64(seed: 2024)
        var now: Int64 = 0
        var samples: [Int] = []
        var storageAtSettling = 0
        for id in 0..<UInt64(400_000) {  // 8 T
            let u = Double(random.next() >> 11) * 0x1p-53
            now += Int64((-log1p(-u) * meanGap).rounded())
            if cache.get(id, now: now) == nil { cache.set(id, (), now: now) }
            if id == 200_000 { storageAtSettling = cache.storageBytes }
            if id > 200_000 && id % 1_000 == 0 { samples.append(cache.count) }
        }
        let mean = Double(samples.reduce(0, +)) / Double(samples.count)
        #expect(abs(mean - expected) / expected < 0.02, "mean resident \(mean), λ·T = \(expected)")
        #expect(cache.storageBytes == storageAtSettling, "storage grew after settling")
        #expect(cache.expirations > 300_000)
    }
}
