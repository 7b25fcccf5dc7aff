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
/// eviction) runs once per entry that must make room. An object too large
/// for the whole cache is not admitted and adapts nothing: its ghost, if
/// any, is dropped. Ghosts hold a key and size but no value, in the same
/// slot table and index as resident entries; up to c of them, so slots for
/// 2c entries are reserved: with `UInt64` keys and no values, about 74
/// bytes per resident entry, ghosts included.
///
/// Setting a resident key replaces its value and size in place and counts
/// as a hit. Not thread-safe; see ``SynchronizedCache``.
public final class ARCCache<Key: CacheKey, Value>: _KernelCache {
    @exclusivity(unchecked) public var _kernel: _PolicyKernel<_ARCPolicy<Key, Value>>

    /// A cache bounded by `capacity`. O(entries) for an entry bound, which
    /// is reserved up front together with room for as many ghosts.
    @inlinable
    public init(capacity: Capacity) { _kernel = _PolicyKernel(capacity: capacity) { _ARCPolicy(bound: $0) } }

    deinit { _kernel.destroy() }

    /// Ghost keys remembered in B1 and B2. O(1).
    public var ghostCount: Int { _kernel.ghostCount }
}

extension ARCCache: ReplayableCache where Key == UInt64, Value == Void {}

/// ARC's rules; each slot's extra says which of the four lists it is in.
/// Public only as a type parameter of ``_PolicyKernel``; not an API.
@frozen
public struct _ARCPolicy<Key: CacheKey, Value>: _EvictionPolicy {
    public typealias Extra = _ARCList
    public typealias Table = _SlotTable<Key, Value, Extra>
    /// The ghost list a miss was found in.
    public typealias Ghost = _ARCList
    /// T1, T2, B1, B2, indexed by ``_ARCList``.
    @usableFromInline var lists = (_WeightedList(), _WeightedList(), _WeightedList(), _WeightedList())
    /// The adaptive target `p` for T1's weight; fractional, as in
    /// libCacheSim (and the paper's reals).
    @usableFromInline var target = 0.0
    @usableFromInline let bound: _CacheBound
    /// c, in the capacity's unit.
    @usableFromInline let total: Int

    @inlinable
    init(bound: _CacheBound) {
        self.bound = bound
        total = bound.maximumWeight
    }

    @inlinable public var reservedGhostSlots: Int { bound.countsBytes ? 0 : Swift.min(bound.maximumCount, 1 << 24) }

    @inlinable @inline(__always)
    public func isResident(_ slot: Int32, in table: Table) -> Bool { table.extras[Int(slot)].isResident }

    @inlinable @inline(__always)
    mutating func withList<R>(_ list: _ARCList, _ body: (inout _WeightedList) -> R) -> R {
        switch list {
        case .t1: body(&lists.0)
        case .t2: body(&lists.1)
        case .b1: body(&lists.2)
        case .b2: body(&lists.3)
        }
    }

    /// Links `slot` at the front of `list`, tagging it. O(1).
    @inlinable @inline(__always)
    mutating func link(_ slot: Int32, into list: _ARCList, in table: Table) {
        table.extras[Int(slot)] = list
        withList(list) { [bound] in $0.pushFront(slot, in: table, bound: bound) }
    }

    /// Unlinks `slot` from whichever list holds it. O(1).
    @inlinable @inline(__always)
    public mutating func unlink(_ slot: Int32, in table: inout Table) {
        withList(table.extras[Int(slot)]) { [table, bound] in $0.remove(slot, in: table, bound: bound) }
    }

    /// A hit: the entry goes to T2's front. O(1).
    @inlinable @inline(__always)
    public mutating func hit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {
        if table.extras[Int(slot)] == .t2 {
            lists.1.moveToFront(slot, in: table)
        } else {
            unlink(slot, in: &table)
            link(slot, into: .t2, in: table)
        }
    }

    @inlinable @inline(__always)
    public mutating func resize(_ slot: Int32, to newSize: Int, in table: inout Table) {
        withList(table.extras[Int(slot)]) { [table, bound] in $0.resize(slot, to: newSize, in: table, bound: bound) }
    }

    /// A miss found in a ghost list adapts the target and drops the ghost.
    /// O(1).
    @inlinable @inline(__always)
    public mutating func ghostHit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) -> _ARCList {
        let list = table.extras[Int(slot)]
        let (b1, b2) = (Double(lists.2.weight), Double(lists.3.weight))
        if list == .b1 {
            target = Swift.min(target + Swift.max(b1 > 0 ? b2 / b1 : 1, 1), Double(total))
        } else {
            target = Swift.max(target - Swift.max(b2 > 0 ? b1 / b2 : 1, 1), 0)
        }
        unlink(slot, in: &table)
        table.removeGhost(slot)
        return list
    }

    /// The paper's REPLACE: T1's or T2's oldest entry becomes a ghost. O(1).
    @inlinable
    mutating func replace(foundInB2: Bool, in table: inout Table) {
        let t1 = Double(lists.0.weight)
        let preferT1 = lists.0.weight > 0 && (t1 > target || (t1 == target && foundInB2)) || lists.1.weight == 0
        let victim = preferT1 && !lists.0.isEmpty || lists.1.isEmpty ? lists.0.back : lists.1.back
        let ghostList: _ARCList = table.extras[Int(victim)] == .t1 ? .b1 : .b2
        unlink(victim, in: &table)
        table.demoteToGhost(victim)
        link(victim, into: ghostList, in: table)
    }

    /// Drops the oldest ghost of `list` (B1 or B2). O(1).
    @inlinable
    mutating func dropOldestGhost(_ list: _ARCList, in table: inout Table) {
        let ghost = withList(list) { $0.back }
        unlink(ghost, in: &table)
        table.removeGhost(ghost)
    }

    /// One step of making room: REPLACE for a key a ghost remembered;
    /// for any other, libCacheSim's `ARC_evict` (cases IV A and B). O(1).
    @inlinable
    public mutating func makeRoom(for request: _Request<Key>, ghost: _ARCList?, in table: inout Table) {
        if let ghost { return replace(foundInB2: ghost == .b2, in: &table) }
        let incoming = bound.weight(UInt32(request.size))
        if lists.0.weight &+ lists.2.weight &+ incoming > total {
            if lists.2.weight > 0 {
                dropOldestGhost(.b1, in: &table)
                replace(foundInB2: false, in: &table)
            } else if !lists.0.isEmpty {
                let victim = lists.0.back
                unlink(victim, in: &table)
                table.remove(victim)
            } else {
                replace(foundInB2: false, in: &table)
            }
        } else {
            let all = lists.0.weight &+ lists.1.weight &+ lists.2.weight &+ lists.3.weight
            if all >= 2 &* total && !lists.3.isEmpty { dropOldestGhost(.b2, in: &table) }
            replace(foundInB2: false, in: &table)
        }
    }

    /// A key a ghost remembered enters T2; any other, T1. O(1) amortized.
    @inlinable @inline(__always)
    public mutating func insert(
        _ request: _Request<Key>, _ value: Value, ghost: _ARCList?, in table: inout Table
    )
        -> Int32
    {
        let slot = table.insert(request, value, extra: .t1)
        link(slot, into: ghost == nil ? .t1 : .t2, in: table)
        return slot
    }
}

/// Which of ARC's lists a slot is in. Public only as a type parameter of
/// ``_SlotTable``; not an API.
@frozen
public enum _ARCList: UInt8 {
    case t1, t2, b1, b2
    @inlinable var isResident: Bool { self == .t1 || self == .t2 }
}
