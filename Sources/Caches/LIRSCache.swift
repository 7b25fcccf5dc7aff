/// LIRS, Low Inter-reference Recency Set (Jiang & Zhang, SIGMETRICS '02).
///
/// Blocks are told apart by their inter-reference recency (IRR): most of
/// the cache, Llirs, holds LIR blocks — those whose last two references
/// were close — and a small part, Lhirs, holds resident HIR blocks, the
/// only ones ever evicted. Two orders keep the books:
///
/// - the stack S, in recency order, holding LIR blocks, resident HIR
///   blocks and *non-resident* HIR blocks (ghosts) recent enough to matter;
///   its bottom is always an LIR block (*pruning* drops HIR blocks from
///   the bottom, and ghosts with them);
/// - the queue Q of resident HIR blocks, oldest first: eviction's order.
///
/// - Hit on an LIR block: to the top of S, then prune.
/// - Hit on a resident HIR block in S: it becomes LIR (its IRR is below
///   the oldest LIR's recency) and leaves Q; the LIR block at the bottom
///   of S becomes HIR and goes to Q's end; prune.
/// - Hit on a resident HIR block not in S: to the top of S and Q's end.
/// - Miss: the oldest of Q is evicted (staying in S as a ghost if it is
///   there). A ghost in S becomes LIR as for a resident HIR hit; any other
///   key enters as resident HIR at the top of S and Q's end — or, while the
///   LIR set is not full, as LIR.
///
/// Lhirs = max(1, ⌊hir·C⌋) with libCacheSim's default `hir` = 1 %. The
/// paper leaves S unbounded; here ghosts are kept up to C in weight (the
/// oldest ghost leaves first), so S holds at most about 2C entries, as in
/// libCacheSim. Ghosts share the slot table and index with residents, and
/// their Q links serve as the ghosts' age order. Setting a resident key
/// replaces its value and size in place and counts as a hit. Not
/// thread-safe; see ``SynchronizedCache``.
public final class LIRSCache<Key: CacheKey, Value>: _SlotTableCache {
    @exclusivity(unchecked) @usableFromInline var table: _SlotTable<Key, Value, _LIRSEntry>
    /// Stack S, top = front, through the table's links.
    @exclusivity(unchecked) @usableFromInline var stack = _SlotList()
    /// Resident HIR blocks, newest at the front, through the entries' links.
    @exclusivity(unchecked) @usableFromInline var queue = _SlotList()
    /// Ghosts, newest at the front, through the entries' links.
    @exclusivity(unchecked) @usableFromInline var ghosts = _SlotList()
    @exclusivity(unchecked) @usableFromInline var lirWeight = 0
    @exclusivity(unchecked) @usableFromInline var ghostWeight = 0
    /// Resident HIR blocks evicted to make room.
    @exclusivity(unchecked) @usableFromInline var evictionCount = 0
    @usableFromInline let bound: _CacheBound
    @inlinable public var _table: _SlotTable<Key, Value, _LIRSEntry> { table }
    @inlinable public var _bound: _CacheBound { bound }
    @inlinable public var _evictionCount: Int { evictionCount }
    /// Most weight of LIR blocks (Llirs).
    public let lirLimit: Int
    /// Most weight of ghosts remembered.
    public let ghostLimit: Int

    /// A cache bounded by `capacity` whose resident HIR blocks get a share
    /// `hir` of it (at least one entry, or byte). O(entries) for an entry
    /// bound, which is reserved up front together with room for the ghosts.
    @inlinable
    public init(capacity: Capacity, hir: Double = 0.01) {
        precondition(hir >= 0 && hir <= 1, "LIRSCache: hir must be in 0...1")
        bound = _CacheBound(capacity)
        let total = bound.maximumWeight
        lirLimit = total == .max ? .max : total - Swift.max(1, Int((hir * Double(total)).rounded(.down)))
        ghostLimit = total
        let ghostSlots = bound.countsBytes ? 0 : Swift.min(total, 1 << 24)
        table = _SlotTable(slots: bound.initialSlots + ghostSlots)
    }

    /// A cache of at most `capacity` entries.
    @inlinable
    public convenience init(capacity: Int) { self.init(capacity: .entries(capacity)) }

    deinit { table.destroy { table.extras[Int($0)].state != .ghost } }

    /// Ghost keys remembered in S. O(1).
    public var ghostCount: Int { table.ghostCount }

