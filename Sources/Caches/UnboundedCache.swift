/// The map that never evicts — the bug cachesim was born to show: on a
/// stream of unique keys its memory grows without end.
///
/// Same slot arrays and index as the other policies (so its speed is
/// comparable), growing by doubling; ``storageBytes`` grows with the
/// entries. Setting a resident key replaces its value and size. Not
/// thread-safe; see ``SynchronizedCache``.
public final class UnboundedCache<Key: CacheKey, Value>: _QueueCoreCache {
    @exclusivity(unchecked) @usableFromInline var core: _QueueCore<Key, Value, Void>
    @inlinable public var _core: _QueueCore<Key, Value, Void> { core }

    /// An empty map. O(1).
    @inlinable
    public init() { core = _QueueCore(capacity: .unbounded) }

    deinit { core.table.destroy() }

    /// The value for `key`. Expected O(1).
    @inlinable
    public func get(_ key: Key, now: Int64 = 0) -> Value? {
        core.get(key) { _, _ in }
    }

    /// Stores `value`; never evicts. Refuses only sizes of 4 GiB or more,
    /// which a slot cannot record. Expected O(1) amortized.
    @inlinable @discardableResult
    public func set(_ key: Key, _ value: Value, size: Int = 1, now: Int64 = 0) -> Bool {
        core.set(key, value, size: size, extra: (), updated: { _, _ in }, evictOne: neverFull) >= 0
    }

    @inlinable
    func neverFull(_ core: inout _QueueCore<Key, Value, Void>) {
        preconditionFailure("an unbounded cache is never full")
    }

    /// Removes `key`. Expected O(1).
    @inlinable @discardableResult
    public func remove(_ key: Key) -> Value? { core.remove(key) }
}

extension UnboundedCache: ReplayableCache where Key == UInt64, Value == Void {
    /// `get`, and on a miss `set`, for each request, with one probe per
    /// request. Expected O(1) per request, amortized over growth.
    @inlinable
    public func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>, tally: inout ReplayTally
    ) {
        core.replay(keys: keys, sizes: sizes, tally: &tally, extra: (), hit: { _, _ in }, evictOne: neverFull)
    }
}
