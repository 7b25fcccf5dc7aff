/// SIEVE (Zhang et al., NSDI '24): a FIFO queue with one visited bit per
/// entry and a hand that keeps its position between evictions.
///
/// New keys enter at the front (newest end) with the bit clear; a hit sets
/// it and moves nothing. To make room the hand, starting where it last
/// stopped (or at the oldest entry), walks towards the newest: a set bit is
/// cleared and the hand moves on, wrapping from the newest back to the
/// oldest; the first entry with a clear bit is evicted and the hand rests on
/// its newer neighbour. Unlike CLOCK, survivors are not moved: the queue
/// keeps insertion order, so new keys that are never hit leave quickly.
///
/// This is the rule of the paper and of libCacheSim's `Sieve.c`. Setting a
/// resident key replaces its value and size in place and counts as a visit.
/// About 38 bytes an entry for `UInt64` keys and no values. Not
/// thread-safe; see ``SynchronizedCache``.
public final class SieveCache<Key: CacheKey, Value>: _KernelCache {
    @exclusivity(unchecked) public var _kernel: _PolicyKernel<_SievePolicy<Key, Value>>

    /// A cache bounded by `capacity`. O(entries) for an entry bound, which
    /// is reserved up front.
    @inlinable
    public init(capacity: Capacity) { _kernel = _PolicyKernel(capacity: capacity) { _ in _SievePolicy() } }

    deinit { _kernel.destroy() }
}

extension SieveCache: ReplayableCache where Key == UInt64, Value == Void {}

/// SIEVE's rules; each slot's extra is its visited bit. Public only as a
/// type parameter of ``_PolicyKernel``; not an API.
@frozen
public struct _SievePolicy<Key: CacheKey, Value>: _QueuePolicy {
    public typealias Extra = Bool
    public typealias Table = _SlotTable<Key, Value, Extra>
    public var queue = _SlotList()
    /// The slot the hand rests on, or -1 to start from the oldest entry.
    @usableFromInline var hand: Int32 = -1

    @inlinable init() {}

    @inlinable public var newExtra: Bool { false }

    /// A visit: the bit is set. O(1).
    @inlinable @inline(__always)
    public mutating func hit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {
        table.extras[Int(slot)] = true
    }

    /// Moves the hand past visited entries, clearing their bits, and
    /// evicts the first unvisited one. Amortized O(1): each step of the
    /// hand clears a bit some hit set.
    @inlinable @inline(__always)
    public mutating func makeRoom(for request: _Request<Key>, ghost: Never?, in table: inout Table) {
        var slot = hand >= 0 ? hand : queue.back
        while table.extras[Int(slot)] {
            table.extras[Int(slot)] = false
            slot = table.links.newer(slot)
            if slot < 0 { slot = queue.back }
        }
        hand = table.links.newer(slot)
        queue.remove(slot, table.links)
        table.remove(slot)
    }

    /// The slot leaves the queue, the hand moving off it first. O(1).
    @inlinable @inline(__always)
    public mutating func unlink(_ slot: Int32, in table: inout Table) {
        if slot == hand { hand = table.links.newer(slot) }
        queue.remove(slot, table.links)
    }
}
