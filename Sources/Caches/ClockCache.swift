/// CLOCK, or second chance, with an n-bit reference counter per entry.
///
/// New keys enter at the front with counter 0; a hit increments the counter
/// up to 2^bits − 1. To make room the hand looks at the oldest entry: a
/// counter above zero is decremented and the entry goes to the front; at
/// zero the entry is evicted. With `bits` = 1 this is the classic second
/// chance of shared/DESIGN.md and libCacheSim's Clock.
///
/// Setting a resident key replaces its value and size in place and counts
/// as a reference (a hit). Not thread-safe; see ``SynchronizedCache``.
public final class ClockCache<Key: CacheKey, Value>: _QueueCoreCache {
    /// Per-slot extra: the reference counter.
    @exclusivity(unchecked) @usableFromInline var core: _QueueCore<Key, Value, UInt8>
    @inlinable public var _core: _QueueCore<Key, Value, UInt8> { core }
    /// 2^bits − 1.
    @usableFromInline let maximumCounter: UInt8

    /// A cache bounded by `capacity` whose counters have `bits` bits
    /// (1...8). O(entries) for an entry bound, which is reserved up front.
    @inlinable
    public init(capacity: Capacity, bits: Int = 1) {
        precondition((1...8).contains(bits), "ClockCache: bits must be in 1...8, got \(bits)")
        core = _QueueCore(capacity: capacity)
        maximumCounter = UInt8((1 << bits) - 1)
    }

    /// A cache of at most `capacity` entries with `bits`-bit counters.
    @inlinable
    public convenience init(capacity: Int, bits: Int = 1) { self.init(capacity: .entries(capacity), bits: bits) }

    deinit { core.table.destroy() }

    /// Bits of each entry's reference counter.
    public var bits: Int { maximumCounter.nonzeroBitCount }

    @inlinable @inline(__always)
    func reference(_ core: inout _QueueCore<Key, Value, UInt8>, _ slot: Int32) {
        let counter = core.table.extras + Int(slot)
        if counter.pointee < maximumCounter { counter.pointee &+= 1 }
    }

    /// The value for `key`, incrementing its counter. Expected O(1).
    @inlinable
    public func get(_ key: Key, now: Int64 = 0) -> Value? {
        core.get(key, hit: reference)
    }

    /// Stores `value` at the front with counter 0, running the hand until
    /// it fits. Expected O(1) amortized: each pass of the hand over an
    /// entry spends one of the references it earned.
    @inlinable @discardableResult
    public func set(_ key: Key, _ value: Value, size: Int = 1, now: Int64 = 0) -> Bool {
        core.set(key, value, size: size, extra: 0, updated: reference, evictOne: runHand) >= 0
    }

    /// Passes the hand over the oldest entries until one is evicted.
    @inlinable @inline(__always)
    func runHand(_ core: inout _QueueCore<Key, Value, UInt8>) {
        while true {
            let oldest = core.queue.back
            let counter = core.table.extras + Int(oldest)
            guard counter.pointee > 0 else { return core.evictBack() }
            counter.pointee &-= 1
            core.queue.moveToFront(oldest, core.table.links)
        }
    }

    /// Removes `key`. Expected O(1).
    @inlinable @discardableResult
    public func remove(_ key: Key) -> Value? { core.remove(key) }
}

extension ClockCache: ReplayableCache where Key == UInt64, Value == Void {
    /// `get`, and on a miss `set`, for each request, with one probe per
    /// request. Expected O(1) per request, amortized.
    @inlinable
    public func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>, tally: inout ReplayTally
    ) {
        core.replay(keys: keys, sizes: sizes, tally: &tally, extra: 0, hit: reference, evictOne: runHand)
    }
}
