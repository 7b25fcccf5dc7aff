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
public final class LFUCache<Key: CacheKey, Value>: _SlotTableCache {
    /// Per-slot extra: the frequency node the slot is listed in.
    @exclusivity(unchecked) @usableFromInline var table: _SlotTable<Key, Value, Int32>
    @exclusivity(unchecked) @usableFromInline var nodes = _FrequencyNodes()
    @exclusivity(unchecked) @usableFromInline var evictionCount = 0
    @usableFromInline let bound: _CacheBound
    @inlinable public var _table: _SlotTable<Key, Value, Int32> { table }
    @inlinable public var _bound: _CacheBound { bound }
    @inlinable public var _evictionCount: Int { evictionCount }

    /// A cache bounded by `capacity`. O(entries) for an entry bound, which
    /// is reserved up front.
    @inlinable
    public init(capacity: Capacity) {
        bound = _CacheBound(capacity)
        table = _SlotTable(slots: bound.initialSlots)
    }

    /// A cache of at most `capacity` entries.
    @inlinable
    public convenience init(capacity: Int) { self.init(capacity: .entries(capacity)) }

    deinit { table.destroy() }

    /// Moves `slot` to the front of the node one frequency up. O(1).
    @inlinable @inline(__always)
    func hit(_ slot: Int32) {
        let node = table.extras[Int(slot)]
        let target = nodes.node(after: node, frequency: nodes.frequency[Int(node)] &+ 1)
        nodes.lists[Int(node)].remove(slot, table.links)
        nodes.lists[Int(target)].pushFront(slot, table.links)
        table.extras[Int(slot)] = target
        nodes.releaseIfEmpty(node)
    }

    /// Unlinks `slot` from its node and removes its entry. O(1).
    @inlinable @discardableResult
    func removeSlot(_ slot: Int32) -> Value {
        let node = table.extras[Int(slot)]
        nodes.lists[Int(node)].remove(slot, table.links)
        nodes.releaseIfEmpty(node)
        return table.remove(slot)
    }

    @inlinable public func _removeSlot(_ slot: Int32) -> Value? { removeSlot(slot) }

    /// Stores `key` — absent, and of an admissible size — with frequency 1
    /// after evicting until it fits. O(1) per eviction.
    @inlinable @inline(__always)
    func insertAbsent(_ key: Key, _ hash: UInt64, _ value: Value, size: Int) {
        while bound.isFull(count: table.count, residentBytes: table.residentBytes, adding: size) {
            removeSlot(nodes.lists[Int(nodes.lowest)].back)
            evictionCount &+= 1
        }
        let node = nodes.node(after: -1, frequency: 1)
        let slot = table.insert(key, hash, value: value, size: UInt32(size), extra: node)
        nodes.lists[Int(node)].pushFront(slot, table.links)
    }

    /// The value for `key`, counting a hit. Expected O(1).
    @inlinable
    public func get(_ key: Key, now: Int64 = 0) -> Value? {
        let slot = table.find(key, key.cacheHash)
        guard slot >= 0 else { return nil }
        hit(slot)
        return table.values[Int(slot)]
    }

    /// Stores `value` with frequency 1, evicting the least frequently
    /// (then least recently) used until it fits. Expected O(1) amortized.
    @inlinable @discardableResult
    public func set(_ key: Key, _ value: Value, size: Int = 1, now: Int64 = 0) -> Bool {
        store(
            key, size: size, isGhost: { _ in false },
            updateInPlace: { found in
                table.replace(found, value: value, size: UInt32(size))
                hit(found)
            },
            insertAbsent: { hash, _ in insertAbsent(key, hash, value, size: size) })
    }

    /// Bytes of slot arrays, index and frequency nodes, spare capacity
    /// included. O(1).
    @inlinable public var storageBytes: Int { table.storageBytes + nodes.storageBytes }
}

extension LFUCache: ReplayableCache where Key == UInt64, Value == Void {
    /// `get`, and on a miss `set`, for each request, with one probe per
    /// request. Expected O(1) per request.
    @inlinable
    public func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>, tally: inout ReplayTally
    ) {
        tally.record(keys: keys, sizes: sizes) { i in
            let key = keys[i]
            let hash = key.cacheHash
            let slot = table.find(key, hash)
            if slot >= 0 {
                hit(slot)
                return true
            }
            let size = Int(sizes[i])
            if bound.admits(size) { insertAbsent(key, hash, (), size: size) }
            return false
        }
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
