/// A model of Redis's `allkeys-lfu` (evict.c): sampled eviction, as in
/// ``RedisLRUCache``, scored by an 8-bit logarithmic frequency counter
/// that decays with time. Written from Redis's documented algorithm and
/// its source, to be read beside a real server.
///
/// - A new key's counter starts at 5 (`LFU_INIT_VAL`), so it can collect
///   a few uses before it is the likeliest to go.
/// - A use first decays the counter — by one for every `lfuDecayTime`
///   minutes since the entry's last use (0: never), minutes counted in 16
///   bits of request time as Redis counts them — then increments it with
///   probability 1 / ((counter − 5) · `lfuLogFactor` + 1) (always below 5),
///   saturating at 255, and records the minute.
/// - To make room, `samples` residents are drawn and offered to the pool of
///   16 by 255 minus their decayed counter; the highest that is still
///   resident leaves.
///
/// The draws (samples and increments) come from a splitmix64 generator
/// seeded at creation, so a replay is reproducible. Setting a resident key
/// replaces its value and size and counts as a use. Not thread-safe; see
/// ``SynchronizedCache``.
public final class RedisLFUCache<Key: CacheKey, Value>: _KernelCache {
    @exclusivity(unchecked) public var _kernel: _PolicyKernel<_RedisLFUPolicy<Key, Value>>

    /// A cache bounded by `capacity` that draws `samples` keys per eviction
    /// (1...64), with Redis's `lfu-log-factor` and `lfu-decay-time`
    /// (minutes); its draws are seeded by `seed`. O(entries) for an entry
    /// bound, which is reserved up front.
    @inlinable
    public init(
        capacity: Capacity, samples: Int = PolicyDescriptor.redisLFU.defaultInteger("samples"),
        lfuLogFactor: Int = PolicyDescriptor.redisLFU.defaultInteger("lfuLogFactor"),
        lfuDecayTime: Int = PolicyDescriptor.redisLFU.defaultInteger("lfuDecayTime"), seed: UInt64 = 0
    ) {
        precondition((1...64).contains(samples), "RedisLFUCache: samples must be in 1...64, got \(samples)")
        precondition(lfuLogFactor >= 0 && lfuDecayTime >= 0, "RedisLFUCache: factor and decay must not be negative")
        _kernel = _PolicyKernel(capacity: capacity) {
            _RedisLFUPolicy(
                reserving: $0.initialSlots, samples: samples, logFactor: Double(lfuLogFactor), decayTime: lfuDecayTime,
                seed: seed)
        }
    }

    deinit { _kernel.destroy() }
}

extension RedisLFUCache: ReplayableCache where Key == UInt64, Value == Void {}

/// Redis LFU's rules; each slot's extra is its place among the residents
/// and its `lru` field: 16 bits of minutes, then the 8-bit counter. Public
/// only as a type parameter of ``_PolicyKernel``; not an API.
@frozen
public struct _RedisLFUPolicy<Key: CacheKey, Value>: _EvictionPolicy {
    public typealias Extra = _SampledEntry
    public typealias Table = _SlotTable<Key, Value, Extra>
    @usableFromInline var eviction: _SampledEviction<Key>
    @usableFromInline let logFactor: Double
    /// Minutes per decrement; 0: counters never decay.
    @usableFromInline let decayTime: UInt32

    /// `LFU_INIT_VAL`.
    @inlinable static var initialCounter: UInt32 { 5 }

    @inlinable
    init(reserving slots: Int, samples: Int, logFactor: Double, decayTime: Int, seed: UInt64) {
        eviction = _SampledEviction(reserving: slots, samples: samples, seed: seed)
        self.logFactor = logFactor
        self.decayTime = UInt32(clamping: decayTime)
    }

    @inlinable public var storageBytes: Int { eviction.storageBytes }

    /// `LFUGetTimeInMinutes`: request time in minutes, 16 bits. O(1).
    @inlinable @inline(__always)
    static func minutes(_ now: Int64) -> UInt32 {
        UInt32(truncatingIfNeeded: Swift.max(0, now) / 60_000_000_000) & 0xFFFF
    }

    /// `LFUDecrAndReturn`: the counter of `stamp` after its decay at
    /// minute `now`, the minutes counted across a wrap as Redis does. O(1).
    @inlinable @inline(__always)
    static func decayedCounter(_ stamp: UInt32, now: UInt32, decayTime: UInt32) -> UInt32 {
        let counter = stamp & 0xFF
        guard decayTime > 0 else { return counter }
        let last = stamp >> 8
        let elapsed = now >= last ? now - last : 0xFFFF - last + now
        let periods = elapsed / decayTime
        return periods > counter ? 0 : counter - periods
    }

    /// A use: decay, a logarithmic increment, the minute recorded. O(1).
    @inlinable @inline(__always)
    public mutating func hit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {
        let now = Self.minutes(request.now)
        var counter = Self.decayedCounter(table.extras[Int(slot)].stamp, now: now, decayTime: decayTime)
        if counter < 255 {
            let base = Double(Swift.max(0, Int(counter) - Int(Self.initialCounter)))
            if eviction.unitDraw() < 1 / (base * logFactor + 1) { counter += 1 }
        }
        table.extras[Int(slot)].stamp = now << 8 | counter
    }

    /// The sampled, pooled victim leaves. Expected O(samples + pool).
    @inlinable @inline(__always)
    public mutating func makeRoom(for request: _Request<Key>, ghost: Never?, in table: inout Table) {
        let now = Self.minutes(request.now)
        let decayTime = decayTime
        eviction.evict(in: &table) { 255 - UInt64(Self.decayedCounter($0.stamp, now: now, decayTime: decayTime)) }
    }

    @inlinable @inline(__always)
    public mutating func insert(_ request: _Request<Key>, _ value: Value, ghost: Never?, in table: inout Table) -> Int32
    {
        eviction.insert(request, value, stamp: Self.minutes(request.now) << 8 | Self.initialCounter, in: &table)
    }

    @inlinable @inline(__always)
    public mutating func unlink(_ slot: Int32, in table: inout Table) { eviction.unlink(slot, in: &table) }
}
