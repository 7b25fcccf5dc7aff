/// One request as the kernel hands it to a policy's rules: the key and its
/// hash (computed once), the object's size, the virtual time and, for the
/// offline optimum, when the key is requested next (`Int64.max`: never, or
/// not known). Public only as a parameter of ``_EvictionPolicy``; not an API.
@frozen
public struct _Request<Key: CacheKey> {
    @usableFromInline let key: Key
    @usableFromInline let hash: UInt64
    @usableFromInline let size: Int
    @usableFromInline let now: Int64
    @usableFromInline let next: Int64

    @inlinable @inline(__always)
    init(_ key: Key, size: Int, now: Int64, next: Int64) {
        self.key = key
        self.hash = key.cacheHash
        self.size = size
        self.now = now
        self.next = next
    }
}

/// What makes one policy different from another, as ``_PolicyKernel``
/// drives it: the policy's own lists and counters, and the rules for a hit,
/// a ghost, an eviction and an insertion. The kernel owns the slot table and
/// the one generic `get`, `set`, `remove` and `replay` built from these
/// rules, so `replay` is "get, and on a miss set" by construction.
///
/// The shape is libCacheSim's (find, on-hit, evict-one, insert, remove) and
/// Caffeine's `onAccess`/`findVictim`: a new policy is this struct plus a
/// class that holds a ``_PolicyKernel`` of it. Every rule is given the slot
/// table `inout`; slots are `Int32` indices into it.
///
/// Public only so that cross-module clients can specialize the policies;
/// not an API. Rules with a default need not be written.
public protocol _EvictionPolicy {
    associatedtype Key: CacheKey
    associatedtype Value
    /// Per-slot bookkeeping kept beside each entry (a list tag, a counter).
    associatedtype Extra
    /// What a miss learned from the ghost it found (ARC: which ghost list),
    /// handed on to ``makeRoom(for:ghost:in:)`` and ``insert(_:_:ghost:in:)``;
    /// `Never` for policies that keep no ghosts.
    associatedtype Ghost = Never
    typealias Table = _SlotTable<Key, Value, Extra>

    /// Slots to reserve for ghosts beyond the bound's entries. Default 0.
    var reservedGhostSlots: Int { get }
    /// Bytes of storage the policy keeps beside the slot table (a sketch, a
    /// heap). Default 0.
    var storageBytes: Int { get }

    /// Whether `slot` holds a value (`false`: a ghost). Default `true`.
    func isResident(_ slot: Int32, in table: Table) -> Bool
    /// Sees every lookup before the key is found (W-TinyLFU's sketch).
    /// Default: nothing.
    mutating func observe(_ request: _Request<Key>)
    /// Whether the policy expires entries of its own (TTL's fixed
    /// lifetime). A constant of the type. Default `false`.
    static var expires: Bool { get }
    /// Removes the entries expired at `now` (they count as expirations, not
    /// evictions), handing each one's key to `expired` first; runs before
    /// every `get` and `set`. Default: nothing.
    mutating func removeExpired<Report: _ExpiryReport>(now: Int64, in table: inout Table, reporting: inout Report)
    where Report.Key == Key
    /// Whether the resident entry in `slot` is still live at `now`; one that
    /// is not is removed as expired and the request misses. Default `true`.
    func isLive(_ slot: Int32, now: Int64, in table: Table) -> Bool

    /// Whether the policy takes `request`'s object at all, once the bound
    /// has (libCacheSim's SLRU refuses one larger than its lowest
    /// segment). A refused object is a miss that evicts nothing. Default
    /// `true`.
    func admits(_ request: _Request<Key>) -> Bool

