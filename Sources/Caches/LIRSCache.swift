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
public final class LIRSCache<Key: CacheKey, Value>: _KernelCache {
    @exclusivity(unchecked) public var _kernel: _PolicyKernel<_LIRSPolicy<Key, Value>>

    /// A cache bounded by `capacity` whose resident HIR blocks get a share
    /// `hir` of it (at least one entry, or byte). O(entries) for an entry
    /// bound, which is reserved up front together with room for the ghosts.
    @inlinable
    public init(capacity: Capacity, hir: Double = PolicyDescriptor.lirs.defaultValue("hir")) {
        precondition(hir >= 0 && hir <= 1, "LIRSCache: hir must be in 0...1")
        _kernel = _PolicyKernel(capacity: capacity) { _LIRSPolicy(bound: $0, hir: hir) }
    }

    deinit { _kernel.destroy() }

    /// Ghost keys remembered in S. O(1).
    public var ghostCount: Int { _kernel.ghostCount }
    /// Most weight of LIR blocks (Llirs).
    public var lirLimit: Int { _kernel.policy.lirLimit }
}

extension LIRSCache: ReplayableCache where Key == UInt64, Value == Void {}

/// LIRS's rules. S is threaded through the table's links; Q (and, for
/// ghosts, their age order) through each slot's extra. Public only as a
/// type parameter of ``_PolicyKernel``; not an API.
@frozen
public struct _LIRSPolicy<Key: CacheKey, Value>: _EvictionPolicy {
    public typealias Extra = _LIRSEntry
    public typealias Table = _SlotTable<Key, Value, Extra>
    /// A miss found a ghost; it stays in S until room is made.
    public typealias Ghost = Void
    /// Stack S, top = front.
    @usableFromInline var stack = _SlotList()
    /// Resident HIR blocks, newest at the front.
    @usableFromInline var queue = _SlotList()
    /// Ghosts, newest at the front.
    @usableFromInline var ghosts = _SlotList()
    @usableFromInline var lirWeight = 0
    @usableFromInline var ghostWeight = 0
    @usableFromInline let bound: _CacheBound
    /// Most weight of LIR blocks (Llirs).
    @usableFromInline let lirLimit: Int
    /// Most weight of ghosts remembered.
    @usableFromInline let ghostLimit: Int

    @inlinable
    init(bound: _CacheBound, hir: Double) {
        self.bound = bound
        let total = bound.maximumWeight
        lirLimit = total == .max ? .max : total - Swift.max(1, Int((hir * Double(total)).rounded(.down)))
        ghostLimit = total
    }

    @inlinable public var reservedGhostSlots: Int { bound.countsBytes ? 0 : Swift.min(ghostLimit, 1 << 24) }

    @inlinable @inline(__always)
    public func isResident(_ slot: Int32, in table: Table) -> Bool { table.extras[Int(slot)].state != .ghost }

    @inlinable @inline(__always)
    func queueLinks(_ table: Table) -> _ExtraLinks<_LIRSEntry> { _ExtraLinks(table.extras) }

    @inlinable @inline(__always)
    func entry(_ slot: Int32, _ table: Table) -> UnsafeMutablePointer<_LIRSEntry> { table.extras + Int(slot) }

    /// Puts `slot` on top of S (linking it if it is not there). O(1).
    @inlinable @inline(__always)
    mutating func pushOnStack(_ slot: Int32, _ table: Table) {
        if entry(slot, table).pointee.inStack {
            stack.moveToFront(slot, table.links)
        } else {
            stack.pushFront(slot, table.links)
            entry(slot, table).pointee.inStack = true
        }
    }

    /// Drops HIR blocks (and with them ghosts) from the bottom of S until
    /// an LIR block is there. Amortized O(1).
    @inlinable
    mutating func prune(_ table: inout Table) {
        while !stack.isEmpty {
            let bottom = stack.back
            let state = entry(bottom, table).pointee.state
            if state == .lir { return }
            stack.remove(bottom, table.links)
            entry(bottom, table).pointee.inStack = false
            if state == .ghost { forgetGhost(bottom, &table) }
        }
    }

    /// Removes the ghost in `slot` from the ghosts' order and the table;
    /// it must already be out of S.
    @inlinable
    mutating func forgetGhost(_ slot: Int32, _ table: inout Table) {
        ghosts.remove(slot, queueLinks(table))
        ghostWeight &-= table.weight(slot, under: bound)
        table.removeGhost(slot)
    }

    /// Takes the LIR block at the bottom of S out of S and into Q as HIR.
    @inlinable
    mutating func demoteBottom(_ table: inout Table) {
        let bottom = stack.back
        stack.remove(bottom, table.links)
        entry(bottom, table).pointee.inStack = false
        entry(bottom, table).pointee.state = .hir
        lirWeight &-= table.weight(bottom, under: bound)
        queue.pushFront(bottom, queueLinks(table))
        prune(&table)
    }

