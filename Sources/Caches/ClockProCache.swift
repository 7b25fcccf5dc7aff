/// CLOCK-Pro (Jiang, Chen & Zhang, USENIX ATC '05): LIRS's idea — keep the
/// blocks re-referenced soon after their last use — on CLOCK's terms: a hit
/// only sets a reference bit, and all work is done by three hands on a miss.
///
/// One clock, newest at its head, holds every page the policy knows:
/// resident *hot* pages, resident *cold* pages, and *non-resident* cold
/// pages — keys whose value was evicted while they were in their *test
/// period*. A cold page's test period starts when it is referenced into
/// the head and lasts while it is newer than the oldest hot page; a
/// reference during it shows a reuse distance short enough to be hot.
///
/// - HAND_cold, at the oldest resident cold page, frees a page on a miss:
///   an unreferenced page is evicted (staying as a non-resident page if in
///   its test period, else forgotten); a referenced page in its test period
///   is promoted to hot, one not in it starts a new test period; either
///   way it goes to the head with its bit cleared, and the hand moves on.
/// - HAND_hot, at the oldest hot page, makes room among the hot pages for
///   a promotion: a referenced hot page has its bit cleared and goes to the
///   head; the first unreferenced one turns cold (to the head, out of
///   test). Cold pages it passes end their test periods, and non-resident
///   ones leave the clock. If it reaches the page being promoted first,
///   no hot page has a longer reuse distance and the promotion is refused:
///   the page stays cold and starts a new test period.
/// - HAND_test, at the oldest page in its test period, ends test periods
///   while the non-resident pages outweigh the capacity, forgetting the
///   non-resident pages it passes.
/// - A miss on a non-resident page in its test period promotes it to hot
///   (as HAND_cold does a referenced one); any other miss enters the head
///   as a resident cold page in its test period — hot, while the cache
///   still has more free room than the cold target.
///
/// The cold target m_c adapts: +1 for every test period with a reference,
/// −1 for every one that ends without (within [⌊1 %·C⌋ at least 1,
/// C − that]); hot pages are limited to C − m_c. Weights are entries, or
/// bytes for a byte capacity. Non-resident pages are ghosts in the same
/// slot table and index as the residents, slots for C of them reserved:
/// about 76 bytes an entry for `UInt64` keys and no values, ghosts
/// included. Each hand only moves forward, so a miss is O(1) amortized;
/// a promotion that empties the hot set sweeps the clock once.
///
/// libCacheSim 0.3.5's `ClockPro.c` is deliberately not followed: it admits
/// a miss only while its cold pages weigh at most `init-ratio-cold` · C
/// and, every resident page being cold, never evicts — it keeps the first
/// C keys for ever, and none of the hands above ever runs. Its hit counts
/// are that frozen cache's, and differ from these wherever the cache fills.
///
/// Setting a resident key replaces its value and size in place and counts
/// as a reference. Not thread-safe; see ``SynchronizedCache``.
public final class ClockProCache<Key: CacheKey, Value>: _KernelCache {
    @exclusivity(unchecked) public var _kernel: _PolicyKernel<_ClockProPolicy<Key, Value>>

    /// A cache bounded by `capacity`. O(entries) for an entry bound, which
    /// is reserved up front together with room for as many ghosts.
    @inlinable
    public init(capacity: Capacity) { _kernel = _PolicyKernel(capacity: capacity) { _ClockProPolicy(bound: $0) } }

    /// A cache of at most `capacity` entries.
    @inlinable
    public convenience init(capacity: Int) { self.init(capacity: .entries(capacity)) }

    deinit { _kernel.destroy() }

    /// Non-resident pages in their test period. O(1).
    public var ghostCount: Int { _kernel.ghostCount }
    /// The cold target m_c, in the capacity's unit.
    public var coldTarget: Int { _kernel.policy.coldTarget }
    /// The weight of the hot pages.
    public var hotWeight: Int { _kernel.policy.hotWeight }
}

extension ClockProCache: ReplayableCache where Key == UInt64, Value == Void {}

