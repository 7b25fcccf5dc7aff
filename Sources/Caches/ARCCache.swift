/// ARC, the Adaptive Replacement Cache (Megiddo & Modha, FAST '03).
///
/// Two LRU lists of residents — T1 for keys seen once recently, T2 for keys
/// seen at least twice — and two ghost lists remembering the keys recently
/// evicted from each, B1 and B2. A target `p` for T1's share adapts to the
/// traffic: a miss found in B1 says T1 was too small and raises `p` by
/// max(|B2|/|B1|, 1); one found in B2 lowers it by max(|B1|/|B2|, 1).
///
/// - Hit in T1 or T2: to T2's front.
/// - Miss found in B1 or B2: `p` adapts, the ghost is dropped, REPLACE makes
///   room, and the key enters T2.
/// - Other miss: if T1 ∪ B1 would pass the capacity c, B1's oldest ghost
///   is dropped and REPLACE runs (or, with B1 empty, T1's oldest is
///   evicted outright); else, if all four lists hold 2c, B2's oldest ghost
///   is dropped and REPLACE runs. The key enters T1.
/// - REPLACE: if T1 is not empty and outweighs `p` (or equals it and the
///   key was found in B2), or T2 is empty, T1's oldest becomes B1's newest
///   ghost; else T2's oldest becomes B2's newest ghost.
///
/// This is the paper's algorithm as libCacheSim's `ARC.c` implements it:
/// `p` and the ratios are real numbers, sizes are counted in the
/// capacity's unit (entries, or bytes), and REPLACE (or the case IV
/// eviction) runs once per entry that must make room. Ghosts hold a key and size but no
/// value, in the same slot table and index as resident entries; up to c of
/// them, so slots for 2c entries are reserved: with `UInt64` keys and no
/// values, about 74 bytes per resident entry, ghosts included.
///
/// Setting a
/// resident key replaces its value and size in place and counts as a hit.
/// Not thread-safe; see ``SynchronizedCache``.
public final class ARCCache<Key: CacheKey, Value>: _SlotTableCache {
    /// Per-slot extra: which list the slot is in.
    @exclusivity(unchecked) @usableFromInline var table: _SlotTable<Key, Value, _ARCList>
    @exclusivity(unchecked) @usableFromInline var lists = (_SlotList(), _SlotList(), _SlotList(), _SlotList())
    /// Weights of T1, T2, B1, B2, in the capacity's unit.
    @exclusivity(unchecked) @usableFromInline var weights = (0, 0, 0, 0)
    /// The adaptive target `p` for T1's weight; fractional, as in
    /// libCacheSim (and the paper's reals).
    @exclusivity(unchecked) @usableFromInline var target = 0.0
    @exclusivity(unchecked) @usableFromInline var evictionCount = 0
    @usableFromInline let bound: _CacheBound
    /// c, in the capacity's unit.
    @usableFromInline let total: Int
    @inlinable public var _table: _SlotTable<Key, Value, _ARCList> { table }
    @inlinable public var _bound: _CacheBound { bound }
    @inlinable public var _evictionCount: Int { evictionCount }

    /// A cache bounded by `capacity`. O(entries) for an entry bound, which
    /// is reserved up front together with room for as many ghosts.
    @inlinable
    public init(capacity: Capacity) {
        bound = _CacheBound(capacity)
        total = bound.maximumWeight
        let ghostSlots = bound.countsBytes ? 0 : Swift.min(bound.maximumCount, 1 << 24)
        table = _SlotTable(slots: bound.initialSlots + ghostSlots)
    }

    /// A cache of at most `capacity` entries.
    @inlinable
    public convenience init(capacity: Int) { self.init(capacity: .entries(capacity)) }

    deinit { table.destroy { table.extras[Int($0)].isResident } }

    /// Ghost keys remembered in B1 and B2. O(1).
    public var ghostCount: Int { table.ghostCount }

    @inlinable @inline(__always)
    func weight(_ slot: Int32) -> Int { bound.weight(table.sizes[Int(slot)]) }

    @inlinable @inline(__always)
    func withList<R>(_ list: _ARCList, _ body: (inout _SlotList, inout Int) -> R) -> R {
        switch list {
        case .t1: body(&lists.0, &weights.0)
        case .t2: body(&lists.1, &weights.1)
        case .b1: body(&lists.2, &weights.2)
        case .b2: body(&lists.3, &weights.3)
        }
    }

    /// Links `slot` at the front of `list`, tagging it. O(1).
    @inlinable @inline(__always)
    func link(_ slot: Int32, into list: _ARCList) {
        table.extras[Int(slot)] = list
        let w = weight(slot)
        let links = table.links
        withList(list) { queue, queueWeight in
            queue.pushFront(slot, links)
            queueWeight &+= w
        }
    }

    /// Unlinks `slot` from whichever list holds it. O(1).
    @inlinable @inline(__always)
    func unlink(_ slot: Int32) {
        let w = weight(slot)
        let links = table.links
        withList(table.extras[Int(slot)]) { queue, queueWeight in
            queue.remove(slot, links)
            queueWeight &-= w
        }
    }

    @inlinable @inline(__always)
    func oldest(_ list: _ARCList) -> Int32 { withList(list) { queue, _ in queue.back } }

    /// A hit: the entry goes to T2's front. O(1).
    @inlinable @inline(__always)
    func hit(_ slot: Int32) {
        if table.extras[Int(slot)] == .t2 {
            lists.1.moveToFront(slot, table.links)
        } else {
            unlink(slot)
            link(slot, into: .t2)
        }
    }

