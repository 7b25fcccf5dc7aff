/// The one driver every table-based policy plugs into: a slot table, a
/// bound, a policy's rules (``_EvictionPolicy``) and the counts every policy
/// keeps. `get`, `set`, `remove` and the simulator's `replay` are written
/// here once, so a policy's logic lives in its rules alone and `replay`
/// equals "get, and on a miss set" by construction — with one hash and one
/// probe per request.
///
/// - `get`: the policy observes the request, expired entries are removed,
///   the key is found; a resident, live entry is a hit.
/// - `set`: expired entries are removed, the key is found. An object the
///   bound cannot hold, or the policy refuses, is not admitted (whatever
///   was found is removed). A
///   resident entry that can take the new size in place is updated; one
///   that cannot is removed. Otherwise it is a miss: the ghost found (if
///   any) is consulted, the policy makes room until the object fits, and
///   the key is inserted.
/// - Evictions are the resident entries that left while room was made
///   (or while a hit rearranged the policy's lists); expirations those
///   that left because they expired; removals count as neither.
/// - Per-entry lifetimes (``honourLifetimes()``): each `set` may give its
///   entry a lifetime, and entries due by then leave as expirations before
///   every `get` and `set` (``_EntryLifetimes``), whatever the policy. The
///   plain replay loop never looks at them; a cache that honours lifetimes
///   replays through ``replay(keys:sizes:times:lifetimes:log:tally:)``.
///
/// A value type over raw memory; the owning cache calls ``destroy()`` once,
/// in its `deinit`. Public only so that cross-module clients can specialize
/// the policies; not an API.
@frozen
public struct _PolicyKernel<Policy: _EvictionPolicy> {
    public typealias Key = Policy.Key
    public typealias Value = Policy.Value

    @usableFromInline var table: _SlotTable<Key, Value, Policy.Extra>
    @usableFromInline var policy: Policy
    @usableFromInline let bound: _CacheBound
    @usableFromInline var evictions = 0
    @usableFromInline var expirations = 0
    /// Each entry's own lifetime, when the cache honours them; `nil` (the
    /// default) costs nothing. Behind a pointer, freed by ``destroy()``, so
    /// the kernel stays a plain value the plain replay loop keeps in
    /// registers: a stored array here cost it 2–4 % in instructions.
    @usableFromInline var lifetimes: UnsafeMutablePointer<_EntryLifetimes<Key>>?

    /// An empty cache under `capacity`, its rules made from the bound.
    /// Reserves the bound's entries and the policy's ghosts up front:
    /// O(entries) for an entry bound.
    @inlinable
    public init(capacity: Capacity, policy makePolicy: (_CacheBound) -> Policy) {
        bound = _CacheBound(capacity)
        policy = makePolicy(bound)
        table = _SlotTable(slots: bound.initialSlots + policy.reservedGhostSlots)
    }

    /// Frees every entry and all storage; the kernel is unusable afterwards.
    /// O(slots) unless keys, values and extras are trivial.
    @inlinable
    public func destroy() {
        table.destroy { [table, policy] slot in policy.isResident(slot, in: table) }
        if let lifetimes {
            lifetimes.deinitialize(count: 1)
            lifetimes.deallocate()
        }
    }

    // MARK: Statistics

    /// Resident entries (ghosts not counted). O(1).
    @inlinable public var count: Int { table.count }
    /// Ghost keys remembered. O(1).
    @inlinable public var ghostCount: Int { table.ghostCount }
    /// The bound given at creation. O(1).
    @inlinable public var capacity: Capacity { bound.capacity }
    /// Resident entries that left to make room (or became ghosts). O(1).
    @inlinable public var evictionCount: Int { evictions }
    /// Entries removed because they expired. O(1).
    @inlinable public var expirationCount: Int { expirations }
    /// Sum of resident sizes. O(1).
    @inlinable public var residentBytes: Int { table.residentBytes }
    /// Bytes of slot arrays, index and the policy's own storage, ghosts and
    /// spare capacity included. O(1).
    @inlinable public var storageBytes: Int {
        table.storageBytes + policy.storageBytes + (lifetimes?.pointee.storageBytes ?? 0)
    }
    /// Whether entries can expire: the policy's own lifetimes, or each
    /// entry's. O(1).
    @inlinable public var expires: Bool { Policy.expires || lifetimes != nil }

    /// Makes every later `set` give its entry the lifetime it carries
    /// (``set(_:_:size:now:next:lifetime:)``), beside the policy's own rules.
    /// Only an empty cache can start; returns whether it did (or already had).
    @inlinable
    public mutating func honourLifetimes() -> Bool {
        if lifetimes != nil { return true }
        guard table.count == 0 && table.ghostCount == 0 else { return false }
        lifetimes = .allocate(capacity: 1)
        lifetimes!.initialize(to: _EntryLifetimes())
        return true
    }

