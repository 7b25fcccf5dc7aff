/// SIEVE (Zhang et al., NSDI '24): a FIFO queue with one visited bit per
/// entry and a hand that keeps its position between evictions.
///
/// New keys enter at the front (newest end) with the bit clear; a hit sets
/// it and moves nothing. To make room the hand, starting where it last
/// stopped (or at the oldest entry), walks towards the newest: a set bit is
/// cleared and the hand moves on, wrapping from the newest back to the
/// oldest; the first entry with a clear bit is evicted and the hand rests on
/// its newer neighbour. Unlike CLOCK, survivors are not moved: the queue
/// keeps insertion order, so new keys that are never hit leave quickly.
///
/// This is the rule of the paper and of libCacheSim's `Sieve.c`. Setting a
/// resident key replaces its value and size in place and counts as a visit.
/// About 38 bytes an entry for `UInt64` keys and no values. Not
/// thread-safe; see ``SynchronizedCache``.
public final class SieveCache<Key: CacheKey, Value>: _QueueCoreCache {
    /// Per-slot extra: the visited bit.
    @exclusivity(unchecked) @usableFromInline var core: _QueueCore<Key, Value, Bool>
    @inlinable public var _core: _QueueCore<Key, Value, Bool> { core }
    /// The slot the hand rests on, or -1 to start from the oldest entry.
    @exclusivity(unchecked) @usableFromInline var hand: Int32 = -1

    /// A cache bounded by `capacity`. O(entries) for an entry bound, which
    /// is reserved up front.
    @inlinable
    public init(capacity: Capacity) { core = _QueueCore(capacity: capacity) }

    /// A cache of at most `capacity` entries.
    @inlinable
    public convenience init(capacity: Int) { self.init(capacity: .entries(capacity)) }

    deinit { core.table.destroy() }

    @inlinable @inline(__always)
    func visit(_ core: inout _QueueCore<Key, Value, Bool>, _ slot: Int32) {
        core.table.extras[Int(slot)] = true
    }

    /// Moves the hand past visited entries, clearing their bits, and
    /// evicts the first unvisited one. Amortized O(1): each step of the
    /// hand clears a bit some hit set.
    @inlinable @inline(__always)
    func sweep(_ core: inout _QueueCore<Key, Value, Bool>) {
        var slot = hand >= 0 ? hand : core.queue.back
        while core.table.extras[Int(slot)] {
            core.table.extras[Int(slot)] = false
            slot = core.table.links.newer(slot)
            if slot < 0 { slot = core.queue.back }
        }
        hand = core.table.links.newer(slot)
        core.evict(slot)
    }

    /// Moves the hand off `slot` before it leaves the queue.
    @inlinable @inline(__always)
    func releaseHand(from slot: Int32) {
        if slot >= 0 && slot == hand { hand = core.table.links.newer(slot) }
    }

    /// The value for `key`, setting its visited bit. Expected O(1).
    @inlinable
    public func get(_ key: Key, now: Int64 = 0) -> Value? { core.get(key, hit: visit) }

    /// Stores `value` at the front with its bit clear, sweeping until it
    /// fits. Expected O(1) amortized.
    @inlinable @discardableResult
    public func set(_ key: Key, _ value: Value, size: Int = 1, now: Int64 = 0) -> Bool {
        let resident = core.find(key)
        if resident >= 0 && !core.keepsInPlace(resident, size: size) { releaseHand(from: resident) }
        return core.set(key, value, size: size, extra: false, updated: visit, evictOne: sweep) >= 0
    }

    /// Removes `key`. Expected O(1).
    @inlinable @discardableResult
    public func remove(_ key: Key) -> Value? {
        let slot = core.find(key)
        guard slot >= 0 else { return nil }
        releaseHand(from: slot)
        return core.removeSlot(slot)
    }
}

extension SieveCache: ReplayableCache where Key == UInt64, Value == Void {
    /// `get`, and on a miss `set`, for each request, with one probe per
    /// request. Expected O(1) per request, amortized.
    @inlinable
    public func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>, tally: inout ReplayTally
    ) {
        core.replay(keys: keys, sizes: sizes, tally: &tally, extra: false, hit: visit, evictOne: sweep)
    }
}
