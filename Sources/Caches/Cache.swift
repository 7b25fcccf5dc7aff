/// A cache for the look-aside pattern: `get` a key; on a miss the caller
/// computes the value and `set`s it.
///
/// Policies are classes so that a service and the harness can share one
/// instance by reference; entries live in contiguous slot arrays inside, not
/// in an object per entry. Instances are not thread-safe: wrap one in
/// ``SynchronizedCache`` to share it across tasks.
///
/// Time is virtual (nanoseconds of the workload's clock), never the wall
/// clock, so a replay is reproducible. Policies without expiry ignore it.
public protocol Cache<Key, Value>: AnyObject {
    associatedtype Key: CacheKey
    associatedtype Value

    /// The value for `key` if it is resident (and, for expiring policies,
    /// not expired at `now`); a hit updates the policy's bookkeeping.
    func get(_ key: Key, now: Int64) -> Value?

    /// Stores `value` for `key`, weighing `size` bytes, evicting as the policy
    /// says until it fits. Returns `false` when the object is not admitted
    /// (larger than the whole cache, or refused by the policy).
    @discardableResult
    func set(_ key: Key, _ value: Value, size: Int, now: Int64) -> Bool

    /// Removes `key`, returning its value if it was resident.
    @discardableResult
    func remove(_ key: Key) -> Value?

    /// Whether `key` is resident and live at `now`, without counting as a
    /// use: nothing moves, nothing is counted.
    func contains(_ key: Key, now: Int64) -> Bool

    /// Resident entries.
    var count: Int { get }
    /// The bound this cache keeps.
    var capacity: Capacity { get }
    /// Entries evicted by the policy so far (not removals, not expiries).
    var evictions: Int { get }
    /// Sum of the sizes of resident objects.
    var residentBytes: Int { get }
    /// Bytes of the cache's own storage by its accounting: keys, values,
    /// links, index and spare capacity.
    var storageBytes: Int { get }
}

/// Counts a replay adds up.
public struct ReplayTally: Sendable, Equatable {
    public var requests: Int = 0
    public var hits: Int = 0
    public var bytesRequested: Int = 0
    public var bytesHit: Int = 0
    public init() {}

    /// Runs `request` for each index of `keys` — it serves that request
    /// and says whether it hit — and adds up the counts. The loop every
    /// replay shares; `request` is inlined into it. O(keys) calls.
    @inlinable @inline(__always)
    public mutating func record(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>, _ request: (_ index: Int) -> Bool
    ) {
        var hits = 0
        var bytesRequested = 0
        var bytesHit = 0
        for i in 0..<keys.count {
            let size = Int(sizes[i])
            bytesRequested &+= size
            if request(i) {
                hits &+= 1
                bytesHit &+= size
            }
        }
        self.requests += keys.count
        self.hits += hits
        self.bytesRequested += bytesRequested
        self.bytesHit += bytesHit
    }
}

/// What a replay of a cache whose entries can expire reports beside its
/// counts, so that each miss can be given its cause: which requests missed,
/// and which keys' entries expired, each just before which request. In
/// stream order; positions index the replayed buffers.
public struct ReplayLog: Sendable, Equatable {
    /// An entry that left because it expired.
    public struct Expiry: Sendable, Equatable {
        /// The request before which it left (its time had come by then).
        public var before: Int32
        public var key: UInt64
        public init(before: Int32, key: UInt64) {
            self.before = before
            self.key = key
        }
    }
    /// Positions of the requests that missed, ascending.
    public var misses: [Int32] = []
    /// Entries that expired, by position.
    public var expiries: [Expiry] = []

    public init() {}

    /// Empties the log, keeping its storage.
    public mutating func removeAll() {
        misses.removeAll(keepingCapacity: true)
        expiries.removeAll(keepingCapacity: true)
    }
}

