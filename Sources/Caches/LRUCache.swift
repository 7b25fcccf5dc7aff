/// Least recently used: a hit moves the key to the front; the back leaves
/// to make room.
///
/// ```swift
/// let cache = LRUCache<String, Response>(capacity: 4096)
/// if let hit = cache.get(url) { return hit }
/// cache.set(url, response)
/// ```
///
/// Entries live in slot arrays linked by `Int32` indices behind an
/// open-addressing index: about 37 bytes an entry for `UInt64` keys and no
/// values. Setting a resident key replaces its value and size and moves it
/// to the front. Not thread-safe; see ``SynchronizedCache``.
public final class LRUCache<Key: CacheKey, Value>: _KernelCache {
    @exclusivity(unchecked) public var _kernel: _PolicyKernel<_LRUPolicy<Key, Value>>

    /// A cache bounded by `capacity`. O(entries) for an entry bound, which
    /// is reserved up front.
    @inlinable
    public init(capacity: Capacity) { _kernel = _PolicyKernel(capacity: capacity) { _ in _LRUPolicy() } }

    deinit { _kernel.destroy() }
}

extension LRUCache: ReplayableCache where Key == UInt64, Value == Void {}

/// LRU's rules: one queue, front = most recent. Public only as a type
/// parameter of ``_PolicyKernel``; not an API.
@frozen
public struct _LRUPolicy<Key: CacheKey, Value>: _QueuePolicy {
    public typealias Extra = Void
    public typealias Table = _SlotTable<Key, Value, Extra>
    public var queue = _SlotList()

    @inlinable init() {}

    @inlinable @inline(__always)
    public mutating func hit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {
        queue.moveToFront(slot, table.links)
    }
}