    // MARK: Operations

    /// The value for `key` if resident and live; a hit runs the policy's
    /// rule. Expected O(1) plus the policy's work.
    @inlinable @inline(__always)
    public mutating func get(_ key: Key, now: Int64, next: Int64) -> Value? {
        let request = _Request(key, size: 0, now: now, next: next)
        if lifetimes != nil { removeDue(now: now) }
        let slot = lookup(request)
        guard slot >= 0, policy.isResident(slot, in: table) else { return nil }
        hit(slot, request)
        return table.values[Int(slot)]
    }

    /// Stores `value` for `key`, weighing `size` bytes and, when the cache
    /// honours lifetimes, living `lifetime` nanoseconds from `now` (0: for
    /// ever; a resident key's lifetime restarts); whether it was admitted.
    /// Expected O(1) plus the evictions.
    @inlinable @inline(__always)
    public mutating func set(
        _ key: Key, _ value: Value, size: Int, now: Int64, next: Int64, lifetime: Int64 = 0
    ) -> Bool {
        let request = _Request(key, size: size, now: now, next: next)
        if lifetimes != nil { removeDue(now: now) }
        removeExpired(now: now)
        var found = liveSlot(table.find(key, request.hash), now: now)
        guard bound.admits(size) && policy.admits(request) else {
            if found >= 0 { removeSlot(found) }
            return false
        }
        if found >= 0 && policy.isResident(found, in: table) {
            if policy.canResize(found, to: size, within: bound, in: table) {
                policy.resize(found, to: size, in: &table)
                table.replace(found, value: value, size: UInt32(size))
                let before = table.count
                policy.update(found, request, in: &table)
                if Policy.hitsMayEvict { evictions &+= before &- table.count }
                lifetimes?.pointee.start(found, key: key, now: now, lifetime: lifetime)
                return true
            }
            removeSlot(found)
            found = -1
        }
        let slot = insertMissed(request, value, ghost: found)
        lifetimes?.pointee.start(slot, key: key, now: now, lifetime: lifetime)
        return true
    }

    /// Removes `key`, resident or ghost, returning its value if it was
    /// resident. Expected O(1) plus the policy's unlinking.
    @inlinable
    public mutating func remove(_ key: Key) -> Value? {
        let slot = table.find(key, key.cacheHash)
        return slot >= 0 ? removeSlot(slot) : nil
    }

    /// Whether `key` is resident and live at `now`, changing nothing.
    /// Expected O(1).
    @inlinable
    public func contains(_ key: Key, now: Int64) -> Bool {
        let slot = table.find(key, key.cacheHash)
        return slot >= 0 && policy.isResident(slot, in: table) && policy.isLive(slot, now: now, in: table)
            && (lifetimes?.pointee.isLive(slot, now: now) ?? true)
    }

    /// The slot the request finds (resident and live, or a ghost), or -1,
    /// after the policy observed it and expired entries were removed (each
    /// one's key handed to `expired`).
    @inlinable @inline(__always)
    mutating func lookup(_ request: _Request<Key>) -> Int32 {
        var unreported = _UnreportedExpiries<Key>()
        return lookup(request, reporting: &unreported)
    }

    /// ``lookup(_:)``, handing the key of each entry that expires to `reporting`.
    @inlinable @inline(__always)
    mutating func lookup<Report: _ExpiryReport>(_ request: _Request<Key>, reporting: inout Report) -> Int32
    where Report.Key == Key {
        policy.observe(request)
        removeExpired(now: request.now, reporting: &reporting)
        return liveSlot(table.find(request.key, request.hash), now: request.now, reporting: &reporting)
    }

    /// `slot`, or -1 after removing it as expired (its key handed to
    /// `expired`) if it is a resident entry no longer live at `now`.
    @inlinable @inline(__always)
    mutating func liveSlot(_ slot: Int32, now: Int64) -> Int32 {
        var unreported = _UnreportedExpiries<Key>()
        return liveSlot(slot, now: now, reporting: &unreported)
    }

    /// ``liveSlot(_:now:)``, handing an expired entry's key to `reporting`.
    @inlinable @inline(__always)
    mutating func liveSlot<Report: _ExpiryReport>(_ slot: Int32, now: Int64, reporting: inout Report) -> Int32
    where Report.Key == Key {
        guard slot >= 0, policy.isResident(slot, in: table), !policy.isLive(slot, now: now, in: table) else {
            return slot
        }
        reporting.expired(table.keys[Int(slot)])
        policy.unlink(slot, in: &table)
        table.remove(slot)
        expirations &+= 1
        return -1
    }

