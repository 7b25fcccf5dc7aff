/// A model of Redis's `allkeys-lru` (evict.c): not LRU, but sampled
/// eviction on a coarse clock. Written from Redis's documented algorithm
/// and its source, to be read beside a real server (`cachesim` drives one
/// as the `redis` product).
///
/// - Each entry records the LRU clock when it was last used (set or hit):
///   the request time divided by `clockResolution` (one second in Redis,
///   `LRU_CLOCK_RESOLUTION`), 24 bits that wrap as Redis's do. Keys used in
///   the same tick are equally old.
/// - To make room, `samples` residents (`maxmemory-samples`) are drawn at
///   random and offered to a pool of the 16 best candidates by idle time;
///   the idlest in the pool that is still resident leaves (see
///   `_SampledEviction` for the pool's rules, quirks included).
///
/// The draws come from a splitmix64 generator seeded at creation, so a
/// replay is reproducible; Redis's own draws are not. Without request times
/// every request happens at time 0, so every key is equally old — as on a
/// server that saw the whole replay within one second: eviction is then a
/// first-in, first-out of sampled keys. Setting a resident key replaces
/// its value and size and counts as a use. Not thread-safe; see
/// ``SynchronizedCache``.
public final class RedisLRUCache<Key: CacheKey, Value>: _KernelCache {
    @exclusivity(unchecked) public var _kernel: _PolicyKernel<_RedisLRUPolicy<Key, Value>>

    /// A cache bounded by `capacity` that draws `samples` keys per eviction
    /// (1...64) on a clock ticking every `clockResolution` nanoseconds of
    /// request time; its draws are seeded by `seed`. O(entries) for an
    /// entry bound, which is reserved up front.
    @inlinable
    public init(
        capacity: Capacity, samples: Int = PolicyDescriptor.redisLRU.defaultInteger("samples"),
        clockResolution: Int64 = Int64(PolicyDescriptor.redisLRU.defaultValue("clockResolution") * 1e9),
        seed: UInt64 = 0
    ) {
        precondition((1...64).contains(samples), "RedisLRUCache: samples must be in 1...64, got \(samples)")
        precondition(clockResolution > 0, "RedisLRUCache: the clock resolution must be positive")
        _kernel = _PolicyKernel(capacity: capacity) {
            _RedisLRUPolicy(reserving: $0.initialSlots, samples: samples, resolution: clockResolution, seed: seed)
        }
    }

    deinit { _kernel.destroy() }
}

extension RedisLRUCache: ReplayableCache where Key == UInt64, Value == Void {}

/// Redis LRU's rules; each slot's extra is its place among the residents
/// and its LRU clock reading. Public only as a type parameter of
/// ``_PolicyKernel``; not an API.
@frozen
public struct _RedisLRUPolicy<Key: CacheKey, Value>: _EvictionPolicy {
    public typealias Extra = _SampledEntry
    public typealias Table = _SlotTable<Key, Value, Extra>
    @usableFromInline var eviction: _SampledEviction<Key>
    /// Nanoseconds per tick of the LRU clock.
    @usableFromInline let resolution: Int64
    /// `LRU_CLOCK_MAX`: the clock keeps 24 bits.
    @inlinable static var clockMask: UInt32 { (1 << 24) - 1 }

    @inlinable
    init(reserving slots: Int, samples: Int, resolution: Int64, seed: UInt64) {
        eviction = _SampledEviction(reserving: slots, samples: samples, seed: seed)
        self.resolution = resolution
    }

    @inlinable public var storageBytes: Int { eviction.storageBytes }

    /// The clock at `now` (times before 0 read as 0). O(1).
    @inlinable @inline(__always)
    func tick(_ now: Int64) -> UInt32 {
        UInt32(truncatingIfNeeded: Swift.max(0, now) / resolution) & Self.clockMask
    }

    /// Idle ticks at `clock` of an entry stamped `stamp`, as Redis's
    /// `estimateObjectIdleTime` counts them across a wrap. O(1).
    @inlinable @inline(__always)
    static func idle(_ stamp: UInt32, at clock: UInt32) -> UInt64 {
        clock >= stamp ? UInt64(clock - stamp) : UInt64(clock) + UInt64(clockMask - stamp)
    }

    /// A use stamps the entry with the clock. O(1).
    @inlinable @inline(__always)
    public mutating func hit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {
        table.extras[Int(slot)].stamp = tick(request.now)
    }

    /// The sampled, pooled victim leaves. Expected O(samples + pool).
    @inlinable @inline(__always)
    public mutating func makeRoom(for request: _Request<Key>, ghost: Never?, in table: inout Table) {
        let clock = tick(request.now)
        eviction.evict(in: &table) { Self.idle($0.stamp, at: clock) }
    }

    @inlinable @inline(__always)
    public mutating func insert(_ request: _Request<Key>, _ value: Value, ghost: Never?, in table: inout Table) -> Int32
    {
        eviction.insert(request, value, stamp: tick(request.now), in: &table)
    }

    @inlinable @inline(__always)
    public mutating func unlink(_ slot: Int32, in table: inout Table) { eviction.unlink(slot, in: &table) }
}
