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

    /// A cache of at most `capacity` entries.
    @inlinable
    public convenience init(capacity: Int) { self.init(capacity: .entries(capacity)) }

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

/// LFU's chain of frequency nodes, lowest frequency first: each node holds
/// a frequency and the list of slots at it. Nodes live in arrays linked by
/// `Int32` indices and are recycled through a free list; there are never
/// more nodes than resident entries. Every operation is O(1).
@usableFromInline
struct _FrequencyNodes {
    @usableFromInline var frequency: [Int] = []
    @usableFromInline var lists: [_SlotList] = []
    /// The node of the next higher frequency, or -1; free nodes chain here.
    @usableFromInline var higher: [Int32] = []
    /// The node of the next lower frequency, or -1.
    @usableFromInline var lower: [Int32] = []
    /// The node of the lowest frequency, or -1 when there are none.
    @usableFromInline var lowest: Int32 = -1
    @usableFromInline var freeHead: Int32 = -1

    @inlinable init() {}

    /// The node for `frequency` just above `node` (-1: at the bottom of the
    /// chain), created there if the next node holds another frequency.
    @inlinable @inline(__always)
    mutating func node(after node: Int32, frequency wanted: Int) -> Int32 {
        let next = node >= 0 ? higher[Int(node)] : lowest
        if next >= 0 && frequency[Int(next)] == wanted { return next }
        let created = allocate(frequency: wanted)
        higher[Int(created)] = next
        lower[Int(created)] = node
        if next >= 0 { lower[Int(next)] = created }
        if node >= 0 { higher[Int(node)] = created } else { lowest = created }
        return created
    }

    @inlinable @inline(__always)
    mutating func allocate(frequency wanted: Int) -> Int32 {
        if freeHead >= 0 {
            let node = freeHead
            freeHead = higher[Int(node)]
            frequency[Int(node)] = wanted
            lists[Int(node)] = _SlotList()
            return node
        }
        frequency.append(wanted)
        lists.append(_SlotList())
        higher.append(-1)
        lower.append(-1)
        return Int32(truncatingIfNeeded: frequency.count &- 1)
    }

    /// Unchains `node` and frees it if its list is empty.
    @inlinable @inline(__always)
    mutating func releaseIfEmpty(_ node: Int32) {
        guard lists[Int(node)].isEmpty else { return }
        let up = higher[Int(node)]
        let down = lower[Int(node)]
        if up >= 0 { lower[Int(up)] = down }
        if down >= 0 { higher[Int(down)] = up } else { lowest = up }
        higher[Int(node)] = freeHead
        freeHead = node
    }

    /// Bytes of the node arrays. O(1).
    @inlinable var storageBytes: Int {
        frequency.capacity * MemoryLayout<Int>.stride + lists.capacity * MemoryLayout<_SlotList>.stride
            + (higher.capacity + lower.capacity) * MemoryLayout<Int32>.stride
    }
}