    /// The policy's rule for a hit on resident `slot`; entries it turns
    /// out meanwhile count as evictions (only a policy whose
    /// `hitsMayEvict` is set has any, so only its hits count them).
    @inlinable @inline(__always)
    mutating func hit(_ slot: Int32, _ request: _Request<Key>) {
        guard Policy.hitsMayEvict else { return policy.hit(slot, request, in: &table) }
        let before = table.count
        policy.hit(slot, request, in: &table)
        evictions &+= before &- table.count
    }

    /// The policy's sweep, its removals counted as expirations (and each
    /// one's key handed to `expired`); then, for a cache that honours
    /// lifetimes, the entries due by `now`.
    @inlinable @inline(__always)
    public mutating func removeExpired(now: Int64) {
        var unreported = _UnreportedExpiries<Key>()
        removeExpired(now: now, reporting: &unreported)
    }

    /// ``removeExpired(now:)``, handing each key to `reporting`.
    @inlinable @inline(__always)
    mutating func removeExpired<Report: _ExpiryReport>(now: Int64, reporting: inout Report) where Report.Key == Key {
        let before = table.count
        policy.removeExpired(now: now, in: &table, reporting: &reporting)
        expirations &+= before &- table.count
    }

    /// Removes every entry whose own lifetime is over at `now`, handing
    /// each one's key to `expired`; counted as expirations. Stale heap
    /// records are skipped, and the heap is rebuilt when they pile up.
    /// O(log n) per record. The cache must honour lifetimes.
    @inlinable
    mutating func removeDue(now: Int64) {
        var unreported = _UnreportedExpiries<Key>()
        removeDue(now: now, reporting: &unreported)
    }

    /// ``removeDue(now:)``, handing each key to `reporting`.
    @inlinable
    mutating func removeDue<Report: _ExpiryReport>(now: Int64, reporting: inout Report) where Report.Key == Key {
        let lifetimes = lifetimes!
        while lifetimes.pointee.earliest <= now {
            let record = lifetimes.pointee.popEarliest()
            let slot = table.find(record.key, record.key.cacheHash)
            guard slot >= 0, policy.isResident(slot, in: table), lifetimes.pointee.describes(record, slot: slot) else {
                continue
            }
            reporting.expired(record.key)
            policy.unlink(slot, in: &table)
            table.remove(slot)
            lifetimes.pointee.expiresAt[Int(slot)] = .max
            expirations &+= 1
        }
        if lifetimes.pointee.needsRebuild(residents: table.count) {
            let table = table
            let policy = policy
            // The expiry times as they stand (the rebuild changes only the heap).
            let expiresAt = lifetimes.pointee.expiresAt
            lifetimes.pointee.rebuild { record in
                let slot = table.find(record.key, record.key.cacheHash)
                return slot >= 0 && policy.isResident(slot, in: table) && Int(slot) < expiresAt.count
                    && expiresAt[Int(slot)] == record.at
            }
        }
    }

    /// A miss whose object the bound admits, `ghost` being the ghost slot
    /// found for it or -1: the ghost is consulted, room is made, the key
    /// is inserted.
    @inlinable @inline(__always) @discardableResult
    mutating func insertMissed(_ request: _Request<Key>, _ value: Value, ghost ghostSlot: Int32) -> Int32 {
        let ghost = ghostSlot >= 0 ? policy.ghostHit(ghostSlot, request, in: &table) : nil
        let before = table.count
        while bound.isFull(count: table.count, residentBytes: table.residentBytes, adding: request.size) {
            policy.makeRoom(for: request, ghost: ghost, in: &table)
        }
        evictions &+= before &- table.count
        return policy.insert(request, value, ghost: ghost, in: &table)
    }

    /// Unlinks and frees `slot`, returning the value of a resident entry.
    @inlinable @discardableResult
    mutating func removeSlot(_ slot: Int32) -> Value? {
        let resident = policy.isResident(slot, in: table)
        policy.unlink(slot, in: &table)
        if resident { return table.remove(slot) }
        table.removeGhost(slot)
        return nil
    }
}

extension _PolicyKernel where Key == UInt64, Value == Void {
    /// How far ahead a replay reads the index, in requests.
    @inlinable static var prefetchDistance: Int { 16 }
    /// Index size from which a replay reads ahead: 1 MiB of buckets (about
    /// 65,000 entries), where index and slots stop fitting a core's share
    /// of the caches.
    @inlinable static var prefetchTableBytes: Int { 1 << 20 }

