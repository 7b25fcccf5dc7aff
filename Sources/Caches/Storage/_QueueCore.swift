/// The machinery shared by the policies that keep their resident entries in
/// one queue — LRU, FIFO, CLOCK, TTL and the unbounded map: a slot table,
/// the queue threaded through its links (front = newest), the bound, and
/// the eviction count. A policy supplies only what differs: what a hit does,
/// what an update does, and which entry leaves to make room.
///
/// Public only so that ``_QueueCoreCache`` can share the policies' statistics
/// and clients can inline them; not an API.
@frozen
public struct _QueueCore<Key: CacheKey, Value, Extra> {
    @usableFromInline var table: _SlotTable<Key, Value, Extra>
    @usableFromInline var queue = _SlotList()
    @usableFromInline let bound: _CacheBound
    @usableFromInline var evictions = 0

    @inlinable
    init(capacity: Capacity) {
        bound = _CacheBound(capacity)
        table = _SlotTable(slots: bound.initialSlots)
    }

    /// The slot of resident `key`, or -1. Expected O(1).
    @inlinable @inline(__always)
    func find(_ key: Key) -> Int32 { table.find(key, key.cacheHash) }

    /// The value of resident `key` after `hit` updated the policy's
    /// bookkeeping for its slot, or `nil`. Expected O(1) plus `hit`.
    @inlinable @inline(__always)
    mutating func get(_ key: Key, hit: (inout Self, Int32) -> Void) -> Value? {
        let slot = find(key)
        guard slot >= 0 else { return nil }
        hit(&self, slot)
        return table.values[Int(slot)]
    }

    /// Stores `value` for `key` and returns its slot, or -1 when the object
    /// is not admitted (a resident entry for `key` is then removed).
    ///
    /// A resident key whose new size fits without evicting anything is
    /// updated in place and `updated` runs on its slot; otherwise it is
    /// removed and stored anew at the front. Before a new entry is linked at
    /// the front, `evictOne` runs until the bound leaves room; it must
    /// evict at least one entry per call (``evictBack()`` does).
    /// Expected O(1) plus the evictions.
    @inlinable @inline(__always)
    mutating func set(
        _ key: Key, _ value: Value, size: Int, extra: Extra,
        updated: (inout Self, Int32) -> Void, evictOne: (inout Self) -> Void
    ) -> Int32 {
        let hash = key.cacheHash
        let resident = table.find(key, hash)
        guard bound.admits(size) else {
            if resident >= 0 { removeSlot(resident) }
            return -1
        }
        if resident >= 0 {
            if keepsInPlace(resident, size: size) {
                table.replace(resident, value: value, size: UInt32(size))
                updated(&self, resident)
                return resident
            }
            removeSlot(resident)
        }
        return insertAbsent(key, hash, value, size: size, extra: extra, evictOne: evictOne)
    }

    /// Whether setting the resident entry in `slot` to `size` bytes updates
    /// it in place: the size is admissible and fits beside the others
    /// without an eviction. O(1).
    @inlinable @inline(__always)
    func keepsInPlace(_ slot: Int32, size: Int) -> Bool {
        bound.admits(size) && table.fitsInPlace(slot, size: size, within: bound)
    }

    /// Links a new entry for `key` — absent, and of an admissible size — at
    /// the front after `evictOne` made room, and returns its slot.
    /// Expected O(1) plus the evictions.
    @inlinable @inline(__always)
    mutating func insertAbsent(
        _ key: Key, _ hash: UInt64, _ value: Value, size: Int, extra: Extra, evictOne: (inout Self) -> Void
    ) -> Int32 {
        while bound.isFull(count: table.count, residentBytes: table.residentBytes, adding: size) {
            evictOne(&self)
        }
        let slot = table.insert(key, hash, value: value, size: UInt32(size), extra: extra)
        queue.pushFront(slot, table.links)
        return slot
    }

    /// Evicts the back (oldest) entry of the queue, which must not be
    /// empty. Expected O(1).
    @inlinable @inline(__always)
    mutating func evictBack() { evict(queue.back) }

    /// Evicts the resident entry in `slot`, counting the eviction.
    /// Expected O(1).
    @inlinable @inline(__always)
    mutating func evict(_ slot: Int32) {
        removeSlot(slot)
        evictions &+= 1
    }

    /// Unlinks and removes the resident entry in `slot`, returning its
    /// value. Expected O(1).
    @inlinable @inline(__always)
    @discardableResult
    mutating func removeSlot(_ slot: Int32) -> Value {
        queue.remove(slot, table.links)
        return table.remove(slot)
    }

    /// Removes `key`, returning its value if it was resident. Expected O(1).
    @inlinable
    mutating func remove(_ key: Key) -> Value? {
        let slot = find(key)
        return slot >= 0 ? removeSlot(slot) : nil
    }
}

extension _QueueCore where Key == UInt64, Value == Void {
    /// The simulator's loop for policies whose hits ignore time: `get`, and
    /// on a miss `set`, with one hash and one probe per request. Hit counts
    /// are those of ``get(_:hit:)`` then ``set(_:_:size:extra:updated:evictOne:)``.
    @inlinable @inline(__always)
    mutating func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>, tally: inout ReplayTally,
        extra: Extra, hit: (inout Self, Int32) -> Void, evictOne: (inout Self) -> Void
    ) {
        tally.record(keys: keys, sizes: sizes) { i in
            let key = keys[i]
            let hash = key.cacheHash
            let slot = table.find(key, hash)
            if slot >= 0 {
                hit(&self, slot)
                return true
            }
            let size = Int(sizes[i])
            if bound.admits(size) {
                _ = insertAbsent(key, hash, (), size: size, extra: extra, evictOne: evictOne)
            }
            return false
        }
    }
}

/// A policy built on one ``_QueueCore``, which keeps its statistics. An
/// implementation detail shared by LRU, FIFO, CLOCK, TTL and the unbounded
/// map; not an API.
public protocol _QueueCoreCache: Cache {
    associatedtype _Extra
    /// The storage and queue the policy drives.
    var _core: _QueueCore<Key, Value, _Extra> { get }
}

extension _QueueCoreCache {
    /// Resident entries. O(1).
    @inlinable public var count: Int { _core.table.count }
    /// The bound given at creation. O(1).
    @inlinable public var capacity: Capacity { _core.bound.capacity }
    /// Entries evicted to make room (removals and expiries not counted). O(1).
    @inlinable public var evictions: Int { _core.evictions }
    /// Sum of resident sizes. O(1).
    @inlinable public var residentBytes: Int { _core.table.residentBytes }
    /// Bytes of slot arrays, per-slot extras and index, spare capacity
    /// included. O(1).
    @inlinable public var storageBytes: Int { _core.table.storageBytes }
}
