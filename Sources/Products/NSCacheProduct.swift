import Caches
import Foundation

/// Foundation's `NSCache` as a cache under test: the cache Swift developers
/// reach for first, driven in this process (measured like the simulated
/// policies) with `NSNumber` keys and `NSData` values of each object's
/// size.
///
/// An entry capacity is its `countLimit` (entries set without a cost); a
/// byte capacity its `totalCostLimit` (each entry's cost its size).
///
/// What it does on Linux (swift-corelibs-foundation's NSCache.swift) is
/// not LRU, nor what Apple's documentation leads one to expect: entries sit
/// in one list ordered by cost, cheapest first, a new entry going before
/// the first of equal or higher cost; a `get` changes nothing; when a
/// limit is passed the entries at the cheap end leave. With equal costs —
/// every entry under `countLimit` — the entry just set is the first to
/// leave, so once full the cache keeps the first keys it was given and
/// turns every new key away. There is no memory-pressure eviction there.
/// Evictions are counted through the cache's delegate. Not thread-safe as
/// a product (NSCache itself locks).
public final class NSCacheProduct: ProductCache {
    public let capacity: Capacity
    private let cache = NSCache<NSNumber, NSData>()
    private let watcher = EvictionWatcher()
    private let countsBytes: Bool
    private var hits = 0
    private var misses = 0
    private var sets = 0
    private var removals = 0
    private var removedBytes = 0
    private var storedBytes = 0
    public var failure: ProductError? { nil }

    /// An empty `NSCache` bounded by `capacity`.
    public init(_ configuration: CacheConfiguration) throws(ProductError) {
        capacity = configuration.capacity
        switch configuration.capacity {
        case .entries(let n):
            cache.countLimit = n
            countsBytes = false
        case .bytes(let n):
            cache.totalCostLimit = n
            countsBytes = true
        case .unbounded:
            countsBytes = false
        }
        cache.delegate = watcher
    }

    public var comparisonModels: [ModelRequest] { [ModelRequest("lru")] }

    public func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>, times: UnsafeBufferPointer<Int64>,
        tally: inout ReplayTally
    ) {
        tally.record(keys: keys, sizes: sizes) { i in
            if lookup(keys[i], now: times[i]) { return true }
            admit(keys[i], size: Int(sizes[i]), now: times[i])
            return false
        }
    }

    public func lookup(_ key: UInt64, now: Int64) -> Bool {
        let hit = cache.object(forKey: NSNumber(value: key)) != nil
        if hit { hits += 1 } else { misses += 1 }
        return hit
    }

    public func admit(_ key: UInt64, size: Int, now: Int64) {
        let value: NSData = NSMutableData(length: size) ?? NSData()
        let number = NSNumber(value: key)
        if let old = cache.object(forKey: number) {
            removals += 1
            removedBytes += old.length
        }
        if countsBytes {
            cache.setObject(value, forKey: number, cost: size)
        } else {
            cache.setObject(value, forKey: number)
        }
        sets += 1
        storedBytes += size
    }

    @discardableResult
    public func discard(_ key: UInt64) -> Bool {
        let number = NSNumber(value: key)
        guard let old = cache.object(forKey: number) else { return false }
        cache.removeObject(forKey: number)
        removals += 1
        removedBytes += old.length
        return true
    }

    public func holds(_ key: UInt64, now: Int64) -> Bool { cache.object(forKey: NSNumber(value: key)) != nil }

    /// Entries set, less those evicted, replaced or removed.
    public var count: Int { sets - watcher.evicted - removals }
    public var evictions: Int { watcher.evicted }
    public var residentBytes: Int { storedBytes - watcher.evictedBytes - removedBytes }
    /// NSCache does not say what its storage costs.
    public var storageBytes: Int { 0 }

    /// Measured in this process, like the simulated policies.
    public func readMemory() throws(ProductError) -> ProductMemory? { nil }

    public func finish() throws(ProductError) -> ProductReport {
        var configuration: [String: String] = [:]
        if cache.countLimit > 0 { configuration["countLimit"] = String(cache.countLimit) }
        if cache.totalCostLimit > 0 { configuration["totalCostLimit"] = String(cache.totalCostLimit) }
        return ProductReport(
            product: "Foundation.NSCache (swift-corelibs-foundation)", address: "in-process",
            configuration: configuration,
            clock: "none", clockSlips: 0, pipeline: 1,
            memoryLimitBytes: countsBytes ? cache.totalCostLimit : nil,
            client: ProductCounters(hits: hits, misses: misses, sets: sets, evictions: watcher.evicted, keys: count),
            server: nil)
    }
}

/// Counts what an `NSCache` evicts, through its delegate.
private final class EvictionWatcher: NSObject, NSCacheDelegate, @unchecked Sendable {
    var evicted = 0
    var evictedBytes = 0

    func cache(_ cache: NSCache<AnyObject, AnyObject>, willEvictObject object: Any) {
        evicted += 1
        evictedBytes += (object as? NSData)?.length ?? 0
    }
}