    /// The simulator's loop: for each request, `get`, and on a miss `set`,
    /// with one hash and one probe. `nextAccess`, when given, is each
    /// request's next access (the offline optimum). Hit counts are those
    /// of ``get(_:now:next:)`` then ``set(_:_:size:now:next:)``, request by
    /// request. Expected O(1) per request plus the policy's work.
    ///
    /// A table too large for the processor's caches is read ahead: the home
    /// bucket of the request `prefetchDistance` ahead, and the slot its
    /// bucket names for the one half as far, so the misses of several
    /// requests overlap instead of queueing. Smaller tables skip it.
    @inlinable @inline(__always)
    public mutating func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>, times: UnsafeBufferPointer<Int64>,
        nextAccess: UnsafeBufferPointer<Int64>?, tally: inout ReplayTally
    ) {
        // Two loops, so that a small table's loop carries no trace of the
        // read-ahead: a test inside one loop cost 8–10 instructions a request.
        let distance = Self.prefetchDistance
        guard table.index.storageBytes >= Self.prefetchTableBytes && keys.count > distance else {
            return tally.record(keys: keys, sizes: sizes) { i in
                replayRequest(_Request(keys[i], size: Int(sizes[i]), now: times[i], next: nextAccess?[i] ?? .max))
            }
        }
        let ahead = keys.count &- distance
        tally.record(keys: keys, sizes: sizes) { i in
            if i < ahead {
                table.prefetchBucket(keys[i &+ distance].cacheHash)
                table.prefetchSlot(keys[i &+ distance / 2].cacheHash)
            }
            return replayRequest(_Request(keys[i], size: Int(sizes[i]), now: times[i], next: nextAccess?[i] ?? .max))
        }
    }

    /// Removes every entry expired by `now` — those due by their own
    /// lifetimes, then the policy's — logging each before `position`.
    @inlinable
    public mutating func removeExpired(now: Int64, position: Int32, log: inout ReplayLog) {
        withUnsafeMutablePointer(to: &log) { log in
            var logged = _LoggedExpiries(log, position: position)
            if lifetimes != nil { removeDue(now: now, reporting: &logged) }
            removeExpired(now: now, reporting: &logged)
        }
    }

    /// The loop for a cache whose entries can expire (the policy's own
    /// lifetimes, or each entry's): for each request, the entries due by
    /// its time leave, then `get`, and on a miss `set` with the request's
    /// lifetime (`lifetimes` as long as `keys`; `nil`: none expire by their
    /// own). The same hits as ``get(_:now:next:)`` then
    /// ``set(_:_:size:now:next:lifetime:)``, request by request. `log`
    /// gets every miss and every expiry, in order. Expected O(1) per
    /// request plus the policy's work, O(log n) per entry with a lifetime.
    @inlinable
    public mutating func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>, times: UnsafeBufferPointer<Int64>,
        lifetimes given: UnsafeBufferPointer<Int64>?, log: inout ReplayLog, tally: inout ReplayTally
    ) {
        let ownLifetimes = lifetimes != nil
        withUnsafeMutablePointer(to: &log) { log in
            tally.record(keys: keys, sizes: sizes) { i in
                let position = Int32(truncatingIfNeeded: i)
                var logged = _LoggedExpiries(log, position: position)
                let request = _Request(keys[i], size: Int(sizes[i]), now: times[i], next: .max)
                if ownLifetimes { removeDue(now: request.now, reporting: &logged) }
                let found = lookup(request, reporting: &logged)
                if found >= 0 && policy.isResident(found, in: table) {
                    hit(found, request)
                    return true
                }
                log.pointee.misses.append(position)
                guard bound.admits(request.size) && policy.admits(request) else {
                    if found >= 0 { removeSlot(found) }
                    return false
                }
                let slot = insertMissed(request, (), ghost: found)
                if ownLifetimes {
                    lifetimes!.pointee.start(slot, key: request.key, now: request.now, lifetime: given?[i] ?? 0)
                }
                return false
            }
        }
    }

    /// One request of ``replay(keys:sizes:times:nextAccess:tally:)``:
    /// `get`, and on a miss `set`; whether it hit.
    @inlinable @inline(__always)
    mutating func replayRequest(_ request: _Request<Key>) -> Bool {
        let found = lookup(request)
        if found >= 0 && policy.isResident(found, in: table) {
            hit(found, request)
            return true
        }
        // The miss is set: nothing resident was found, and nothing has
        // expired since the lookup removed what had.
        guard bound.admits(request.size) && policy.admits(request) else {
            if found >= 0 { removeSlot(found) }
            return false
        }
        insertMissed(request, (), ghost: found)
        return false
    }
}