    @inlinable var queueLinks: _ExtraLinks<_LIRSEntry> { _ExtraLinks(table.extras) }

    @inlinable @inline(__always)
    func weight(_ slot: Int32) -> Int { bound.weight(table.sizes[Int(slot)]) }

    @inlinable @inline(__always)
    func entry(_ slot: Int32) -> UnsafeMutablePointer<_LIRSEntry> { table.extras + Int(slot) }

    /// Puts `slot` on top of S (linking it if it is not there). O(1).
    @inlinable @inline(__always)
    func pushOnStack(_ slot: Int32) {
        if entry(slot).pointee.inStack {
            stack.moveToFront(slot, table.links)
        } else {
            stack.pushFront(slot, table.links)
            entry(slot).pointee.inStack = true
        }
    }

    /// Drops HIR blocks (and with them ghosts) from the bottom of S until
    /// an LIR block is there. Amortized O(1).
    @inlinable
    func prune() {
        while !stack.isEmpty {
            let bottom = stack.back
            let state = entry(bottom).pointee.state
            if state == .lir { return }
            stack.remove(bottom, table.links)
            entry(bottom).pointee.inStack = false
            if state == .ghost { forgetGhost(bottom) }
        }
    }

    /// Removes the ghost in `slot` from the ghosts' order and the table;
    /// it must already be out of S.
    @inlinable
    func forgetGhost(_ slot: Int32) {
        ghosts.remove(slot, queueLinks)
        ghostWeight &-= weight(slot)
        table.removeGhost(slot)
    }

    /// Makes `slot` (not in Q) an LIR block on top of S, then demotes
    /// bottom LIR blocks to Q while the LIR set is over its limit, and
    /// prunes.
    @inlinable
    func promote(_ slot: Int32) {
        entry(slot).pointee.state = .lir
        lirWeight &+= weight(slot)
        pushOnStack(slot)
        prune()  // the bottom is an LIR block from here on (`slot` at the latest)
        while lirWeight > lirLimit {
            let bottom = stack.back
            stack.remove(bottom, table.links)
            entry(bottom).pointee.inStack = false
            entry(bottom).pointee.state = .hir
            lirWeight &-= weight(bottom)
            queue.pushFront(bottom, queueLinks)
            prune()
        }
        prune()
    }

    /// A hit on resident `slot`. O(1) amortized.
    @inlinable @inline(__always)
    func hit(_ slot: Int32) {
        if entry(slot).pointee.state == .lir {
            stack.moveToFront(slot, table.links)
            prune()
        } else if entry(slot).pointee.inStack {
            queue.remove(slot, queueLinks)
            promote(slot)
        } else {
            pushOnStack(slot)
            queue.remove(slot, queueLinks)
            queue.pushFront(slot, queueLinks)
        }
    }

    /// Evicts the oldest resident HIR block; it stays as a ghost if it is
    /// in S. When Q is empty (byte capacities), the bottom LIR block is
    /// demoted to Q first.
    @inlinable
    func evictOne() {
        if queue.isEmpty {
            prune()
            let bottom = stack.back
            stack.remove(bottom, table.links)
            entry(bottom).pointee.inStack = false
            entry(bottom).pointee.state = .hir
            lirWeight &-= weight(bottom)
            queue.pushFront(bottom, queueLinks)
            prune()
        }
        let victim = queue.popBack(queueLinks)
        evictionCount &+= 1
        guard entry(victim).pointee.inStack else {
            table.remove(victim)
            return
        }
        table.demoteToGhost(victim)
        entry(victim).pointee.state = .ghost
        ghosts.pushFront(victim, queueLinks)
        ghostWeight &+= weight(victim)
        while ghostWeight > ghostLimit {
            let oldest = ghosts.back
            stack.remove(oldest, table.links)
            forgetGhost(oldest)
        }
    }

    /// Stores `key` — not resident, of an admissible size — after making
    /// room. If it was a ghost (`wasGhost`) and still is once room is made,
    /// it comes back as an LIR block on top of S; otherwise it enters as a
    /// resident HIR block (or as LIR while the LIR set has room). Expected
    /// O(1) amortized; a second probe for a ghost.
    @inlinable @inline(__always)
    func insertAbsent(_ key: Key, _ hash: UInt64, _ value: Value, size: Int, wasGhost: Bool) {
        while bound.isFull(count: table.count, residentBytes: table.residentBytes, adding: size) { evictOne() }
        var revived = false
        if wasGhost {
            let ghost = table.find(key, hash)
            if ghost >= 0 {
                stack.remove(ghost, table.links)
                forgetGhost(ghost)
                revived = true
            }
        }
        let slot = table.insert(key, hash, value: value, size: UInt32(size), extra: _LIRSEntry())
        if revived || lirWeight &+ weight(slot) <= lirLimit {
            promote(slot)
        } else {
            pushOnStack(slot)
            queue.pushFront(slot, queueLinks)
        }
    }

