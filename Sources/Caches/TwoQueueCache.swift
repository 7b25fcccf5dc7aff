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
public final class TwoQueueCache<Key: CacheKey, Value>: _SlotTableCache {
    /// Per-slot extra: which queue the slot is in.
    @exclusivity(unchecked) @usableFromInline var table: _SlotTable<Key, Value, _TwoQueueTag>
    @exclusivity(unchecked) @usableFromInline var a1in = _SlotList()
    @exclusivity(unchecked) @usableFromInline var a1out = _SlotList()
    @exclusivity(unchecked) @usableFromInline var am = _SlotList()
    @exclusivity(unchecked) @usableFromInline var a1inWeight = 0
    @exclusivity(unchecked) @usableFromInline var a1outWeight = 0
    /// Entries that lost their value to make room: A1in → A1out demotions
    /// and Am evictions.
    @exclusivity(unchecked) @usableFromInline var evictionCount = 0
    @usableFromInline let bound: _CacheBound
    @inlinable public var _table: _SlotTable<Key, Value, _TwoQueueTag> { table }
    @inlinable public var _bound: _CacheBound { bound }
    @inlinable public var _evictionCount: Int { evictionCount }
    /// Most weight A1in keeps before it gives up entries (Kin).
    public let a1inLimit: Int
    /// Most weight of ghosts A1out remembers (Kout).
    public let a1outLimit: Int

    /// A cache bounded by `capacity` with Kin = ⌊kin·C⌋ and
    /// Kout = ⌊kout·C⌋. O(entries) for an entry bound, which is reserved up
    /// front together with room for the ghosts.
    @inlinable
    public init(capacity: Capacity, kin: Double = 0.25, kout: Double = 0.5) {
        precondition(kin >= 0 && kout >= 0, "TwoQueueCache: kin and kout must not be negative")
        bound = _CacheBound(capacity)
        let total = Double(bound.maximumWeight)
        a1inLimit = bound.maximumWeight == .max ? .max : Int((kin * total).rounded(.down))
        a1outLimit = bound.maximumWeight == .max ? .max : Int((kout * total).rounded(.down))
        let ghostSlots = bound.countsBytes ? 0 : Swift.min(a1outLimit, 1 << 24)
        table = _SlotTable(slots: bound.initialSlots + ghostSlots)
    }

    /// A cache of at most `capacity` entries.
    @inlinable
    public convenience init(capacity: Int, kin: Double = 0.25, kout: Double = 0.5) {
        self.init(capacity: .entries(capacity), kin: kin, kout: kout)
    }

    deinit { table.destroy { table.extras[Int($0)] != .a1out } }

    /// Ghost keys remembered in A1out. O(1).
    public var ghostCount: Int { table.ghostCount }

    @inlinable @inline(__always)
    func weight(_ slot: Int32) -> Int { bound.weight(table.sizes[Int(slot)]) }

    /// The value for `key` if resident; an Am hit moves it to Am's front.
    /// Expected O(1).
    @inlinable
    public func get(_ key: Key, now: Int64 = 0) -> Value? {
        let slot = table.find(key, key.cacheHash)
        guard slot >= 0 else { return nil }
        switch table.extras[Int(slot)] {
        case .a1out: return nil
        case .am: am.moveToFront(slot, table.links)
        case .a1in: break
        }
        return table.values[Int(slot)]
    }

    /// Stores `value` in Am if A1out remembers `key`, else in A1in, making
    /// room first. Expected O(1) amortized.
    @inlinable @discardableResult
    public func set(_ key: Key, _ value: Value, size: Int = 1, now: Int64 = 0) -> Bool {
        store(
            key, size: size, isGhost: { table.extras[Int($0)] == .a1out },
            updateInPlace: { found in
                if table.extras[Int(found)] == .a1in {
                    a1inWeight &+= bound.weight(UInt32(size)) &- weight(found)
                } else {
                    am.moveToFront(found, table.links)
                }
                table.replace(found, value: value, size: UInt32(size))
            },
            insertAbsent: { hash, ghost in
                if ghost >= 0 { removeSlot(ghost) }
                insertAbsent(key, hash, value, size: size, into: ghost >= 0 ? .am : .a1in)
            })
    }