/// CLOCK-Pro's rules. The clock is threaded through the table's links,
/// front = head = newest; each hand is a slot (or -1: start from the
/// oldest page). Public only as a type parameter of ``_PolicyKernel``; not
/// an API.
@frozen
public struct _ClockProPolicy<Key: CacheKey, Value>: _EvictionPolicy {
    public typealias Extra = _ClockProPage
    public typealias Table = _SlotTable<Key, Value, Extra>
    /// A miss found a ghost; it stays in the clock until room is made.
    public typealias Ghost = Void
    @usableFromInline var clock = _SlotList()
    /// At or before the oldest resident cold page.
    @usableFromInline var coldHand: Int32 = -1
    /// The oldest hot page, or -1 when there is none.
    @usableFromInline var hotHand: Int32 = -1
    /// At or before the oldest page in its test period.
    @usableFromInline var testHand: Int32 = -1
    @usableFromInline var hotCount = 0
    @usableFromInline var hotWeight = 0
    @usableFromInline var ghostWeight = 0
    /// m_c, the weight of resident cold pages aimed at.
    @usableFromInline var coldTarget: Int
    @usableFromInline let minimumCold: Int
    @usableFromInline let maximumCold: Int
    @usableFromInline let bound: _CacheBound
    /// C, in the capacity's unit.
    @usableFromInline let total: Int

    @inlinable
    init(bound: _CacheBound) {
        self.bound = bound
        total = bound.maximumWeight
        minimumCold = total == .max ? 1 : Swift.max(1, total / 100)
        maximumCold = total == .max ? 1 : Swift.max(minimumCold, total - minimumCold)
        coldTarget = minimumCold
    }

    @inlinable public var reservedGhostSlots: Int { bound.countsBytes ? 0 : Swift.min(total, 1 << 24) }

    @inlinable @inline(__always)
    public func isResident(_ slot: Int32, in table: Table) -> Bool { !table.extras[Int(slot)].contains(.ghost) }

    /// A hit sets the reference bit; nothing moves. O(1).
    @inlinable @inline(__always)
    public mutating func hit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {
        table.extras[Int(slot)].insert(.referenced)
    }

    @inlinable @inline(__always)
    public mutating func resize(_ slot: Int32, to newSize: Int, in table: inout Table) {
        if table.extras[Int(slot)].contains(.hot) {
            hotWeight &+= bound.weight(UInt32(newSize)) &- table.weight(slot, under: bound)
        }
    }

    /// A ghost stays in the clock until room is made: the hands may end
    /// its test period meanwhile.
    @inlinable @inline(__always)
    public mutating func ghostHit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {}

    // MARK: The clock

    @inlinable @inline(__always)
    func page(_ slot: Int32, _ table: Table) -> _ClockProPage { table.extras[Int(slot)] }

    /// The page after `slot` in the hands' direction: towards the head,
    /// then round to the oldest.
    @inlinable @inline(__always)
    func next(_ slot: Int32, _ table: Table) -> Int32 {
        let newer = table.links.newer(slot)
        return newer >= 0 ? newer : clock.back
    }

    /// Moves the cold and test hands off `slot` before it moves to the head
    /// (`moving`) or leaves the clock. From the head, a moving page is
    /// where the hand comes round to again; a leaving one leaves the hand
    /// nothing to point at (-1) until a page enters. The hot hand is the
    /// callers' to move.
    @inlinable @inline(__always)
    mutating func release(_ slot: Int32, moving: Bool, _ table: Table) {
        let newer = table.links.newer(slot)
        let after = newer >= 0 ? newer : moving ? slot : -1
        if coldHand == slot { coldHand = after }
        if testHand == slot { testHand = after }
    }

    /// Links `slot` at the head, or moves it there; a hand with nothing to
    /// point at starts from it.
    @inlinable @inline(__always)
    mutating func putAtHead(_ slot: Int32, linked: Bool, _ table: Table) {
        if linked { clock.moveToFront(slot, table.links) } else { clock.pushFront(slot, table.links) }
        if coldHand < 0 { coldHand = slot }
        if testHand < 0 { testHand = slot }
    }

