/// Least frequently used, with O(1) operations (the frequency lists of
/// Shah, Mitra & Matani, 2010): the entry with the fewest hits since it
/// entered leaves to make room; among equals, the least recently used.
///
/// Entries of equal frequency share a list, most recent at the front; the
/// lists hang in a chain of *frequency nodes* ordered by frequency, so a hit
/// moves its entry to the next node's front (creating that node if the
/// next frequency is absent) and eviction takes the back of the lowest
/// node — each O(1). A new key enters with frequency 1, so it is the first
/// candidate to leave: LFU is not scan-resistant through admission, only
/// through the frequency its residents earned.
///
/// Frequencies start afresh when a key comes back after eviction (no
/// history is kept). Setting a resident key replaces its value and size in
/// place and counts as a hit. Not thread-safe; see ``SynchronizedCache``.
public final class LFUCache<Key: CacheKey, Value>: _KernelCache {
    @exclusivity(unchecked) public var _kernel: _PolicyKernel<_LFUPolicy<Key, Value>>

    /// A cache bounded by `capacity`. O(entries) for an entry bound, which
    /// is reserved up front.
    @inlinable
    public init(capacity: Capacity) { _kernel = _PolicyKernel(capacity: capacity) { _ in _LFUPolicy() } }

    deinit { _kernel.destroy() }
}

extension LFUCache: ReplayableCache where Key == UInt64, Value == Void {}

/// LFU's rules; each slot's extra is the frequency node it is listed in.
/// Public only as a type parameter of ``_PolicyKernel``; not an API.
@frozen
public struct _LFUPolicy<Key: CacheKey, Value>: _EvictionPolicy {
    public typealias Extra = Int32
    public typealias Table = _SlotTable<Key, Value, Extra>
    @usableFromInline var nodes = _FrequencyNodes()

    @inlinable init() {}

    /// The frequency nodes' arrays. O(1).
    @inlinable public var storageBytes: Int { nodes.storageBytes }

    /// Moves `slot` to the front of the node one frequency up. O(1).
    @inlinable @inline(__always)
    public mutating func hit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {
        let node = table.extras[Int(slot)]
        let target = nodes.node(after: node, frequency: nodes.frequency[Int(node)] &+ 1)
        nodes.lists[Int(node)].remove(slot, table.links)
        nodes.lists[Int(target)].pushFront(slot, table.links)
        table.extras[Int(slot)] = target
        nodes.releaseIfEmpty(node)
    }

    /// The least recently used entry of the lowest frequency leaves. O(1).
    @inlinable @inline(__always)
    public mutating func makeRoom(for request: _Request<Key>, ghost: Never?, in table: inout Table) {
        let victim = nodes.lists[Int(nodes.lowest)].back
        unlink(victim, in: &table)
        table.remove(victim)
    }

    /// The key enters with frequency 1. O(1).
    @inlinable @inline(__always)
    public mutating func insert(_ request: _Request<Key>, _ value: Value, ghost: Never?, in table: inout Table) -> Int32
    {
        let node = nodes.node(after: -1, frequency: 1)
        let slot = table.insert(request, value, extra: node)
        nodes.lists[Int(node)].pushFront(slot, table.links)
        return slot
    }

    @inlinable @inline(__always)
    public mutating func unlink(_ slot: Int32, in table: inout Table) {
        let node = table.extras[Int(slot)]
        nodes.lists[Int(node)].remove(slot, table.links)
        nodes.releaseIfEmpty(node)
    }
}
