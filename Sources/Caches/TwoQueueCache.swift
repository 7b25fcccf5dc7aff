/// The full 2Q of Johnson & Shasha (VLDB '94): a FIFO A1in for keys seen
/// once, a ghost FIFO A1out remembering keys recently pushed out of A1in,
/// and an LRU Am for keys seen again.
///
/// - Hit in A1in: nothing moves. Hit in Am: to Am's front.
/// - Miss found in A1out: the ghost is dropped and the key enters Am.
///   Any other miss enters A1in.
/// - To make room: if A1in weighs more than Kin, its oldest entry loses its
///   value and becomes the newest ghost in A1out (which keeps at most Kout,
///   dropping its oldest); else Am's least recently used entry is evicted.
///
/// Kin = ⌊kin·C⌋ and Kout = ⌊kout·C⌋, in entries or, for a byte capacity,
/// in bytes. Ghosts hold a key and size but no value, in the same slot
/// table and index as resident entries — no second hash table. Slots for
/// the ghosts are reserved too: with `UInt64` keys, no values and the
/// default Kout, about 65 bytes per resident entry, ghosts included.
///
/// Setting a resident key replaces its value and size in place (an Am
/// entry moves to the front); if the new size needs an eviction the entry
/// is removed and enters A1in anew. Not thread-safe; see
/// ``SynchronizedCache``.
public final class TwoQueueCache<Key: CacheKey, Value>: _KernelCache {
    @exclusivity(unchecked) public var _kernel: _PolicyKernel<_TwoQueuePolicy<Key, Value>>

    /// A cache bounded by `capacity` with Kin = ⌊kin·C⌋ and
    /// Kout = ⌊kout·C⌋. O(entries) for an entry bound, which is reserved up
    /// front together with room for the ghosts.
    @inlinable
    public init(
        capacity: Capacity, kin: Double = PolicyDescriptor.twoQueue.defaultValue("kin"),
        kout: Double = PolicyDescriptor.twoQueue.defaultValue("kout")
    ) {
        precondition(kin >= 0 && kout >= 0, "TwoQueueCache: kin and kout must not be negative")
        _kernel = _PolicyKernel(capacity: capacity) { _TwoQueuePolicy(bound: $0, kin: kin, kout: kout) }
    }

    deinit { _kernel.destroy() }

    /// Ghost keys remembered in A1out. O(1).
    public var ghostCount: Int { _kernel.ghostCount }
    /// Most weight A1in keeps before it gives up entries (Kin).
    public var a1inLimit: Int { _kernel.policy.a1inLimit }
    /// Most weight of ghosts A1out remembers (Kout).
    public var a1outLimit: Int { _kernel.policy.a1outLimit }
}

extension TwoQueueCache: ReplayableCache where Key == UInt64, Value == Void {}

/// 2Q's rules; each slot's extra says which queue it is in. Public only as
/// a type parameter of ``_PolicyKernel``; not an API.
@frozen
public struct _TwoQueuePolicy<Key: CacheKey, Value>: _EvictionPolicy {
    public typealias Extra = _TwoQueueTag
    public typealias Table = _SlotTable<Key, Value, Extra>
    public typealias Ghost = Void
    @usableFromInline var a1in = _WeightedList()
    @usableFromInline var a1out = _WeightedList()
    @usableFromInline var am = _SlotList()
    @usableFromInline let bound: _CacheBound
    @usableFromInline let a1inLimit: Int
    @usableFromInline let a1outLimit: Int

    @inlinable
    init(bound: _CacheBound, kin: Double, kout: Double) {
        self.bound = bound
        let total = Double(bound.maximumWeight)
        a1inLimit = bound.maximumWeight == .max ? .max : Int((kin * total).rounded(.down))
        a1outLimit = bound.maximumWeight == .max ? .max : Int((kout * total).rounded(.down))
    }

    @inlinable public var reservedGhostSlots: Int { bound.countsBytes ? 0 : Swift.min(a1outLimit, 1 << 24) }

    @inlinable @inline(__always)
    public func isResident(_ slot: Int32, in table: Table) -> Bool { table.extras[Int(slot)] != .a1out }

    /// A hit in Am moves to its front; in A1in, nothing moves. O(1).
    @inlinable @inline(__always)
    public mutating func hit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {
        if table.extras[Int(slot)] == .am { am.moveToFront(slot, table.links) }
    }

    @inlinable @inline(__always)
    public mutating func resize(_ slot: Int32, to newSize: Int, in table: inout Table) {
        if table.extras[Int(slot)] == .a1in { a1in.resize(slot, to: newSize, in: table, bound: bound) }
    }

    /// A ghost found in A1out is dropped; the key will enter Am. O(1).
    @inlinable @inline(__always)
    public mutating func ghostHit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {
        unlink(slot, in: &table)
        table.removeGhost(slot)
    }

    /// A1in's oldest turns ghost if A1in is over Kin (or Am is empty),
    /// else Am's least recently used is evicted. O(1) amortized.
    @inlinable
    public mutating func makeRoom(for request: _Request<Key>, ghost: Void?, in table: inout Table) {
        guard a1in.weight > a1inLimit || am.isEmpty else {
            table.remove(am.popBack(table.links))
            return
        }
        let slot = a1in.popBack(in: table, bound: bound)
        table.demoteToGhost(slot)
        table.extras[Int(slot)] = .a1out
        a1out.pushFront(slot, in: table, bound: bound)
        while a1out.weight > a1outLimit {
            table.removeGhost(a1out.popBack(in: table, bound: bound))
        }
    }

    /// A key A1out remembered enters Am; any other, A1in. O(1) amortized.
    @inlinable @inline(__always)
    public mutating func insert(_ request: _Request<Key>, _ value: Value, ghost: Void?, in table: inout Table) -> Int32
    {
        let queue: _TwoQueueTag = ghost == nil ? .a1in : .am
        let slot = table.insert(request, value, extra: queue)
        if queue == .am {
            am.pushFront(slot, table.links)
        } else {
            a1in.pushFront(slot, in: table, bound: bound)
        }
        return slot
    }

    @inlinable @inline(__always)
    public mutating func unlink(_ slot: Int32, in table: inout Table) {
        switch table.extras[Int(slot)] {
        case .a1in: a1in.remove(slot, in: table, bound: bound)
        case .am: am.remove(slot, table.links)
        case .a1out: a1out.remove(slot, in: table, bound: bound)
        }
    }
}

/// Which of 2Q's queues a slot is in. Public only as a type parameter of
/// ``_SlotTable``; not an API.
@frozen
public enum _TwoQueueTag: UInt8 {
    case a1in, am, a1out
}