    /// Gives `slot` a new state, keeping the hot books; the first hot page
    /// brings the hot hand to it.
    @inlinable @inline(__always)
    mutating func setState(_ slot: Int32, _ state: _ClockProPage, wasHot: Bool, in table: inout Table) {
        table.extras[Int(slot)] = state
        let weight = table.weight(slot, under: bound)
        if wasHot {
            hotCount &-= 1
            hotWeight &-= weight
        }
        guard state.contains(.hot) else { return }
        hotCount &+= 1
        hotWeight &+= weight
        if hotCount == 1 && !wasHot { advanceHotHand(from: -1, sparing: -1, in: &table) }
    }

    /// Moves the hot hand from `start` (-1: the oldest page) to the oldest
    /// hot page, ending the test periods of the cold pages it passes but
    /// `spared`'s. Whether it passed `spared`.
    @inlinable @discardableResult
    mutating func advanceHotHand(from start: Int32, sparing spared: Int32, in table: inout Table) -> Bool {
        guard hotCount > 0 else {
            hotHand = -1
            return false
        }
        var passed = false
        var slot = start >= 0 ? start : clock.back
        while !page(slot, table).contains(.hot) {
            let following = next(slot, table)
            if slot == spared {
                passed = true
            } else if page(slot, table).contains(.inTest) {
                endTest(slot, in: &table)
            }
            slot = following
        }
        hotHand = slot
        return passed
    }

    /// Ends the test period of `slot`: the cold target learns whether it
    /// was referenced meanwhile; a ghost leaves the clock.
    @inlinable
    mutating func endTest(_ slot: Int32, in table: inout Table) {
        let state = page(slot, table)
        adjustColdTarget(by: state.contains(.referenced) ? 1 : -1)
        if state.contains(.ghost) {
            forget(slot, in: &table)
        } else {
            table.extras[Int(slot)].remove(.inTest)
        }
    }

    /// Takes the ghost in `slot` out of the clock and the table.
    @inlinable
    mutating func forget(_ slot: Int32, in table: inout Table) {
        release(slot, moving: false, table)
        clock.remove(slot, table.links)
        ghostWeight &-= table.weight(slot, under: bound)
        table.removeGhost(slot)
    }

    @inlinable @inline(__always)
    mutating func adjustColdTarget(by step: Int) {
        coldTarget = Swift.min(Swift.max(coldTarget &+ step, minimumCold), maximumCold)
    }

    /// The weight hot pages may hold: C − m_c.
    @inlinable var hotLimit: Int { total == .max ? .max : total &- coldTarget }

    /// The oldest resident cold page, from the cold hand on; there must be
    /// one.
    @inlinable
    mutating func oldestCold(_ table: Table) -> Int32 {
        var slot = coldHand >= 0 ? coldHand : clock.back
        while !page(slot, table).isDisjoint(with: [.hot, .ghost]) { slot = next(slot, table) }
        coldHand = slot
        return slot
    }

    /// The oldest page in its test period, from the test hand on; there
    /// must be one.
    @inlinable
    mutating func oldestInTest(_ table: Table) -> Int32 {
        var slot = testHand >= 0 ? testHand : clock.back
        while !page(slot, table).contains(.inTest) { slot = next(slot, table) }
        testHand = slot
        return slot
    }

    // MARK: The hands' work

    /// One turn of HAND_hot: the oldest hot page, if referenced, has its
    /// bit cleared and goes to the head; else it turns cold there. Then
    /// the hand moves to the next hot page, ending test periods on its way
    /// (not `spared`'s). Whether it passed `spared`.
    @inlinable @discardableResult
    mutating func runHotHand(sparing spared: Int32, in table: inout Table) -> Bool {
        let slot = hotHand
        let newer = table.links.newer(slot)
        let referenced = page(slot, table).contains(.referenced)
        release(slot, moving: true, table)
        putAtHead(slot, linked: true, table)
        setState(slot, referenced ? .hot : [], wasHot: true, in: &table)
        return advanceHotHand(from: newer, sparing: spared, in: &table)
    }

