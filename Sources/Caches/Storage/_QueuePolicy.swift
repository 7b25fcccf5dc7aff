/// A policy that keeps its resident entries in one queue, front = newest:
/// LRU, FIFO, CLOCK, SIEVE and TTL. New keys enter at the front, the back
/// leaves to make room, and a removed slot leaves the queue — unless the
/// policy says otherwise; it supplies what a hit does. Public only so that
/// cross-module clients can specialize the policies; not an API.
public protocol _QueuePolicy: _EvictionPolicy where Ghost == Never {
    /// The queue of resident slots, threaded through the table's links.
    var queue: _SlotList { get set }
    /// The extra a new entry starts with.
    var newExtra: Extra { get }
}

extension _QueuePolicy {
    /// The oldest entry leaves. O(1).
    @inlinable @inline(__always)
    public mutating func makeRoom(for request: _Request<Key>, ghost: Never?, in table: inout Table) {
        table.remove(queue.popBack(table.links))
    }

    /// The key enters at the front. Expected O(1), amortized.
    @inlinable @inline(__always)
    public mutating func insert(_ request: _Request<Key>, _ value: Value, ghost: Never?, in table: inout Table) -> Int32
    {
        let slot = table.insert(request, value, extra: newExtra)
        queue.pushFront(slot, table.links)
        return slot
    }

    /// The slot leaves the queue. O(1).
    @inlinable @inline(__always)
    public mutating func unlink(_ slot: Int32, in table: inout Table) { queue.remove(slot, table.links) }
}

extension _QueuePolicy where Extra == Void {
    @inlinable public var newExtra: Void { () }
}
