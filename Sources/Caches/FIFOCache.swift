/// First in, first out: the oldest insertion leaves to make room; hits
/// change nothing.
///
/// Setting a resident key replaces its value and size in place: it keeps
/// its position in the queue (as libCacheSim's FIFO does). About 37 bytes
/// an entry for `UInt64` keys and no values. Not thread-safe; see
/// ``SynchronizedCache``.
public final class FIFOCache<Key: CacheKey, Value>: _KernelCache {
    @exclusivity(unchecked) public var _kernel: _PolicyKernel<_FIFOPolicy<Key, Value>>

    /// A cache bounded by `capacity`. O(entries) for an entry bound, which
    /// is reserved up front.
    @inlinable
    public init(capacity: Capacity) { _kernel = _PolicyKernel(capacity: capacity) { _ in _FIFOPolicy() } }

    deinit { _kernel.destroy() }
}

extension FIFOCache: ReplayableCache where Key == UInt64, Value == Void {}

/// FIFO's rules: one queue in insertion order, front = newest. Public only
/// as a type parameter of ``_PolicyKernel``; not an API.
@frozen
public struct _FIFOPolicy<Key: CacheKey, Value>: _QueuePolicy {
    public typealias Extra = Void
    public typealias Table = _SlotTable<Key, Value, Extra>
    public var queue = _SlotList()

    @inlinable init() {}

    @inlinable @inline(__always)
    public mutating func hit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {}
}