    /// Whether ``hit(_:_:in:)`` or ``update(_:_:in:)`` may turn resident
    /// entries out while it rearranges the policy's lists (libCacheSim's
    /// SLRU does); the kernel then counts them as evictions. A constant of
    /// the type, so the other policies' hits pay nothing for it. Default
    /// `false`.
    static var hitsMayEvict: Bool { get }
    /// A hit on the resident entry in `slot`. It turns no entry out unless
    /// ``hitsMayEvict``.
    mutating func hit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table)
    /// Whether the resident entry in `slot` can take `size` bytes where it
    /// is; if not, it is removed and stored anew. Default: it fits beside
    /// the others without an eviction.
    func canResize(_ slot: Int32, to size: Int, within bound: _CacheBound, in table: Table) -> Bool
    /// The entry in `slot` is about to weigh `newSize` bytes instead of its
    /// current size (lists that keep weights adjust). Default: nothing.
    mutating func resize(_ slot: Int32, to newSize: Int, in table: inout Table)
    /// A `set` replaced the value of the resident entry in `slot`. Default:
    /// what a hit does.
    mutating func update(_ slot: Int32, _ request: _Request<Key>, in table: inout Table)

    /// A miss found the ghost in `slot`; returns what the policy learned
    /// (and may drop the ghost). Needs no writing when `Ghost` is `Never`.
    mutating func ghostHit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) -> Ghost
    /// Frees room for `request`: turns at least one resident entry out (or
    /// into a ghost). The kernel calls it until the request fits and counts
    /// each resident entry that left as an eviction.
    mutating func makeRoom(for request: _Request<Key>, ghost: Ghost?, in table: inout Table)
    /// Stores the missed key, which is not resident and now fits, with
    /// `value`, links it, and returns its slot.
    mutating func insert(_ request: _Request<Key>, _ value: Value, ghost: Ghost?, in table: inout Table) -> Int32
    /// Takes `slot` (resident or ghost) out of every list the policy keeps;
    /// the kernel then frees it.
    mutating func unlink(_ slot: Int32, in table: inout Table)
}

extension _EvictionPolicy {
    @inlinable public var reservedGhostSlots: Int { 0 }
    @inlinable public var storageBytes: Int { 0 }
    @inlinable public static var hitsMayEvict: Bool { false }
    @inlinable @inline(__always)
    public func isResident(_ slot: Int32, in table: Table) -> Bool { true }
    @inlinable @inline(__always)
    public mutating func observe(_ request: _Request<Key>) {}
    @inlinable public static var expires: Bool { false }
    @inlinable @inline(__always)
    public mutating func removeExpired<Report: _ExpiryReport>(
        now: Int64, in table: inout Table, reporting: inout Report
    ) where Report.Key == Key {}
    @inlinable @inline(__always)
    public func isLive(_ slot: Int32, now: Int64, in table: Table) -> Bool { true }
    @inlinable @inline(__always)
    public func admits(_ request: _Request<Key>) -> Bool { true }
    @inlinable @inline(__always)
    public func canResize(_ slot: Int32, to size: Int, within bound: _CacheBound, in table: Table) -> Bool {
        table.fitsInPlace(slot, size: size, within: bound)
    }
    @inlinable @inline(__always)
    public mutating func resize(_ slot: Int32, to newSize: Int, in table: inout Table) {}
    @inlinable @inline(__always)
    public mutating func update(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {
        hit(slot, request, in: &table)
    }
}

extension _EvictionPolicy where Ghost == Never {
    /// A policy without ghosts never finds one.
    @inlinable
    public mutating func ghostHit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) -> Never {
        preconditionFailure("a policy without ghosts found a ghost")
    }
}

/// Where the kernel and the policies hand the key of each entry that
/// expires: nowhere in the plain replay (``_UnreportedExpiries``, which
/// specialization removes entirely), into the ``ReplayLog`` in a logging
/// one. Public only as a parameter of ``_EvictionPolicy``; not an API.
public protocol _ExpiryReport {
    associatedtype Key
    /// The entry of `key` is about to leave because it expired.
    mutating func expired(_ key: Key)
}

/// Expiries told to no one. Public only as a parameter; not an API.
@frozen
public struct _UnreportedExpiries<Key>: _ExpiryReport {
    @inlinable public init() {}
    @inlinable @inline(__always) public mutating func expired(_ key: Key) {}
}

/// Expiries appended to a replay's log, before the request at `position`.
/// Public only as a parameter; not an API.
@frozen
public struct _LoggedExpiries: _ExpiryReport {
    @usableFromInline let log: UnsafeMutablePointer<ReplayLog>
    @usableFromInline var position: Int32

    @inlinable init(_ log: UnsafeMutablePointer<ReplayLog>, position: Int32) {
        self.log = log
        self.position = position
    }

    @inlinable @inline(__always)
    public mutating func expired(_ key: UInt64) {
        log.pointee.expiries.append(ReplayLog.Expiry(before: position, key: key))
    }
}
