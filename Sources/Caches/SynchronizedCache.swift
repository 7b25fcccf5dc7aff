#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A policy shared across tasks: every operation takes a lock around the
/// wrapped cache.
///
/// ```swift
/// let cache = SynchronizedCache(LRUCache<String, Response>(capacity: 4096))
/// ```
///
/// The lock is a pthread mutex rather than `Synchronization.Mutex`: on
/// Linux the latter's contended path waits on a futex inside the Swift
/// runtime, which ThreadSanitizer does not instrument, so under contention
/// it reported the wrapped cache's accesses as races. A pthread mutex is
/// what ThreadSanitizer understands, so a race it reports here is real.
///
/// The simulator drives the unsynchronized core instead; the lock costs
/// tens of nanoseconds uncontended, more under contention. `@unchecked
/// Sendable` because the cache, handed over with `sending`, is touched only
/// while the mutex is held.
public final class SynchronizedCache<Wrapped: Cache>: @unchecked Sendable
where Wrapped.Key: Sendable, Wrapped.Value: Sendable {
    /// The wrapped cache; only under `mutex`.
    @usableFromInline let cache: Wrapped
    /// Heap-allocated, because a pthread mutex must not move.
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>

    /// Takes ownership of `cache`: nothing else may use it afterwards.
    public init(_ cache: sending Wrapped) {
        self.cache = cache
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let status = pthread_mutex_init(mutex, nil)
        precondition(status == 0, "pthread_mutex_init failed: \(status)")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// `body` on the cache with the mutex held.
    @inlinable @inline(__always)
    func locked<Result>(_ body: (Wrapped) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(cache)
    }

    /// The value for `key`, as ``Cache/get(_:now:)``. O(1) plus the lock.
    @inlinable
    public func get(_ key: Wrapped.Key, now: Int64 = 0) -> Wrapped.Value? {
        locked { $0.get(key, now: now) }
    }

    /// Stores `value`, as ``Cache/set(_:_:size:now:)``. O(1) plus the lock.
    @inlinable @discardableResult
    public func set(_ key: Wrapped.Key, _ value: Wrapped.Value, size: Int = 1, now: Int64 = 0) -> Bool {
        locked { $0.set(key, value, size: size, now: now) }
    }

    /// Removes `key`, as ``Cache/remove(_:)``. O(1) plus the lock.
    @inlinable @discardableResult
    public func remove(_ key: Wrapped.Key) -> Wrapped.Value? {
        locked { $0.remove(key) }
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
        try locked(body)
    }

    /// Resident entries. O(1) plus the lock.
    public var count: Int { withLock { $0.count } }
    /// Entries evicted so far. O(1) plus the lock.
    public var evictions: Int { withLock { $0.evictions } }
}