/// The face the simulator drives: `UInt64` keys, no values.
///
/// The harness holds caches as `any ReplayableCache` but makes one
/// existential call per chunk of requests; the per-request loop inside
/// ``replay(keys:sizes:times:tally:)`` is specialized for each policy.
public protocol ReplayableCache: AnyObject {
    /// For each request: `get`; on a miss, `set`. Adds to `tally`.
    /// `sizes` and `times` are as long as `keys`.
    func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>, tally: inout ReplayTally)
    /// One `get`, for latency sampling. Returns whether it hit.
    func lookup(_ key: UInt64, now: Int64) -> Bool
    /// One `set` of a key without value, for latency sampling.
    func admit(_ key: UInt64, size: Int, now: Int64)
    /// Removes `key`; returns whether it was resident. Policies that cannot
    /// remove return `false`.
    @discardableResult
    func discard(_ key: UInt64) -> Bool
    /// Whether `key` is resident and live at `now`; nothing moves.
    func holds(_ key: UInt64, now: Int64) -> Bool

    /// Whether entries can expire: the policy's own lifetimes (`ttl`), or
    /// each entry's once ``honourLifetimes()`` is on.
    var expires: Bool { get }
    /// Makes every later set give its entry the lifetime it carries (a
    /// stream's TTL), beside the policy's own rules: the `"expiry":
    /// "stream"` of a spec. Only an empty cache can start; returns whether
    /// the cache honours lifetimes now. Caches without per-entry lifetimes
    /// return `false`.
    func honourLifetimes() -> Bool
    /// ``replay(keys:sizes:times:tally:)`` for a cache whose entries can
    /// expire: each miss sets its object with the request's lifetime
    /// (`lifetimes`, as long as `keys`, 0 for none; `nil`: no request has
    /// one), and `log` gets the misses and expiries, in order.
    func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>, lifetimes: UnsafeBufferPointer<Int64>?, log: inout ReplayLog,
        tally: inout ReplayTally)
    /// One `set` of a key without value living `lifetime` ns (0: for ever),
    /// for a trace's writes and latency sampling.
    func admit(_ key: UInt64, size: Int, now: Int64, lifetime: Int64)
    /// Removes every entry expired by `now`, as a replay does before each
    /// request, logging each as expiring before `position`: so that a
    /// request served alone (a timed one) has its expiries logged too.
    func removeExpired(now: Int64, position: Int32, log: inout ReplayLog)

    var count: Int { get }
    var capacity: Capacity { get }
    var evictions: Int { get }
    /// Entries that left because they expired (not evictions, not removals).
    var expirations: Int { get }
    var residentBytes: Int { get }
    var storageBytes: Int { get }
}

extension ReplayableCache where Self: Cache, Key == UInt64, Value == Void {
    @inlinable
    public func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>, tally: inout ReplayTally
    ) {
        tally.record(keys: keys, sizes: sizes) { i in
            if get(keys[i], now: times[i]) != nil { return true }
            set(keys[i], (), size: Int(sizes[i]), now: times[i])
            return false
        }
    }

    @inlinable
    public func lookup(_ key: UInt64, now: Int64) -> Bool { get(key, now: now) != nil }

    @inlinable
    public func admit(_ key: UInt64, size: Int, now: Int64) { set(key, (), size: size, now: now) }

    @inlinable @discardableResult
    public func discard(_ key: UInt64) -> Bool { remove(key) != nil }

    @inlinable
    public func holds(_ key: UInt64, now: Int64) -> Bool { contains(key, now: now) }
}

extension ReplayableCache {
    /// The default for a cache that is not a ``Cache``: nothing to remove.
    @inlinable @discardableResult
    public func discard(_ key: UInt64) -> Bool { false }

    /// The default: nothing expires.
    @inlinable public var expires: Bool { false }
    /// The default: none.
    @inlinable public var expirations: Int { 0 }
    /// The default: lifetimes cannot be honoured.
    @inlinable public func honourLifetimes() -> Bool { false }
    /// The default, for a cache that expires nothing by itself: nothing.
    @inlinable public func removeExpired(now: Int64, position: Int32, log: inout ReplayLog) {}
    /// The default, for a cache that does not honour lifetimes: a plain set.
    @inlinable public func admit(_ key: UInt64, size: Int, now: Int64, lifetime: Int64) {
        admit(key, size: size, now: now)
    }

    /// The default, for a cache without its own loop: ``ReplayableCache/lookup(_:now:)``,
    /// and on a miss ``ReplayableCache/admit(_:size:now:lifetime:)``, request by request;
    /// it sees no expiry, so it logs none. O(keys) calls.
    public func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>, lifetimes: UnsafeBufferPointer<Int64>?, log: inout ReplayLog,
        tally: inout ReplayTally
    ) {
        tally.record(keys: keys, sizes: sizes) { i in
            if lookup(keys[i], now: times[i]) { return true }
            log.misses.append(Int32(truncatingIfNeeded: i))
            admit(keys[i], size: Int(sizes[i]), now: times[i], lifetime: lifetimes?[i] ?? 0)
            return false
        }
    }
}

/// A cache that needs to know, for each request, when its key is requested
/// next: the offline optimum (``BeladyCache``). The simulator calls these
/// instead of the ``ReplayableCache`` ones whenever the policy's
/// ``PolicyDescriptor/needsFuture`` is set.
///
/// A next access is the position (or any clock increasing along the
/// stream) of the next request for the same key; negative or `Int64.max`
/// means none.
public protocol FutureAwareCache: ReplayableCache {
    /// ``ReplayableCache/replay(keys:sizes:times:tally:)`` with each
    /// request's next access; `nextAccess` is as long as `keys`.
    func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>, times: UnsafeBufferPointer<Int64>,
        nextAccess: UnsafeBufferPointer<Int64>, tally: inout ReplayTally)
    /// One `get` with the request's next access, for latency sampling.
    func lookup(_ key: UInt64, now: Int64, nextAccess: Int64) -> Bool
    /// One `set` with the request's next access, for latency sampling.
    func admit(_ key: UInt64, size: Int, now: Int64, nextAccess: Int64)
}
