/// A cache that holds nothing: every `get` misses and every `set` is
/// refused. Replaying through it measures the replay loop alone — the floor
/// every speed figure should be read against. Registered as `noop`, a
/// reference policy (``PolicyCapabilities/isReference``) that reports leave
/// out of hit-ratio charts.
public final class NoOpCache<Key: CacheKey, Value>: Cache {
    /// A cache that holds nothing. O(1).
    @inlinable public init() {}

    /// Always `nil`. O(1).
    @inlinable @inline(__always)
    public func get(_ key: Key, now: Int64 = 0) -> Value? { nil }

    /// Stores nothing; returns `false`. O(1).
    @inlinable @inline(__always) @discardableResult
    public func set(_ key: Key, _ value: Value, size: Int = 1, now: Int64 = 0) -> Bool { false }

    /// Always `nil`. O(1).
    @inlinable @discardableResult
    public func remove(_ key: Key) -> Value? { nil }

    /// Always `false`. O(1).
    @inlinable
    public func contains(_ key: Key, now: Int64 = 0) -> Bool { false }

    /// Always 0.
    @inlinable public var count: Int { 0 }
    /// Always `.entries(0)`.
    @inlinable public var capacity: Capacity { .entries(0) }

    /// Always 0.
    @inlinable public var evictions: Int { 0 }
    /// Always 0.
    @inlinable public var residentBytes: Int { 0 }
    /// Always 0.
    @inlinable public var storageBytes: Int { 0 }
}

extension NoOpCache: ReplayableCache where Key == UInt64, Value == Void {}
