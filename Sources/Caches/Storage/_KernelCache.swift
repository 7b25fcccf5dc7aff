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
        _kernel.replay(keys: keys, sizes: sizes, times: times, nextAccess: nil, tally: &tally)
    }
}
