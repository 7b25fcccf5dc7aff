/// LFU with dynamic aging, LFU-DA (Arlitt, Cherkasova, Dilley, Friedrich &
/// Jin, "Evaluating Content Management Techniques for Web Proxy Caches",
/// 2000), with every object's cost 1.
///
/// Each entry has a priority K = F + L, where F counts its references since
/// it entered and L is the cache's *age*, 0 at first:
///
/// - A new key enters with F = 1, so K = L + 1.
/// - A hit adds one to F and sets K = F + L, with L as it is now.
/// - To make room, the entry of least K leaves (among equals, the least
///   recently referenced), and L becomes its K.
///
/// So keys that were popular long ago lose their lead as L catches up with
/// them, which plain LFU never lets happen. Object sizes decide only how
/// many entries must leave; they do not enter K (that would be GDSF).
///
/// libCacheSim 0.3.5's `LFUDA.c` is deliberately not followed: on a hit it
/// adds the current age to the priority (K += L) instead of setting
/// K = F + L, so before its first eviction (L = 0) a hit changes nothing
/// but recency, and afterwards popular keys' priorities grow geometrically
/// and L with them. Its hit counts differ from these; the difference is
/// that rule alone (Tests/CachesTests/LibCacheSimTests.swift replays it).
///
/// Entries with the same F sit in one list of the frequency nodes LFU
/// uses, most recently referenced at the front. Within a list, K grows from
/// back to front (L never falls), so each list's back is its least entry;
/// a binary heap over the lists finds the least of those. Two lists'
/// backs with equal K are ordered by F — the one with more references was
/// referenced earlier, when L was lower. A hit or an eviction is O(1) plus
/// O(log f) for f distinct frequencies when a list's back changes; about 53
/// bytes an entry for `UInt64` keys and no values. Setting a resident key
/// replaces its value and size in place and counts as a hit. Not
/// thread-safe; see ``SynchronizedCache``.
public final class LFUDACache<Key: CacheKey, Value>: _KernelCache {
    @exclusivity(unchecked) public var _kernel: _PolicyKernel<_LFUDAPolicy<Key, Value>>

    /// A cache bounded by `capacity`. O(entries) for an entry bound, which
    /// is reserved up front.
    @inlinable
    public init(capacity: Capacity) { _kernel = _PolicyKernel(capacity: capacity) { _ in _LFUDAPolicy() } }

    /// A cache of at most `capacity` entries.
    @inlinable
    public convenience init(capacity: Int) { self.init(capacity: .entries(capacity)) }

    deinit { _kernel.destroy() }

    /// The cache's age L: the priority of the last entry evicted, 0 before
    /// the first.
    public var age: UInt64 { _kernel.policy.age }
}

extension LFUDACache: ReplayableCache where Key == UInt64, Value == Void {}

/// LFU-DA's rules; each slot's extra holds its priority and frequency
/// node. Public only as a type parameter of ``_PolicyKernel``; not an API.
@frozen
public struct _LFUDAPolicy<Key: CacheKey, Value>: _EvictionPolicy {
    public typealias Extra = _LFUDAEntry
    public typealias Table = _SlotTable<Key, Value, Extra>
    @usableFromInline var nodes = _FrequencyNodes()
    /// The frequency nodes, as a binary min-heap on their backs' priority.
    @usableFromInline var heap: [Int32] = []
    /// Each node's index in `heap`, by node.
    @usableFromInline var place: [Int32] = []
    /// L: the priority of the last entry evicted.
    @usableFromInline var age: UInt64 = 0

    @inlinable init() {}

    /// The frequency nodes and the heap. O(1).
    @inlinable public var storageBytes: Int {
        nodes.storageBytes + (heap.capacity + place.capacity) * MemoryLayout<Int32>.stride
    }

    /// A hit: F + 1, K = F + L, to the front of the next frequency's list.
    /// O(1), plus O(log f) when the entry was its list's back.
    @inlinable @inline(__always)
    public mutating func hit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {
        let entry = table.extras + Int(slot)
        let node = entry.pointee.node
        let frequency = nodes.frequency[Int(node)] &+ 1
        let target = nodes.node(after: node, frequency: frequency)
        let created = nodes.lists[Int(target)].isEmpty
        let wasOldest = nodes.lists[Int(node)].back == slot
        nodes.lists[Int(node)].remove(slot, table.links)
        entry.pointee = _LFUDAEntry(priority: age &+ UInt64(frequency), node: target)
        nodes.lists[Int(target)].pushFront(slot, table.links)
        left(node, itsOldest: wasOldest, in: table)
        if created { enter(target, in: table) }
    }

