/// The map that never evicts — the bug cachesim was born to show: on a
/// stream of unique keys its memory grows without end.
///
/// Same slot arrays and index as the other policies (so its speed is
/// comparable), growing by doubling; ``storageBytes`` grows with the
/// entries. Setting a resident key replaces its value and size. Refuses
/// only sizes of 4 GiB or more, which a slot cannot record. Not
/// thread-safe; see ``SynchronizedCache``.
public final class UnboundedCache<Key: CacheKey, Value>: _KernelCache {
    @exclusivity(unchecked) public var _kernel: _PolicyKernel<_UnboundedPolicy<Key, Value>>

    /// An empty map. O(1).
    @inlinable
    public init() { _kernel = _PolicyKernel(capacity: .unbounded) { _ in _UnboundedPolicy() } }

    deinit { _kernel.destroy() }
}

extension UnboundedCache: ReplayableCache where Key == UInt64, Value == Void {}

/// The unbounded map's rules: no order at all, since nothing ever leaves.
/// Public only as a type parameter of ``_PolicyKernel``; not an API.
@frozen
public struct _UnboundedPolicy<Key: CacheKey, Value>: _EvictionPolicy {
    public typealias Extra = Void
    public typealias Table = _SlotTable<Key, Value, Extra>
    @inlinable init() {}

    @inlinable @inline(__always)
    public mutating func hit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {}

    @inlinable
    public mutating func makeRoom(for request: _Request<Key>, ghost: Never?, in table: inout Table) {
        preconditionFailure("an unbounded cache is never full")
    }

    @inlinable @inline(__always)
    public mutating func insert(_ request: _Request<Key>, _ value: Value, ghost: Never?, in table: inout Table) -> Int32
    {
        table.insert(request, value, extra: ())
    }

    @inlinable @inline(__always)
    public mutating func unlink(_ slot: Int32, in table: inout Table) {}
}
