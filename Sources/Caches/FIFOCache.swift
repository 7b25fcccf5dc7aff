/// First in, first out: the oldest insertion leaves to make room; hits
/// change nothing.
///
/// Setting a resident key replaces its value and size in place: it keeps
/// its position in the queue (as libCacheSim's FIFO does). Not thread-safe;
/// see ``SynchronizedCache``.
public final class FIFOCache<Key: CacheKey, Value>: _QueueCoreCache {
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

    /// The value for `key`; the queue is untouched. Expected O(1).
    @inlinable
    public func get(_ key: Key, now: Int64 = 0) -> Value? {
        core.get(key) { _, _ in }
    }

    /// Stores `value` at the front, evicting the oldest until it fits.
    /// Expected O(1) amortized.
    @inlinable @discardableResult
    public func set(_ key: Key, _ value: Value, size: Int = 1, now: Int64 = 0) -> Bool {
        core.set(key, value, size: size, extra: (), updated: { _, _ in }, evictOne: { $0.evictBack() }) >= 0
    }

    /// Removes `key`. Expected O(1).
    @inlinable @discardableResult
    public func remove(_ key: Key) -> Value? { core.remove(key) }
}

extension FIFOCache: ReplayableCache where Key == UInt64, Value == Void {
    /// `get`, and on a miss `set`, for each request, with one probe per
    /// request. Expected O(1) per request.
    @inlinable
    public func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>, tally: inout ReplayTally
    ) {
        core.replay(keys: keys, sizes: sizes, tally: &tally, extra: (), hit: { _, _ in }, evictOne: { $0.evictBack() })
    }
}