    /// The entry of least priority leaves, and the age becomes its
    /// priority. O(log f).
    @inlinable @inline(__always)
    public mutating func makeRoom(for request: _Request<Key>, ghost: Never?, in table: inout Table) {
        let node = heap[0]
        let victim = nodes.lists[Int(node)].back
        age = table.extras[Int(victim)].priority
        nodes.lists[Int(node)].remove(victim, table.links)
        left(node, itsOldest: true, in: table)
        table.remove(victim)
    }

    /// The key enters with F = 1, K = L + 1. O(1), plus O(log f) when the
    /// list of frequency 1 is new.
    @inlinable @inline(__always)
    public mutating func insert(_ request: _Request<Key>, _ value: Value, ghost: Never?, in table: inout Table) -> Int32
    {
        let node = nodes.node(after: -1, frequency: 1)
        let created = nodes.lists[Int(node)].isEmpty
        let slot = table.insert(request, value, extra: _LFUDAEntry(priority: age &+ 1, node: node))
        nodes.lists[Int(node)].pushFront(slot, table.links)
        if created { enter(node, in: table) }
        return slot
    }

    @inlinable @inline(__always)
    public mutating func unlink(_ slot: Int32, in table: inout Table) {
        let node = table.extras[Int(slot)].node
        let wasOldest = nodes.lists[Int(node)].back == slot
        nodes.lists[Int(node)].remove(slot, table.links)
        left(node, itsOldest: wasOldest, in: table)
    }

    // MARK: The heap of frequency lists

    /// An entry left `node`'s list: an empty list leaves the heap and the
    /// chain; one whose back left has a greater least priority now.
    @inlinable @inline(__always)
    mutating func left(_ node: Int32, itsOldest: Bool, in table: Table) {
        if nodes.lists[Int(node)].isEmpty {
            leaveHeap(node, in: table)
            nodes.releaseIfEmpty(node)
        } else if itsOldest {
            siftDown(Int(place[Int(node)]), in: table)
        }
    }

    /// Whether `a`'s back comes before `b`'s: less priority, or equal and
    /// more references (so referenced earlier).
    @inlinable @inline(__always)
    func precedes(_ a: Int32, _ b: Int32, in table: Table) -> Bool {
        let pa = table.extras[Int(nodes.lists[Int(a)].back)].priority
        let pb = table.extras[Int(nodes.lists[Int(b)].back)].priority
        return pa < pb || (pa == pb && nodes.frequency[Int(a)] > nodes.frequency[Int(b)])
    }

    @inlinable
    mutating func enter(_ node: Int32, in table: Table) {
        while place.count <= Int(node) { place.append(-1) }
        heap.append(node)
        place[Int(node)] = Int32(truncatingIfNeeded: heap.count &- 1)
        siftUp(heap.count &- 1, in: table)
    }

    @inlinable
    mutating func leaveHeap(_ node: Int32, in table: Table) {
        let index = Int(place[Int(node)])
        let last = heap.removeLast()
        guard index < heap.count else { return }
        heap[index] = last
        place[Int(last)] = Int32(truncatingIfNeeded: index)
        siftDown(index, in: table)
        siftUp(Int(place[Int(last)]), in: table)
    }

    @inlinable
    mutating func siftUp(_ start: Int, in table: Table) {
        var index = start
        let node = heap[index]
        while index > 0 {
            let parent = (index &- 1) >> 1
            guard precedes(node, heap[parent], in: table) else { break }
            heap[index] = heap[parent]
            place[Int(heap[index])] = Int32(truncatingIfNeeded: index)
            index = parent
        }
        heap[index] = node
        place[Int(node)] = Int32(truncatingIfNeeded: index)
    }

    @inlinable
    mutating func siftDown(_ start: Int, in table: Table) {
        var index = start
        let node = heap[index]
        let count = heap.count
        while true {
            var child = 2 &* index &+ 1
            guard child < count else { break }
            if child &+ 1 < count && precedes(heap[child &+ 1], heap[child], in: table) { child &+= 1 }
            guard precedes(heap[child], node, in: table) else { break }
            heap[index] = heap[child]
            place[Int(heap[index])] = Int32(truncatingIfNeeded: index)
            index = child
        }
        heap[index] = node
        place[Int(node)] = Int32(truncatingIfNeeded: index)
    }
}

/// LFU-DA's per-slot bookkeeping: the entry's priority K and the frequency
/// node it is listed in. Public only as a type parameter of
/// ``_SlotTable``; not an API.
@frozen
public struct _LFUDAEntry {
    @usableFromInline var priority: UInt64
    @usableFromInline var node: Int32
    @inlinable init(priority: UInt64, node: Int32) {
        self.priority = priority
        self.node = node
    }
}