    /// The paper's REPLACE: T1's or T2's oldest entry becomes a ghost.
    @inlinable
    func replace(foundInB2: Bool) {
        let t1 = Double(weights.0)
        let preferT1 = weights.0 > 0 && (t1 > target || (t1 == target && foundInB2)) || weights.1 == 0
        let victim = preferT1 && !lists.0.isEmpty || lists.1.isEmpty ? lists.0.back : lists.1.back
        let ghostList: _ARCList = table.extras[Int(victim)] == .t1 ? .b1 : .b2
        unlink(victim)
        table.demoteToGhost(victim)
        link(victim, into: ghostList)
        evictionCount &+= 1
    }

    /// Drops the oldest ghost of `list` (B1 or B2). O(1).
    @inlinable
    func dropOldestGhost(_ list: _ARCList) {
        let ghost = oldest(list)
        unlink(ghost)
        table.removeGhost(ghost)
    }

    /// Makes room for one more entry of weight `incoming` on a miss that
    /// no ghost remembered (libCacheSim's `ARC_evict`).
    @inlinable
    func makeRoomForNewKey(_ incoming: Int) {
        if weights.0 &+ weights.2 &+ incoming > total {
            if weights.2 > 0 {
                dropOldestGhost(.b1)
                replace(foundInB2: false)
            } else if !lists.0.isEmpty {
                let victim = lists.0.back
                unlink(victim)
                table.remove(victim)
                evictionCount &+= 1
            } else {
                replace(foundInB2: false)
            }
        } else {
            if weights.0 &+ weights.1 &+ weights.2 &+ weights.3 >= 2 &* total && !lists.3.isEmpty {
                dropOldestGhost(.b2)
            }
            replace(foundInB2: false)
        }
    }

    /// Stores `key` — absent, of an admissible size, its ghost (if any)
    /// already dropped — at the front of T2 if a ghost remembered it, else
    /// of T1, after making room. Expected O(1) amortized.
    @inlinable @inline(__always)
    func insertAbsent(_ key: Key, _ hash: UInt64, _ value: Value, size: Int, foundIn ghost: _ARCList?) {
        while bound.isFull(count: table.count, residentBytes: table.residentBytes, adding: size) {
            if let ghost {
                replace(foundInB2: ghost == .b2)
            } else {
                makeRoomForNewKey(bound.weight(UInt32(size)))
            }
        }
        let slot = table.insert(key, hash, value: value, size: UInt32(size), extra: .t1)
        link(slot, into: ghost == nil ? .t1 : .t2)
    }

    /// Adapts the target to a miss found in ghost `slot` and drops the
    /// ghost; returns its list.
    @inlinable @inline(__always)
    func adapt(toGhost slot: Int32) -> _ARCList {
        let list = table.extras[Int(slot)]
        let (b1, b2) = (Double(weights.2), Double(weights.3))
        if list == .b1 {
            target = Swift.min(target + Swift.max(b1 > 0 ? b2 / b1 : 1, 1), Double(total))
        } else {
            target = Swift.max(target - Swift.max(b2 > 0 ? b1 / b2 : 1, 1), 0)
        }
        unlink(slot)
        table.removeGhost(slot)
        return list
    }

    /// Unlinks and removes the entry or ghost in `slot`, returning the
    /// value of a resident entry.
    @inlinable @discardableResult
    func removeSlot(_ slot: Int32) -> Value? {
        let resident = table.extras[Int(slot)].isResident
        unlink(slot)
        if resident { return table.remove(slot) }
        table.removeGhost(slot)
        return nil
    }

    @inlinable public func _removeSlot(_ slot: Int32) -> Value? { removeSlot(slot) }

    /// The value for `key` if resident, moving it to T2's front. A ghost is
    /// a miss; the adaptation happens when the key is set. Expected O(1).
    @inlinable
    public func get(_ key: Key, now: Int64 = 0) -> Value? {
        let slot = table.find(key, key.cacheHash)
        guard slot >= 0, table.extras[Int(slot)].isResident else { return nil }
        hit(slot)
        return table.values[Int(slot)]
    }

    /// Stores `value` in T2 if a ghost remembers `key` (adapting the
    /// target), else in T1, making room first. Expected O(1) amortized.
    @inlinable @discardableResult
    public func set(_ key: Key, _ value: Value, size: Int = 1, now: Int64 = 0) -> Bool {
        store(
            key, size: size, isGhost: { !table.extras[Int($0)].isResident },
            updateInPlace: { found in
                unlink(found)
                table.replace(found, value: value, size: UInt32(size))
                link(found, into: .t2)
            },
            insertAbsent: { hash, ghost in
                insertAbsent(key, hash, value, size: size, foundIn: ghost >= 0 ? adapt(toGhost: ghost) : nil)
            })
    }
}

extension ARCCache: ReplayableCache where Key == UInt64, Value == Void {
    /// `get`, and on a miss `set`, for each request, with one probe per
    /// request. Expected O(1) per request, amortized.
    @inlinable
    public func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>, tally: inout ReplayTally
    ) {
        tally.record(keys: keys, sizes: sizes) { i in
            let key = keys[i]
            let hash = key.cacheHash
            let found = table.find(key, hash)
            var ghost: _ARCList? = nil
            if found >= 0 {
                if table.extras[Int(found)].isResident {
                    hit(found)
                    return true
                }
                ghost = adapt(toGhost: found)
            }
            let size = Int(sizes[i])
            if bound.admits(size) { insertAbsent(key, hash, (), size: size, foundIn: ghost) }
            return false
        }
    }
}

/// Which of ARC's lists a slot is in. Public only as a type parameter of
/// ``_SlotTable``; not an API.
@frozen
public enum _ARCList: UInt8 {
    case t1, t2, b1, b2
    @inlinable var isResident: Bool { self == .t1 || self == .t2 }
}
