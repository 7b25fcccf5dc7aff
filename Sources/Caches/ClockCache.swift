/// CLOCK, or second chance, with an n-bit reference counter per entry.
///
/// New keys enter at the front with counter 0; a hit increments the counter
/// up to 2^bits − 1. To make room the hand looks at the oldest entry: a
/// counter above zero is decremented and the entry goes to the front; at
/// zero the entry is evicted. With `bits` = 1 this is the classic second
/// chance of shared/DESIGN.md and libCacheSim's Clock.
///
/// Setting a resident key replaces its value and size in place and counts
/// as a reference (a hit). About 38 bytes an entry for `UInt64` keys and no
/// values. Not thread-safe; see ``SynchronizedCache``.
public final class ClockCache<Key: CacheKey, Value>: _KernelCache {
    @exclusivity(unchecked) public var _kernel: _PolicyKernel<_ClockPolicy<Key, Value>>

    /// A cache bounded by `capacity` whose counters have `bits` bits
    /// (1...8). O(entries) for an entry bound, which is reserved up front.
    @inlinable
    public init(capacity: Capacity, bits: Int = PolicyDescriptor.clock.defaultInteger("bits")) {
        precondition((1...8).contains(bits), "ClockCache: bits must be in 1...8, got \(bits)")
        _kernel = _PolicyKernel(capacity: capacity) { _ in _ClockPolicy(maximumCounter: UInt8((1 << bits) - 1)) }
    }

    deinit { _kernel.destroy() }

    /// Bits of each entry's reference counter.
    public var bits: Int { _kernel.policy.maximumCounter.nonzeroBitCount }
}

extension ClockCache: ReplayableCache where Key == UInt64, Value == Void {}

/// CLOCK's rules; each slot's extra is its reference counter. Public only
/// as a type parameter of ``_PolicyKernel``; not an API.
@frozen
public struct _ClockPolicy<Key: CacheKey, Value>: _QueuePolicy {
    public typealias Extra = UInt8
    public typealias Table = _SlotTable<Key, Value, Extra>
    public var queue = _SlotList()
    /// 2^bits − 1.
    @usableFromInline let maximumCounter: UInt8

    @inlinable init(maximumCounter: UInt8) { self.maximumCounter = maximumCounter }

    @inlinable public var newExtra: UInt8 { 0 }

    /// A reference: the counter goes up, to at most 2^bits − 1. O(1).
    @inlinable @inline(__always)
    public mutating func hit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {
        let counter = table.extras + Int(slot)
        if counter.pointee < maximumCounter { counter.pointee &+= 1 }
    }

    /// Passes the hand over the oldest entries until one is evicted.
    /// Amortized O(1): each pass spends a reference the entry earned.
    @inlinable @inline(__always)
    public mutating func makeRoom(for request: _Request<Key>, ghost: Never?, in table: inout Table) {
        while true {
            let oldest = queue.back
            let counter = table.extras + Int(oldest)
            guard counter.pointee > 0 else {
                table.remove(queue.popBack(table.links))
                return
            }
            counter.pointee &-= 1
            queue.moveToFront(oldest, table.links)
        }
    }
}
