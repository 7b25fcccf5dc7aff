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
public final class TTLCache<Key: CacheKey, Value>: _KernelCache {
    @exclusivity(unchecked) public var _kernel: _PolicyKernel<_TTLPolicy<Key, Value>>

    /// A cache whose entries live `lifetime` nanoseconds (> 0), bounded by
    /// `capacity` (by default only by expiry). O(entries) for an entry
    /// bound, which is reserved up front.
    @inlinable
    public init(lifetime: Int64, capacity: Capacity = .unbounded) {
        precondition(lifetime > 0, "TTLCache: lifetime must be positive, got \(lifetime)")
        _kernel = _PolicyKernel(capacity: capacity) { _ in _TTLPolicy(lifetime: lifetime) }
    }

    /// A cache whose entries live `lifetime`, bounded by `capacity`.
    @inlinable
    public convenience init(lifetime: Duration, capacity: Capacity = .unbounded) {
        let (seconds, attoseconds) = lifetime.components
        self.init(lifetime: seconds * 1_000_000_000 + attoseconds / 1_000_000_000, capacity: capacity)
    }

    deinit { _kernel.destroy() }

    /// Nanoseconds an entry lives after it is set.
    public var lifetime: Int64 { _kernel.policy.lifetime }

    /// Removes every entry expired at `now`. O(1) amortized per entry
    /// removed; every `get` and `set` does this first.
    @inlinable
    public func removeExpired(now: Int64) { _kernel.removeExpired(now: now) }
}

extension TTLCache: ReplayableCache where Key == UInt64, Value == Void {}

/// TTL's rules: the queue is the recency order (for a bounded cache), a
/// second queue through each slot's extra the expiry order. Public only as
/// a type parameter of ``_PolicyKernel``; not an API.
@frozen
public struct _TTLPolicy<Key: CacheKey, Value>: _EvictionPolicy {
    public typealias Extra = _ExpiryStamp
    public typealias Table = _SlotTable<Key, Value, Extra>
    /// Front = most recently used, back = least.
    @usableFromInline var queue = _SlotList()
    /// Front = set last, back = expires first.
    @usableFromInline var expiryQueue = _SlotList()
    @usableFromInline let lifetime: Int64

    @inlinable init(lifetime: Int64) { self.lifetime = lifetime }

    @inlinable @inline(__always)
    func expiryLinks(_ table: Table) -> _ExtraLinks<_ExpiryStamp> { _ExtraLinks(table.extras) }

    @inlinable public static var expires: Bool { true }

    /// Sweeps the expired entries off the back of the expiry queue.
    /// O(1) amortized per entry removed.
    @inlinable @inline(__always)
    public mutating func removeExpired<Report: _ExpiryReport>(
        now: Int64, in table: inout Table, reporting: inout Report
    ) where Report.Key == Key {
        while expiryQueue.count > 0, table.extras[Int(expiryQueue.back)].expiresAt <= now {
            let slot = expiryQueue.back
            reporting.expired(table.keys[Int(slot)])
            unlink(slot, in: &table)
            table.remove(slot)
        }
    }

    @inlinable @inline(__always)
    public func isLive(_ slot: Int32, now: Int64, in table: Table) -> Bool { table.extras[Int(slot)].expiresAt > now }

    /// A live hit moves to the front of the recency order. O(1).
    @inlinable @inline(__always)
    public mutating func hit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {
        queue.moveToFront(slot, table.links)
    }

    /// A set restarts the entry's lifetime and counts as a use. O(1).
    @inlinable @inline(__always)
    public mutating func update(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {
        table.extras[Int(slot)].expiresAt = request.now &+ lifetime
        expiryQueue.remove(slot, expiryLinks(table))
        expiryQueue.pushFront(slot, expiryLinks(table))
        queue.moveToFront(slot, table.links)
    }

    /// The least recently used live entry leaves (the sweep has already
    /// removed the expired ones). O(1).
    @inlinable @inline(__always)
    public mutating func makeRoom(for request: _Request<Key>, ghost: Never?, in table: inout Table) {
        let slot = queue.back
        unlink(slot, in: &table)
        table.remove(slot)
    }

    /// The key enters both queues at the front, expiring `lifetime` from
    /// now. Expected O(1), amortized.
    @inlinable @inline(__always)
    public mutating func insert(_ request: _Request<Key>, _ value: Value, ghost: Never?, in table: inout Table) -> Int32
    {
        let slot = table.insert(request, value, extra: _ExpiryStamp(expiresAt: request.now &+ lifetime))
        queue.pushFront(slot, table.links)
        expiryQueue.pushFront(slot, expiryLinks(table))
        return slot
    }

    @inlinable @inline(__always)
    public mutating func unlink(_ slot: Int32, in table: inout Table) {
        expiryQueue.remove(slot, expiryLinks(table))
        queue.remove(slot, table.links)
    }
}

/// A TTL entry's expiry time and its links in the expiry queue. Public
/// only as a type parameter of ``_SlotTable``; not an API.
@frozen
public struct _ExpiryStamp: _ExtraLinked {
    @usableFromInline var expiresAt: Int64
    @usableFromInline var newer: Int32 = -1
    @usableFromInline var older: Int32 = -1

    @inlinable init(expiresAt: Int64) { self.expiresAt = expiresAt }
}
