import Synchronization

/// A policy shared across tasks: every operation takes a lock
/// (`Synchronization.Mutex`) around the wrapped cache.
///
/// ```swift
/// let cache = SynchronizedCache(LRUCache<String, Response>(capacity: 4096))
/// ```
///
/// The simulator drives the unsynchronized core instead; the lock costs
/// tens of nanoseconds uncontended, more under contention.
public final class SynchronizedCache<Wrapped: Cache>: Sendable
where Wrapped.Key: Sendable, Wrapped.Value: Sendable {
    @usableFromInline let mutex: Mutex<Wrapped>

    /// Takes ownership of `cache`: nothing else may use it afterwards.
    @inlinable
    public init(_ cache: sending Wrapped) { mutex = Mutex(cache) }

    /// The value for `key`, as ``Cache/get(_:now:)``. O(1) plus the lock.
    @inlinable
    public func get(_ key: Wrapped.Key, now: Int64 = 0) -> Wrapped.Value? {
        mutex.withLock { $0.get(key, now: now) }
    }

    /// Stores `value`, as ``Cache/set(_:_:size:now:)``. O(1) plus the lock.
    @inlinable @discardableResult
    public func set(_ key: Wrapped.Key, _ value: Wrapped.Value, size: Int = 1, now: Int64 = 0) -> Bool {
        mutex.withLock { $0.set(key, value, size: size, now: now) }
    }

    /// Removes `key`, as ``Cache/remove(_:)``. O(1) plus the lock.
    @inlinable @discardableResult
    public func remove(_ key: Wrapped.Key) -> Wrapped.Value? {
        mutex.withLock { $0.remove(key) }
    }

    /// The cached value for `key`, or else `compute()`'s, stored with
    /// `size`. The lock is not held while computing, so two tasks missing
    /// the same key may both compute it; the later `set` wins.
    @inlinable
    public func value(
        for key: Wrapped.Key, size: Int = 1, now: Int64 = 0, compute: () throws -> Wrapped.Value
    ) rethrows -> Wrapped.Value {
        if let hit = get(key, now: now) { return hit }
        let value = try compute()
        set(key, value, size: size, now: now)
        return value
    }

    /// Runs `body` on the wrapped cache under the lock, for several
    /// operations at once or for its statistics.
    @inlinable
    public func withLock<Result: Sendable>(_ body: (Wrapped) throws -> Result) rethrows -> Result {
        try mutex.withLock { try body($0) }
    }

    /// Resident entries. O(1) plus the lock.
    public var count: Int { withLock { $0.count } }
    /// Entries evicted so far. O(1) plus the lock.
    public var evictions: Int { withLock { $0.evictions } }
}
