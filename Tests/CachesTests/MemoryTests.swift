import Caches
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The allocator's view: caches give back everything, and LRU stays within
/// its per-entry budget. Each check runs in a process of its own (an exit
/// test), since mallinfo2 counts every thread's allocations.
@Suite("Memory")
struct MemoryTests {
    @Test(
        "every policy returns all its memory when released",
        .disabled(if: underAddressSanitizer, "mallinfo2 does not see ASan's allocator"))
    func noLeaks() async {
        await #expect(processExitsWith: .success) {
            /// Bytes still allocated after `body` ran and released what it
            /// made: the least of a few runs, since the first run of a code
            /// path allocates runtime caches once (metadata, lazy bindings)
            /// and the test runner's own threads may allocate meanwhile. A
            /// leak leaks on every run.
            ///
            /// glibc counts chunks parked in its per-thread cache (tcache,
            /// at most 7 per size class) as in use, so a clean run may show
            /// a few hundred bytes; a leak of these caches' entries shows as
            /// tens of kilobytes or more.
            let tcacheSlack = 4_096
            func leftBehind(_ body: () -> Void) -> Int {
                (0..<4).map { _ in
                    let before = allocatedBytes()
                    body()
                    return allocatedBytes() - before
                }.min()!
            }
            for policy in PolicyRegistry.all {
                let left = leftBehind {
                    let capacity: Capacity = policy.name == "unbounded" ? .unbounded : .entries(50_000)
                    let options: [String: PolicyOptionValue] = policy.needsTime ? ["ttl": 1e-5] : [:]
                    let cache = try! policy.make(CacheConfiguration(capacity: capacity, options: options))
                    for key in 0..<UInt64(100_000) { cache.admit(mix64(key), size: 1, now: Int64(key)) }
                }
                if left > tcacheSlack { exit(1) }
            }
            // Non-trivial keys and values, ghosts and expiries included.
            let left = leftBehind {
                let lru = LRUCache<String, [String]>(capacity: 1_000)
                let twoQueue = TwoQueueCache<String, [String]>(capacity: 1_000)
                let ttl = TTLCache<String, [String]>(lifetime: 500, capacity: .entries(800))
                for i in 0..<5_000 {
                    let key = "key number \(i % 3_000)"
                    lru.set(key, [key, key])
                    twoQueue.set(key, [key])
                    ttl.set(key, [key], size: 1, now: Int64(i))
                    if i % 7 == 0 {
                        lru.remove(key)
                        twoQueue.remove(key)
                        ttl.remove(key)
                    }
                }
            }
            exit(left <= tcacheSlack ? 0 : 2)
        }
    }

    @Test(
        "every policy's own accounting is what the allocator hands it, to a byte per entry",
        .disabled(if: underAddressSanitizer, "mallinfo2 does not see ASan's allocator"))
    func ownAccountingMatchesTheAllocator() async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            var wrong = 0
            for descriptor in PolicyRegistry.all {
                let entries = 100_000
                let before = allocatedBytes()
                var cache: (any ReplayableCache)? = try! descriptor.make(
                    CacheConfiguration(
                        capacity: descriptor.name == "unbounded" ? .unbounded : .entries(entries), seed: 1))
                for key in 0..<UInt64(entries) { cache!.admit(mix64(key), size: 1, now: 0) }
                let allocator = Double(allocatedBytes() - before) / Double(cache!.count)
                let own = Double(cache!.storageBytes) / Double(cache!.count)
                cache = nil
                if abs(allocator - own) >= 1 {
                    wrong += 1
                    print("\(descriptor.name): allocator \(allocator) bytes per entry, own accounting \(own)")
                }
            }
            exit(wrong == 0 ? 0 : 1)
        }
        if let output = result?.standardOutputContent, result?.exitStatus != .exitCode(0) {
            Issue.record(Comment(rawValue: String(decoding: output, as: UTF8.self)))
        }
    }

    @Test(
        "LRU at 10^6 entries: at most 40 allocator bytes per entry",
        .disabled(if: underAddressSanitizer, "mallinfo2 does not see ASan's allocator"))
    func lruBytesPerEntry() async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            let before = allocatedBytes()
            let cache = LRUCache<UInt64, Void>(capacity: 1_000_000)
            for key in 0..<UInt64(1_000_000) { cache.set(mix64(key), (), size: 1, now: 0) }
            let perEntry = Double(allocatedBytes() - before) / Double(cache.count)
            let own = Double(cache.storageBytes) / Double(cache.count)
            print("LRU bytes per entry: allocator \(perEntry), own accounting \(own)")
            exit(cache.count == 1_000_000 && perEntry <= 40 && abs(perEntry - own) < 1 ? 0 : 1)
        }
        if let output = result?.standardOutputContent, result?.exitStatus != .exitCode(0) {
            Issue.record(Comment(rawValue: String(decoding: output, as: UTF8.self)))
        }
    }
}