    /// Makes `slot` (not in Q) an LIR block on top of S, then demotes
    /// bottom LIR blocks to Q while the LIR set is over its limit, and
    /// prunes.
    @inlinable
    mutating func promote(_ slot: Int32, _ table: inout Table) {
        entry(slot, table).pointee.state = .lir
        lirWeight &+= table.weight(slot, under: bound)
        pushOnStack(slot, table)
        prune(&table)  // the bottom is an LIR block from here on (`slot` at the latest)
        while lirWeight > lirLimit { demoteBottom(&table) }
        prune(&table)
    }

    /// A hit on resident `slot`. O(1) amortized.
    @inlinable @inline(__always)
    public mutating func hit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {
        if entry(slot, table).pointee.state == .lir {
            stack.moveToFront(slot, table.links)
            prune(&table)
        } else if entry(slot, table).pointee.inStack {
            queue.remove(slot, queueLinks(table))
            promote(slot, &table)
        } else {
            pushOnStack(slot, table)
            queue.remove(slot, queueLinks(table))
            queue.pushFront(slot, queueLinks(table))
        }
    }

    /// An LIR block keeps its place only while the LIR set can take its
    /// new weight.
    @inlinable @inline(__always)
    public func canResize(_ slot: Int32, to size: Int, within bound: _CacheBound, in table: Table) -> Bool {
        table.fitsInPlace(slot, size: size, within: bound)
            && (entry(slot, table).pointee.state != .lir
                || lirWeight &- table.weight(slot, under: bound) &+ bound.weight(UInt32(size)) <= lirLimit)
    }

    @inlinable @inline(__always)
    public mutating func resize(_ slot: Int32, to newSize: Int, in table: inout Table) {
        if entry(slot, table).pointee.state == .lir {
            lirWeight &+= bound.weight(UInt32(newSize)) &- table.weight(slot, under: bound)
        }
    }

    /// A ghost stays in S until room is made: making room may forget it.
    @inlinable @inline(__always)
    public mutating func ghostHit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {}

    /// Evicts the oldest resident HIR block; it stays as a ghost if it is
    /// in S. When Q is empty (byte capacities), the bottom LIR block is
    /// demoted to Q first.
    @inlinable
    public mutating func makeRoom(for request: _Request<Key>, ghost: Void?, in table: inout Table) {
        if queue.isEmpty {
            prune(&table)
            demoteBottom(&table)
        }
        let victim = queue.popBack(queueLinks(table))
        guard entry(victim, table).pointee.inStack else {
            table.remove(victim)
            return
        }
        table.demoteToGhost(victim)
        entry(victim, table).pointee.state = .ghost
        ghosts.pushFront(victim, queueLinks(table))
        ghostWeight &+= table.weight(victim, under: bound)
        while ghostWeight > ghostLimit {
            let oldest = ghosts.back
            stack.remove(oldest, table.links)
            forgetGhost(oldest, &table)
        }
    }

    /// Stores the missed key. If it was a ghost and still is once room was
    /// made, it comes back as an LIR block on top of S; otherwise it enters
    /// as a resident HIR block (or as LIR while the LIR set has room).
    /// Expected O(1) amortized; a second probe for a ghost.
    @inlinable @inline(__always)
    public mutating func insert(_ request: _Request<Key>, _ value: Value, ghost: Void?, in table: inout Table) -> Int32
    {
        var revived = false
        if ghost != nil {
            let ghostSlot = table.find(request.key, request.hash)
            if ghostSlot >= 0 {
                stack.remove(ghostSlot, table.links)
                forgetGhost(ghostSlot, &table)
                revived = true
            }
        }
        let slot = table.insert(request, value, extra: _LIRSEntry())
        if revived || lirWeight &+ table.weight(slot, under: bound) <= lirLimit {
            promote(slot, &table)
        } else {
            pushOnStack(slot, table)
            queue.pushFront(slot, queueLinks(table))
        }
        return slot
    }

    /// Takes `slot` out of S and of Q (or the ghosts' order); a resident
    /// block's leaving prunes S.
    @inlinable
    public mutating func unlink(_ slot: Int32, in table: inout Table) {
        if entry(slot, table).pointee.inStack {
            stack.remove(slot, table.links)
            entry(slot, table).pointee.inStack = false
        }
        switch entry(slot, table).pointee.state {
        case .ghost:
            ghosts.remove(slot, queueLinks(table))
            ghostWeight &-= table.weight(slot, under: bound)
            return
        case .lir: lirWeight &-= table.weight(slot, under: bound)
        case .hir: queue.remove(slot, queueLinks(table))
        }
        prune(&table)
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
