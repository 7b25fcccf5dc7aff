/// A policy class built on one ``_PolicyKernel``: the class holds the
/// kernel, and this protocol gives it the whole ``Cache`` (and, for the
/// simulator's `UInt64` keys without values, ``ReplayableCache``) from the
/// kernel's generic driver. One requirement, the kernel itself. An
/// implementation detail of the policies; not an API.
public protocol _KernelCache: Cache where Key == _Policy.Key, Value == _Policy.Value {
    associatedtype _Policy: _EvictionPolicy
    /// The storage, rules and counts of the cache.
    var _kernel: _PolicyKernel<_Policy> { get set }
}

extension _KernelCache {
    /// The value for `key` if resident (and live at `now`); a hit updates
    /// the policy's bookkeeping. Expected O(1) plus the policy's work.
    @inlinable
    public func get(_ key: Key, now: Int64 = 0) -> Value? { _kernel.get(key, now: now, next: .max) }

    /// Stores `value`, weighing `size`, evicting as the policy says until
    /// it fits; `false` when not admitted. Expected O(1) amortized plus the
    /// policy's work.
    @inlinable @discardableResult
    public func set(_ key: Key, _ value: Value, size: Int = 1, now: Int64 = 0) -> Bool {
        _kernel.set(key, value, size: size, now: now, next: .max)
    }

    /// Stores `value` as ``set(_:_:size:now:)`` does, living `lifetime`
    /// nanoseconds from `now` (0: for ever) once ``honourLifetimes()`` is
    /// on — as Redis's `SET … PX` or memcached's exptime; a resident key's
    /// lifetime restarts. Without it the lifetime is ignored.
    @inlinable @discardableResult
    public func set(_ key: Key, _ value: Value, size: Int = 1, now: Int64 = 0, lifetime: Int64) -> Bool {
        _kernel.set(key, value, size: size, now: now, next: .max, lifetime: lifetime)
    }

    /// Makes each later set's `lifetime` count, whatever the policy: an
    /// entry then leaves, as an expiration, at the first operation at or
    /// after its time. Only an empty cache can start; returns whether the
    /// cache honours lifetimes now. Costs 8 bytes a slot and a heap record
    /// for each entry with a lifetime (the heap is rebuilt past twice the
    /// entries).
    @inlinable @discardableResult
    public func honourLifetimes() -> Bool { _kernel.honourLifetimes() }

    /// Removes `key` (resident, or a ghost), returning its value if it was
    /// resident. Expected O(1) plus the policy's unlinking.
    @inlinable @discardableResult
    public func remove(_ key: Key) -> Value? { _kernel.remove(key) }

    /// Whether `key` is resident and live at `now`; nothing moves and
    /// nothing is counted. Expected O(1).
    @inlinable
    public func contains(_ key: Key, now: Int64 = 0) -> Bool { _kernel.contains(key, now: now) }

    /// Resident entries (ghosts not counted). O(1).
    @inlinable public var count: Int { _kernel.count }
    /// The bound given at creation. O(1).
    @inlinable public var capacity: Capacity { _kernel.capacity }
    /// Resident entries that left to make room, or became ghosts; removals
    /// and expiries not counted. O(1).
    @inlinable public var evictions: Int { _kernel.evictionCount }
    /// Entries removed because they expired. O(1).
    @inlinable public var expirations: Int { _kernel.expirationCount }
    /// Sum of resident sizes (ghosts not counted). O(1).
    @inlinable public var residentBytes: Int { _kernel.residentBytes }
    /// Bytes of slot arrays, index and the policy's own storage, ghosts
    /// and spare capacity included. O(1).
    @inlinable public var storageBytes: Int { _kernel.storageBytes }
}

extension _KernelCache where Self: ReplayableCache, Key == UInt64, Value == Void {
    /// For each request, `get`, and on a miss `set`, through the kernel's
    /// one-probe loop. Expected O(1) per request plus the policy's work.
    @inlinable
    public func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>, tally: inout ReplayTally
    ) {
        guard _kernel.lifetimes == nil else {
            return _replayHonouringLifetimes(keys: keys, sizes: sizes, times: times, tally: &tally)
        }
        _kernel.replay(keys: keys, sizes: sizes, times: times, nextAccess: nil, tally: &tally)
    }

    /// The plain replay of a cache that honours lifetimes (none given: only
    /// what earlier sets gave expires), out of line so that the plain loop
    /// above compiles as it would alone: inlined there, it cost the loop
    /// 1–4 % in instructions a request.
    @inlinable @inline(never)
    func _replayHonouringLifetimes(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>, tally: inout ReplayTally
    ) {
        var log = ReplayLog()
        _kernel.replay(keys: keys, sizes: sizes, times: times, lifetimes: nil, log: &log, tally: &tally)
    }

    /// For each request, the entries due leave, then `get`, and on a miss
    /// `set` with the request's lifetime, logging misses and expiries.
    /// Expected O(1) per request plus the policy's work.
    @inlinable
    public func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>, lifetimes: UnsafeBufferPointer<Int64>?, log: inout ReplayLog,
        tally: inout ReplayTally
    ) {
        _kernel.replay(keys: keys, sizes: sizes, times: times, lifetimes: lifetimes, log: &log, tally: &tally)
    }

    /// One set living `lifetime` (0: for ever) when lifetimes are honoured.
    @inlinable
    public func admit(_ key: UInt64, size: Int, now: Int64, lifetime: Int64) {
        _ = _kernel.set(key, (), size: size, now: now, next: .max, lifetime: lifetime)
    }

    /// Whether entries can expire (the policy's own lifetimes, or each
    /// entry's). O(1).
    @inlinable public var expires: Bool { _kernel.expires }

    /// Removes every entry expired by `now`, logging each before
    /// `position`. O(1) amortized per entry removed.
    @inlinable
    public func removeExpired(now: Int64, position: Int32, log: inout ReplayLog) {
        _kernel.removeExpired(now: now, position: position, log: &log)
    }

    /// Entries removed because they expired. O(1).
    @inlinable public var expirations: Int { _kernel.expirationCount }

    /// Makes each later set's lifetime count; see ``honourLifetimes()``.
    @inlinable @discardableResult
    public func honourLifetimes() -> Bool { _kernel.honourLifetimes() }
}
