import Caches
import Testing
import TestSupport

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
}
