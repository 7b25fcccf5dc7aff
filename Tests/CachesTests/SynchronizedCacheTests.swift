import Caches
import TestSupport
import Testing

@Suite("SynchronizedCache")
struct SynchronizedCacheTests {
    @Test("tasks hammering one cache see consistent values and the bound")
    func hammer() async {
        let cache = SynchronizedCache(LRUCache<Int, String>(capacity: 100))
        await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var random = SplitMix64(seed: UInt64(task))
                    var wrong = 0
                    for _ in 0..<5_000 {
                        let key = Int.random(in: 0..<300, using: &random)
                        let value = cache.value(for: key) { "value \(key)" }
                        if value != "value \(key)" { wrong += 1 }
                        if key % 17 == 0 { cache.remove(key) }
                    }
                    return wrong
                }
            }
            for await wrong in group { #expect(wrong == 0) }
        }
        #expect(cache.count <= 100)
        #expect(cache.count > 0)
        #expect(cache.withLock { $0.residentBytes == $0.count })
    }

    /// Eight tasks of mixed gets, sets, removes and compute-on-miss, plus a
    /// reader checking the bounds under the lock while they run, on each
    /// policy (entry and byte capacities, and TTL with moving time). Run it
    /// under ThreadSanitizer (`Scripts/sanitizers`) to catch unlocked access.
    @Test(
        "every policy stays consistent under contention", arguments: ["lru", "fifo", "clock", "2q", "lru-bytes", "ttl"])
    func hammerEveryPolicy(policy: String) async {
        switch policy {
        case "lru": await Self.hammer(SynchronizedCache(LRUCache<Int, String>(capacity: 64)), entries: 64, bytes: .max)
        case "fifo":
            await Self.hammer(SynchronizedCache(FIFOCache<Int, String>(capacity: 64)), entries: 64, bytes: .max)
        case "clock":
            await Self.hammer(
                SynchronizedCache(ClockCache<Int, String>(capacity: 64, bits: 2)), entries: 64, bytes: .max)
        case "2q":
            await Self.hammer(SynchronizedCache(TwoQueueCache<Int, String>(capacity: 64)), entries: 64, bytes: .max)
        case "lru-bytes":
            await Self.hammer(
                SynchronizedCache(LRUCache<Int, String>(capacity: .bytes(2_000))), entries: .max, bytes: 2_000)
        default:
            await Self.hammer(
                SynchronizedCache(TTLCache<Int, String>(lifetime: 50, capacity: .entries(64))), entries: 64, bytes: .max
            )
        }
    }

    /// Hammers `cache` and checks values, `entries` and `bytes` bounds.
    static func hammer<C: Cache & SendableMetatype>(_ cache: SynchronizedCache<C>, entries: Int, bytes: Int) async
    where C.Key == Int, C.Value == String {
        let tasks = 8, operations = 20_000
        let violations = await withTaskGroup(of: Int.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    var random = SplitMix64(seed: UInt64(task) &+ 100)
                    var wrong = 0
                    for step in 0..<operations {
                        let key = Int.random(in: 0..<200, using: &random)
                        let now = Int64(step)
                        switch Int.random(in: 0..<10, using: &random) {
                        case 0: cache.remove(key)
                        case 1: cache.set(key, "value \(key)", size: 1 + key % 50, now: now)
                        case 2: if let value = cache.get(key, now: now), value != "value \(key)" { wrong += 1 }
                        default:
                            let value = cache.value(for: key, size: 1 + key % 50, now: now) { "value \(key)" }
                            if value != "value \(key)" { wrong += 1 }
                        }
                    }
                    return wrong
                }
            }
            group.addTask {
                var outOfBounds = 0
                for _ in 0..<2_000 {
                    if !cache.withLock({ $0.count <= entries && $0.residentBytes <= bytes }) { outOfBounds += 1 }
                    await Task.yield()
                }
                return outOfBounds
            }
            return await group.reduce(0, +)
        }
        #expect(violations == 0, "wrong values or bounds passed")
        #expect(cache.count > 0)
        #expect(cache.withLock { $0.count <= entries && $0.residentBytes <= bytes })
    }
}
