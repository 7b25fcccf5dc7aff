/// A policy that keeps its entries — and its ghosts, if it has any — in one
/// ``_SlotTable`` under one ``_CacheBound``, and counts its evictions: ARC,
/// LIRS, S3-FIFO, 2Q, LFU, W-TinyLFU, random and Belady. The extension
/// keeps their statistics, their `remove`, and the steps their `set` share;
/// a policy supplies its storage and how a slot leaves it. An
/// implementation detail; not an API.
public protocol _SlotTableCache: Cache {
    associatedtype _Extra
    /// The storage of the policy's entries and ghosts.
    var _table: _SlotTable<Key, Value, _Extra> { get }
    /// The bound given at creation.
    var _bound: _CacheBound { get }
    /// Entries that lost their value to make room, as the policy counts them.
    var _evictionCount: Int { get }
    /// Unlinks and removes the entry or ghost in `slot` from the policy's
    /// lists and the table, returning the value of a resident entry.
    @discardableResult
    func _removeSlot(_ slot: Int32) -> Value?
}

extension _SlotTableCache {
    /// Resident entries (ghosts not counted). O(1).
    @inlinable public var count: Int { _table.count }
    /// The bound given at creation. O(1).
    @inlinable public var capacity: Capacity { _bound.capacity }
    /// Entries that lost their value to make room — evicted, or turned into
    /// ghosts; removals not counted. O(1).
    @inlinable public var evictions: Int { _evictionCount }
    /// Sum of resident sizes (ghosts not counted). O(1).
    @inlinable public var residentBytes: Int { _table.residentBytes }
    /// Bytes of slot arrays and index, ghosts and spare capacity included.
    /// O(1).
    @inlinable public var storageBytes: Int { _table.storageBytes }

    /// Removes `key`, resident or ghost, returning its value if it was
    /// resident. Expected O(1) (amortized for LIRS); O(log n) for Belady's
    /// heap.
    @inlinable @discardableResult
    public func remove(_ key: Key) -> Value? {
        let slot = _table.find(key, key.cacheHash)
        return slot >= 0 ? _removeSlot(slot) : nil
    }

    /// The steps of `set` the policies share, around the policy's own;
    /// whether the object was admitted.
    ///
    /// `key` is looked up once. If the bound cannot admit `size`, whatever
    /// was found (entry or ghost) is removed and nothing is stored. A
    /// resident entry that takes `size` in place without an eviction goes
    /// to `updateInPlace`, which replaces its value and size and does what
    /// the policy does on a hit; one that does not fit is removed. Then
    /// `insertAbsent` stores the key, given its hash and the slot of the
    /// ghost found for it (`isGhost` tells), or -1. Expected O(1) plus the
    /// hooks.
    @inlinable @inline(__always)
    func store(
        _ key: Key, size: Int, isGhost: (Int32) -> Bool,
        updateInPlace: (Int32) -> Void, insertAbsent: (_ hash: UInt64, _ ghost: Int32) -> Void
    ) -> Bool {
        let hash = key.cacheHash
        let found = _table.find(key, hash)
        guard _bound.admits(size) else {
            if found >= 0 { _removeSlot(found) }
            return false
        }
        var ghost = found
        if found >= 0 && !isGhost(found) {
            if _table.fitsInPlace(found, size: size, within: _bound) {
                updateInPlace(found)
                return true
            }
            _removeSlot(found)
            ghost = -1
        }
        insertAbsent(hash, ghost)
        return true
    }
}