    /// Unlinks and removes the entry or ghost in `slot`, returning the
    /// value of a resident entry.
    @inlinable @discardableResult
    func removeSlot(_ slot: Int32) -> Value? {
        let state = entry(slot).pointee.state
        if entry(slot).pointee.inStack {
            stack.remove(slot, table.links)
            entry(slot).pointee.inStack = false
        }
        switch state {
        case .ghost:
            forgetGhost(slot)
            return nil
        case .lir:
            lirWeight &-= weight(slot)
        case .hir:
            queue.remove(slot, queueLinks)
        }
        let value = table.remove(slot)
        prune()
        return value
    }

    @inlinable public func _removeSlot(_ slot: Int32) -> Value? { removeSlot(slot) }

    /// The value for `key` if resident, updating S and Q. Expected O(1)
    /// amortized.
    @inlinable
    public func get(_ key: Key, now: Int64 = 0) -> Value? {
        let slot = table.find(key, key.cacheHash)
        guard slot >= 0, entry(slot).pointee.state != .ghost else { return nil }
        hit(slot)
        return table.values[Int(slot)]
    }

    /// Stores `value` for `key`, making room first. Expected O(1)
    /// amortized.
    @inlinable @discardableResult
    public func set(_ key: Key, _ value: Value, size: Int = 1, now: Int64 = 0) -> Bool {
        // Not through `store`: an LIR block keeps its place only while the
        // LIR set can take its new weight, and a ghost stays until room is made.
        let hash = key.cacheHash
        let found = table.find(key, hash)
        guard bound.admits(size) else {
            if found >= 0 { removeSlot(found) }
            return false
        }
        let isGhost = found >= 0 && entry(found).pointee.state == .ghost
        if found >= 0 && !isGhost {
            if table.fitsInPlace(found, size: size, within: bound)
                && (entry(found).pointee.state != .lir
                    || lirWeight &- weight(found) &+ bound.weight(UInt32(size)) <= lirLimit)
            {
                if entry(found).pointee.state == .lir { lirWeight &+= bound.weight(UInt32(size)) &- weight(found) }
                table.replace(found, value: value, size: UInt32(size))
                hit(found)
                return true
            }
            removeSlot(found)
        }
        insertAbsent(key, hash, value, size: size, wasGhost: isGhost)
        return true
    }
}

extension LIRSCache: ReplayableCache where Key == UInt64, Value == Void {
    /// `get`, and on a miss `set`, for each request, with one probe per
    /// request (two on a ghost). Expected O(1) per request, amortized.
    @inlinable
    public func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>, tally: inout ReplayTally
    ) {
        tally.record(keys: keys, sizes: sizes) { i in
            let key = keys[i]
            let hash = key.cacheHash
            let found = table.find(key, hash)
            if found >= 0 && entry(found).pointee.state != .ghost {
                hit(found)
                return true
            }
            let size = Int(sizes[i])
            if bound.admits(size) { insertAbsent(key, hash, (), size: size, wasGhost: found >= 0) }
            return false
        }
    }
}

/// What a LIRS block is.
@usableFromInline
enum _LIRSState: UInt8 {
    /// Resident, low inter-reference recency; in S only.
    case lir
    /// Resident, high inter-reference recency; in Q, maybe in S.
    case hir
    /// Not resident, remembered in S and the ghosts' order.
    case ghost
}

/// LIRS's per-slot bookkeeping: state, whether in S, and the links of Q
/// (or, for a ghost, of the ghosts' order). Public only as a type
/// parameter of ``_SlotTable``; not an API.
@frozen
public struct _LIRSEntry: _ExtraLinked {
    @usableFromInline var newer: Int32 = -1
    @usableFromInline var older: Int32 = -1
    @usableFromInline var state = _LIRSState.hir
    @usableFromInline var inStack = false
    @inlinable init() {}
}
