/// A cache that holds nothing: every `get` misses and every `set` is
/// refused. Replaying through it measures the replay loop alone — the floor
/// every speed figure should be read against. Registered as `noop`, a
/// reference policy (``PolicyCapabilities/isReference``) that reports leave
/// out of hit-ratio charts.
///
/// With `work` above 0, each `get` also does that many rounds of a fixed
/// arithmetic step that the optimizer cannot fold away: a known, adjustable
/// cost per request, so that a speed gate can be shown to catch a slowdown
/// of a chosen size (`cachesim bench --calibrate`).
public final class NoOpCache<Key: CacheKey, Value>: Cache {
    /// Rounds of busy work per `get`.
    public let work: Int
    /// The busy work's running state, kept so that the work is observable
    /// and cannot be removed as dead code.
    @usableFromInline var workState: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// A cache that holds nothing and, with `work` > 0, spends `work`
    /// rounds of arithmetic on every `get`. O(1).
    @inlinable public init(work: Int = 0) { self.work = max(0, work) }

    /// Always `nil`, after `work` rounds of busy work. O(work).
    @inlinable @inline(__always)
    public func get(_ key: Key, now: Int64 = 0) -> Value? {
        if work > 0 { spin(key.cacheHash) }
        return nil
    }

    /// `work` rounds of a multiply–xorshift step seeded by the request: a
    /// serial dependency chain, so each round costs the same on every
    /// request and none can be skipped. O(work).
    @inlinable @inline(never)
    func spin(_ seed: UInt64) {
        var x = workState ^ seed
        for _ in 0..<work {
            x = x &* 0x5851_F42D_4C95_7F2D &+ 0x1405_7B7E_F767_814F
            x ^= x &>> 29
        }
        workState = x
    }

    /// Stores nothing; returns `false`. O(1).
    @inlinable @inline(__always) @discardableResult
    public func set(_ key: Key, _ value: Value, size: Int = 1, now: Int64 = 0) -> Bool { false }

    /// Always `nil`. O(1).
    @inlinable @discardableResult
    public func remove(_ key: Key) -> Value? { nil }

    /// Always `false`. O(1).
    @inlinable
    public func contains(_ key: Key, now: Int64 = 0) -> Bool { false }

    /// Always 0.
    @inlinable public var count: Int { 0 }
    /// Always `.entries(0)`.
    @inlinable public var capacity: Capacity { .entries(0) }

    /// Always 0.
    @inlinable public var evictions: Int { 0 }
    /// Always 0.
    @inlinable public var residentBytes: Int { 0 }
    /// Always 0.
    @inlinable public var storageBytes: Int { 0 }
}

extension NoOpCache: ReplayableCache where Key == UInt64, Value == Void {}
