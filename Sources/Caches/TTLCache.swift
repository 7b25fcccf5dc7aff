/// Entries expire a fixed `lifetime` after they were set; hits do not
/// extend it. Unbounded in count unless a capacity is given, in which case
/// the least recently used live entry leaves to make room.
///
/// Expired entries really leave memory, two ways: a `get` of an expired
/// key removes it (and misses), and every operation first sweeps the
/// expired entries off the back of an expiry queue. With one lifetime for
/// all, insertion order is expiry order, so that queue is a timer: each
/// entry is swept at most once, O(1) amortized per operation, never a scan.
/// Vacated slots are reused, so on a steady stream the storage settles at
/// arrival rate × lifetime instead of growing.
///
/// Times are the caller's clock in nanoseconds (the workload's virtual
/// time in the simulator) and should not go backwards: the sweep relies on
/// it, though a lookup never returns an expired entry either way. Setting a
/// resident key replaces its value and size and restarts its lifetime.
/// Not thread-safe; see ``SynchronizedCache``.
public final class TTLCache<Key: CacheKey, Value>: _QueueCoreCache {
    /// Per-slot extra: expiry time and links of the expiry queue; the
    /// core's own queue is the recency order.
    @exclusivity(unchecked) @usableFromInline var core: _QueueCore<Key, Value, _ExpiryStamp>
    @inlinable public var _core: _QueueCore<Key, Value, _ExpiryStamp> { core }
    /// Front = set last, back = expires first.
    @exclusivity(unchecked) @usableFromInline var expiryQueue = _SlotList()
    @exclusivity(unchecked) @usableFromInline var expiredCount = 0
    /// Nanoseconds an entry lives after it is set.
    public let lifetime: Int64

    /// A cache whose entries live `lifetime` nanoseconds (> 0), bounded by
    /// `capacity` (by default only by expiry). O(entries) for an entry
    /// bound, which is reserved up front.
    @inlinable
    public init(lifetime: Int64, capacity: Capacity = .unbounded) {
        precondition(lifetime > 0, "TTLCache: lifetime must be positive, got \(lifetime)")
        self.lifetime = lifetime
        core = _QueueCore(capacity: capacity)
    }

    /// A cache whose entries live `lifetime`, bounded by `capacity`.
    @inlinable
    public convenience init(lifetime: Duration, capacity: Capacity = .unbounded) {
        let (seconds, attoseconds) = lifetime.components
        self.init(lifetime: seconds * 1_000_000_000 + attoseconds / 1_000_000_000, capacity: capacity)
    }

    deinit { core.table.destroy() }

    @inlinable var expiryLinks: _ExtraLinks<_ExpiryStamp> { _ExtraLinks(core.table.extras) }

    /// Entries removed because they expired (not evictions). O(1).
    @inlinable public var expirations: Int { expiredCount }

    /// Removes every entry expired at `now`. O(1) amortized per entry
    /// removed; every `get` and `set` does this first.
    @inlinable
    public func removeExpired(now: Int64) {
        while expiryQueue.count > 0, core.table.extras[Int(expiryQueue.back)].expiresAt <= now {
            expire(expiryQueue.back)
        }
    }

    @inlinable
    func expire(_ slot: Int32) {
        expiryQueue.remove(slot, expiryLinks)
        core.removeSlot(slot)
        expiredCount &+= 1
    }

    /// Whether the entry in `slot` is live at `now`: if so it moves to the
    /// front of the recency order, else it expires now.
    @inlinable @inline(__always)
    func touchIfLive(_ slot: Int32, now: Int64) -> Bool {
        guard core.table.extras[Int(slot)].expiresAt > now else {
            expire(slot)
            return false
        }
        core.queue.moveToFront(slot, core.table.links)
        return true
    }

    /// Evicts the least recently used live entry (the sweep has already
    /// removed the expired ones).
    @inlinable @inline(__always)
    func evictLeastRecent(_ core: inout _QueueCore<Key, Value, _ExpiryStamp>) {
        expiryQueue.remove(core.queue.back, _ExtraLinks(core.table.extras))
        core.evictBack()
    }

    /// The value for `key` if set less than `lifetime` before `now`; a
    /// live hit moves it to the front of the recency order. Expected O(1)
    /// plus the sweep.
    @inlinable
    public func get(_ key: Key, now: Int64) -> Value? {
        removeExpired(now: now)
        let slot = core.find(key)
        guard slot >= 0, touchIfLive(slot, now: now) else { return nil }
        return core.table.values[Int(slot)]
    }

    /// Stores `value`, expiring at `now + lifetime`; when bounded, evicts
    /// the least recently used live entries until it fits. Expected O(1)
    /// amortized plus the sweep.
    @inlinable @discardableResult
    public func set(_ key: Key, _ value: Value, size: Int = 1, now: Int64) -> Bool {
        removeExpired(now: now)
        let resident = core.find(key)
        if resident >= 0 { expiryQueue.remove(resident, expiryLinks) }
        let expiresAt = now &+ lifetime
        let slot = core.set(
            key, value, size: size, extra: _ExpiryStamp(expiresAt: expiresAt),
            updated: { core, slot in
                core.table.extras[Int(slot)].expiresAt = expiresAt
                core.queue.moveToFront(slot, core.table.links)
            },
            evictOne: evictLeastRecent)
        guard slot >= 0 else { return false }
        expiryQueue.pushFront(slot, expiryLinks)
        return true
    }

    /// Removes `key`, returning its value if it was resident (even if
    /// expired but not yet swept). Expected O(1).
    @inlinable @discardableResult
    public func remove(_ key: Key) -> Value? {
        let slot = core.find(key)
        guard slot >= 0 else { return nil }
        expiryQueue.remove(slot, expiryLinks)
        return core.removeSlot(slot)
    }
}

extension TTLCache: ReplayableCache where Key == UInt64, Value == Void {
    /// `get`, and on a miss `set`, for each request at its time, with one
    /// probe per request. Expected O(1) per request, amortized.
    @inlinable
    public func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>, tally: inout ReplayTally
    ) {
        tally.record(keys: keys, sizes: sizes) { i in
            let key = keys[i]
            let now = times[i]
            removeExpired(now: now)
            let hash = key.cacheHash
            let slot = core.table.find(key, hash)
            if slot >= 0, touchIfLive(slot, now: now) { return true }
            let size = Int(sizes[i])
            if core.bound.admits(size) {
                let stamp = _ExpiryStamp(expiresAt: now &+ lifetime)
                let slot = core.insertAbsent(key, hash, (), size: size, extra: stamp, evictOne: evictLeastRecent)
                expiryQueue.pushFront(slot, expiryLinks)
            }
            return false
        }
    }
}

/// A TTL entry's expiry time and its links in the expiry queue. Public
/// only as a type parameter of ``_QueueCore``; not an API.
@frozen
public struct _ExpiryStamp: _ExtraLinked {
    @usableFromInline var expiresAt: Int64
    @usableFromInline var newer: Int32 = -1
    @usableFromInline var older: Int32 = -1

    @inlinable init(expiresAt: Int64) { self.expiresAt = expiresAt }
}
