/// Least recently used: a hit moves the key to the front; the back leaves
/// to make room.
///
/// ```swift
/// let cache = LRUCache<String, Response>(capacity: 4096)
/// if let hit = cache.get(url) { return hit }
/// cache.set(url, response)
/// ```
///
/// Entries live in slot arrays linked by `Int32` indices behind an
/// open-addressing index: about 37 bytes an entry for `UInt64` keys and no
/// values. Setting a resident key replaces its value and size and moves it
/// to the front. Not thread-safe; see ``SynchronizedCache``.
public final class LRUCache<Key: CacheKey, Value>: _QueueCoreCache {
    @exclusivity(unchecked) @usableFromInline var core: _QueueCore<Key, Value, Void>
    @inlinable public var _core: _QueueCore<Key, Value, Void> { core }

    /// A cache bounded by `capacity`. O(entries) for an entry bound, which
    /// is reserved up front.
    @inlinable
    public init(capacity: Capacity) { core = _QueueCore(capacity: capacity) }

    /// A cache of at most `capacity` entries.
    @inlinable
    public convenience init(capacity: Int) { self.init(capacity: .entries(capacity)) }

    deinit { core.table.destroy() }

    /// What a hit and an update do: move the entry to the front.
    @inlinable @inline(__always)
    func promote(_ core: inout _QueueCore<Key, Value, Void>, _ slot: Int32) {
        core.queue.moveToFront(slot, core.table.links)
    }

    /// The value for `key`, moving it to the front. Expected O(1).
    @inlinable
    public func get(_ key: Key, now: Int64 = 0) -> Value? { core.get(key, hit: promote) }

    /// Stores `value` at the front, evicting from the back until it fits.
    /// Expected O(1) amortized.
    @inlinable @discardableResult
    public func set(_ key: Key, _ value: Value, size: Int = 1, now: Int64 = 0) -> Bool {
        core.set(key, value, size: size, extra: (), updated: promote, evictOne: { $0.evictBack() }) >= 0
    }

    /// Removes `key`. Expected O(1).
    @inlinable @discardableResult
    public func remove(_ key: Key) -> Value? { core.remove(key) }
}

extension LRUCache: ReplayableCache where Key == UInt64, Value == Void {
    /// `get`, and on a miss `set`, for each request, with one probe per
    /// request. Expected O(1) per request.
    @inlinable
    public func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>, tally: inout ReplayTally
    ) {
        core.replay(keys: keys, sizes: sizes, tally: &tally, extra: (), hit: promote, evictOne: { $0.evictBack() })
    }
}