    /// Stores `key` — absent, and of an admissible size — at the front of
    /// `queue` (A1in or Am) after making room. Expected O(1) amortized.
    @inlinable @inline(__always)
    func insertAbsent(_ key: Key, _ hash: UInt64, _ value: Value, size: Int, into queue: _TwoQueueTag) {
        while bound.isFull(count: table.count, residentBytes: table.residentBytes, adding: size) {
            reclaim()
        }
        let slot = table.insert(key, hash, value: value, size: UInt32(size), extra: queue)
        if queue == .am {
            am.pushFront(slot, table.links)
        } else {
            a1in.pushFront(slot, table.links)
            a1inWeight &+= weight(slot)
        }
    }

    /// What a request does to `found` (a slot or -1): whether it hits, and
    /// if not, which queue a miss enters, the ghost having been dropped.
    @inlinable @inline(__always)
    func access(_ found: Int32) -> _TwoQueueTag? {
        guard found >= 0 else { return .a1in }
        switch table.extras[Int(found)] {
        case .a1in: return nil
        case .am:
            am.moveToFront(found, table.links)
            return nil
        case .a1out:
            removeSlot(found)
            return .am
        }
    }

    /// Frees one resident entry: A1in's oldest turns ghost if A1in is over
    /// Kin (or Am is empty), else Am's least recently used is evicted.
    @inlinable
    func reclaim() {
        evictionCount &+= 1
        guard a1inWeight > a1inLimit || am.isEmpty else {
            table.remove(am.popBack(table.links))
            return
        }
        let slot = a1in.popBack(table.links)
        a1inWeight &-= weight(slot)
        table.demoteToGhost(slot)
        table.extras[Int(slot)] = .a1out
        a1out.pushFront(slot, table.links)
        a1outWeight &+= weight(slot)
        while a1outWeight > a1outLimit {
            let ghost = a1out.popBack(table.links)
            a1outWeight &-= weight(ghost)
            table.removeGhost(ghost)
        }
    }

    /// Unlinks and removes the entry or ghost in `slot`, returning the
    /// value of a resident entry.
    @inlinable @discardableResult
    func removeSlot(_ slot: Int32) -> Value? {
        switch table.extras[Int(slot)] {
        case .a1in:
            a1in.remove(slot, table.links)
            a1inWeight &-= weight(slot)
        case .am:
            am.remove(slot, table.links)
        case .a1out:
            a1out.remove(slot, table.links)
            a1outWeight &-= weight(slot)
            table.removeGhost(slot)
            return nil
        }
        return table.remove(slot)
    }

    @inlinable public func _removeSlot(_ slot: Int32) -> Value? { removeSlot(slot) }
}

extension TwoQueueCache: ReplayableCache where Key == UInt64, Value == Void {
    /// `get`, and on a miss `set`, for each request, with one probe per
    /// request. Expected O(1) per request, amortized.
    @inlinable
    public func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>, tally: inout ReplayTally
    ) {
        tally.record(keys: keys, sizes: sizes) { i in
            let key = keys[i]
            let size = Int(sizes[i])
            let hash = key.cacheHash
            let found = table.find(key, hash)
            guard bound.admits(size) || (found >= 0 && table.extras[Int(found)] != .a1out) else {
                if found >= 0 { removeSlot(found) }
                return false
            }
            guard let queue = access(found) else { return true }
            insertAbsent(key, hash, (), size: size, into: queue)
            return false
        }
    }
}

/// Which of 2Q's queues a slot is in. Public only as a type parameter of
/// ``_SlotTable``; not an API.
@frozen
public enum _TwoQueueTag: UInt8 {
    case a1in, am, a1out
}