    /// A page referenced in its test period (`candidate`, of `weight`)
    /// asks to be hot: m_c + 1, and HAND_hot turns hot pages cold until the
    /// candidate fits under C − m_c — unless the hand reaches the
    /// candidate first (or no hot page is left). Whether it may be hot;
    /// the caller moves it to the head.
    @inlinable
    mutating func promotes(_ candidate: Int32, weight: Int, in table: inout Table) -> Bool {
        adjustColdTarget(by: 1)
        var reached = false
        while hotWeight &+ weight > hotLimit {
            guard hotCount > 0 && !reached else { return false }
            reached = runHotHand(sparing: candidate, in: &table)
        }
        return true
    }

    /// Frees room for one entry: HAND_cold evicts the first unreferenced
    /// resident cold page, promoting or re-testing the referenced ones it
    /// passes. When every resident page is hot (large objects under a
    /// byte capacity), HAND_hot turns one cold first. Amortized O(1).
    @inlinable
    public mutating func makeRoom(for request: _Request<Key>, ghost: Void?, in table: inout Table) {
        while true {
            while table.count == hotCount { runHotHand(sparing: -1, in: &table) }
            let slot = oldestCold(table)
            let state = page(slot, table)
            if state.contains(.referenced) {
                let weight = table.weight(slot, under: bound)
                let hot = state.contains(.inTest) && promotes(slot, weight: weight, in: &table)
                release(slot, moving: true, table)
                putAtHead(slot, linked: true, table)
                setState(slot, hot ? .hot : .inTest, wasHot: false, in: &table)
                continue
            }
            guard state.contains(.inTest) else {
                release(slot, moving: false, table)
                clock.remove(slot, table.links)
                table.remove(slot)
                return
            }
            table.demoteToGhost(slot)
            table.extras[Int(slot)].insert(.ghost)
            ghostWeight &+= table.weight(slot, under: bound)
            while ghostWeight > total { endTest(oldestInTest(table), in: &table) }
            return
        }
    }

    /// Stores the missed key at the head. A ghost still in its test
    /// period asks to be hot; any other key is cold in its test period —
    /// or hot, while the cache has more free room than m_c. Expected O(1)
    /// amortized; a second probe for a ghost.
    @inlinable
    public mutating func insert(_ request: _Request<Key>, _ value: Value, ghost: Void?, in table: inout Table) -> Int32
    {
        let weight = bound.weight(UInt32(request.size))
        var state: _ClockProPage = .inTest
        if ghost != nil, case let ghostSlot = table.find(request.key, request.hash), ghostSlot >= 0 {
            if promotes(ghostSlot, weight: weight, in: &table) { state = .hot }
            forget(ghostSlot, in: &table)
        } else if total == .max || residentWeight(table) &+ weight &+ coldTarget <= total {
            state = .hot
        }
        let slot = table.insert(request, value, extra: [])
        putAtHead(slot, linked: false, table)
        setState(slot, state, wasHot: false, in: &table)
        return slot
    }

    @inlinable @inline(__always)
    func residentWeight(_ table: Table) -> Int { bound.countsBytes ? table.residentBytes : table.count }

    /// Takes `slot` out of the clock; if it was the oldest hot page, the
    /// hot hand moves on.
    @inlinable
    public mutating func unlink(_ slot: Int32, in table: inout Table) {
        let state = page(slot, table)
        let newer = table.links.newer(slot)
        release(slot, moving: false, table)
        clock.remove(slot, table.links)
        if state.contains(.ghost) { ghostWeight &-= table.weight(slot, under: bound) }
        guard state.contains(.hot) else { return }
        hotCount &-= 1
        hotWeight &-= table.weight(slot, under: bound)
        if slot == hotHand { advanceHotHand(from: newer, sparing: -1, in: &table) }
    }
}

/// A CLOCK-Pro page's state. Public only as a type parameter of
/// ``_SlotTable``; not an API.
@frozen
public struct _ClockProPage: OptionSet {
    public let rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Resident and hot (else cold).
    @inlinable public static var hot: Self { Self(rawValue: 1) }
    /// A cold page in its test period.
    @inlinable public static var inTest: Self { Self(rawValue: 2) }
    /// Referenced since a hand last passed it.
    @inlinable public static var referenced: Self { Self(rawValue: 4) }
    /// Not resident: a cold page whose value was evicted in its test period.
    @inlinable public static var ghost: Self { Self(rawValue: 8) }
}
