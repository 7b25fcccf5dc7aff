/// Where a list finds the links of a slot. Every slot has one pair of
/// ``_SlotLinks`` in the slot table; a policy that keeps a slot in a second
/// order at once (TTL: recency and expiry) supplies links of its own.
@usableFromInline
protocol _SlotLinking {
    /// The neighbour towards the front (newer), or -1.
    func newer(_ slot: Int32) -> Int32
    /// The neighbour towards the back (older), or -1.
    func older(_ slot: Int32) -> Int32
    func setNewer(_ slot: Int32, _ neighbour: Int32)
    func setOlder(_ slot: Int32, _ neighbour: Int32)
}

/// The slot table's own links: two parallel `Int32` arrays.
@frozen @usableFromInline
struct _SlotLinks: _SlotLinking {
    @usableFromInline var newerLinks: UnsafeMutablePointer<Int32>
    @usableFromInline var olderLinks: UnsafeMutablePointer<Int32>

    @inlinable init(newer: UnsafeMutablePointer<Int32>, older: UnsafeMutablePointer<Int32>) {
        newerLinks = newer
        olderLinks = older
    }

    @inlinable @inline(__always) func newer(_ slot: Int32) -> Int32 { newerLinks[Int(slot)] }
    @inlinable @inline(__always) func older(_ slot: Int32) -> Int32 { olderLinks[Int(slot)] }
    @inlinable @inline(__always) func setNewer(_ slot: Int32, _ neighbour: Int32) { newerLinks[Int(slot)] = neighbour }
    @inlinable @inline(__always) func setOlder(_ slot: Int32, _ neighbour: Int32) { olderLinks[Int(slot)] = neighbour }
}

/// A per-slot extra that carries a second pair of links, for a policy that
/// keeps a slot in two orders at once (TTL: recency and expiry; LIRS: its
/// stack and its queue).
@usableFromInline
protocol _ExtraLinked {
    var newer: Int32 { get set }
    var older: Int32 { get set }
}

/// The second links, kept in each slot's extra.
@frozen @usableFromInline
struct _ExtraLinks<Extra: _ExtraLinked>: _SlotLinking {
    @usableFromInline let extras: UnsafeMutablePointer<Extra>

    @inlinable init(_ extras: UnsafeMutablePointer<Extra>) { self.extras = extras }

    @inlinable @inline(__always) func newer(_ slot: Int32) -> Int32 { extras[Int(slot)].newer }
    @inlinable @inline(__always) func older(_ slot: Int32) -> Int32 { extras[Int(slot)].older }
    @inlinable @inline(__always) func setNewer(_ slot: Int32, _ neighbour: Int32) {
        extras[Int(slot)].newer = neighbour
    }
    @inlinable @inline(__always) func setOlder(_ slot: Int32, _ neighbour: Int32) {
        extras[Int(slot)].older = neighbour
    }
}

/// An intrusive doubly linked list of slots, front (newest) to back
/// (oldest). The list owns only its ends and length; the links live in
/// arrays beside the slots, so a slot belongs to at most one list per set of
/// links, and several lists (2Q's A1in, A1out and Am) share one set.
/// Every operation is O(1). Public only as the type of
/// ``_QueuePolicy/queue``; not an API.
@frozen
public struct _SlotList {
    @usableFromInline var front: Int32 = -1
    @usableFromInline var back: Int32 = -1
    @usableFromInline var count: Int = 0

    @inlinable init() {}

    @inlinable var isEmpty: Bool { count == 0 }

    /// Links `slot`, which is in no list of these links, at the front.
    @inlinable @inline(__always)
    mutating func pushFront(_ slot: Int32, _ links: some _SlotLinking) {
        links.setNewer(slot, -1)
        links.setOlder(slot, front)
        if front >= 0 { links.setNewer(front, slot) } else { back = slot }
        front = slot
        count &+= 1
    }

    /// Links `slot`, which is in no list of these links, at the back.
    @inlinable @inline(__always)
    mutating func pushBack(_ slot: Int32, _ links: some _SlotLinking) {
        links.setOlder(slot, -1)
        links.setNewer(slot, back)
        if back >= 0 { links.setOlder(back, slot) } else { front = slot }
        back = slot
        count &+= 1
    }

    /// Unlinks `slot`, which is in this list.
    @inlinable @inline(__always)
    mutating func remove(_ slot: Int32, _ links: some _SlotLinking) {
        let newer = links.newer(slot)
        let older = links.older(slot)
        if newer >= 0 { links.setOlder(newer, older) } else { front = older }
        if older >= 0 { links.setNewer(older, newer) } else { back = newer }
        count &-= 1
    }

    /// Moves `slot`, which is in this list, to the front.
    @inlinable @inline(__always)
    mutating func moveToFront(_ slot: Int32, _ links: some _SlotLinking) {
        guard slot != front else { return }
        remove(slot, links)
        pushFront(slot, links)
    }

    /// Unlinks and returns the back slot; the list must not be empty.
    @inlinable @inline(__always)
    mutating func popBack(_ links: some _SlotLinking) -> Int32 {
        let slot = back
        remove(slot, links)
        return slot
    }
}
