/// Random eviction: to make room, a resident entry chosen uniformly at
/// random leaves. The baseline every policy should beat on skewed traffic,
/// and, on a loop larger than the cache, better than LRU's zero.
///
/// The draws come from a splitmix64 generator seeded at creation (from the
/// run's seed), so a replay is reproducible. Resident slots are kept in a
/// dense array (each slot remembers its position), so a draw, an insertion
/// and a removal are each O(1). Setting a resident key replaces its value
/// and size in place. Not thread-safe; see ``SynchronizedCache``.
public final class RandomCache<Key: CacheKey, Value>: _SlotTableCache {
    /// Per-slot extra: the slot's position in `residents`.
    @exclusivity(unchecked) @usableFromInline var table: _SlotTable<Key, Value, Int32>
    @exclusivity(unchecked) @usableFromInline var residents: [Int32] = []
    @exclusivity(unchecked) @usableFromInline var state: UInt64
    @exclusivity(unchecked) @usableFromInline var evictionCount = 0
    @usableFromInline let bound: _CacheBound
    @inlinable public var _table: _SlotTable<Key, Value, Int32> { table }
    @inlinable public var _bound: _CacheBound { bound }
    @inlinable public var _evictionCount: Int { evictionCount }

    /// A cache bounded by `capacity` whose draws are seeded by `seed`.
    /// O(entries) for an entry bound, which is reserved up front.
    @inlinable
    public init(capacity: Capacity, seed: UInt64 = 0) {
        bound = _CacheBound(capacity)
        table = _SlotTable(slots: bound.initialSlots)
        residents.reserveCapacity(bound.initialSlots)
        state = seed
    }

    /// A cache of at most `capacity` entries.
    @inlinable
    public convenience init(capacity: Int, seed: UInt64 = 0) { self.init(capacity: .entries(capacity), seed: seed) }

    deinit { table.destroy() }

    /// A uniform draw in `0..<n` (Lemire's multiply-shift; the bias is
    /// below n/2^64). O(1).
    @inlinable @inline(__always)
    func draw(below n: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mix64(state).multipliedFullWidth(by: UInt64(n)).high)
    }

    /// Removes the entry in `slot`, filling its place in `residents` with
    /// the last one. O(1).
    @inlinable @discardableResult
    func removeSlot(_ slot: Int32) -> Value {
        let position = Int(table.extras[Int(slot)])
        let last = residents.removeLast()
        if last != slot {
            residents[position] = last
            table.extras[Int(last)] = Int32(truncatingIfNeeded: position)
        }
        return table.remove(slot)
    }

    @inlinable public func _removeSlot(_ slot: Int32) -> Value? { removeSlot(slot) }

    /// Stores `key` — absent, and of an admissible size — after evicting
    /// random entries until it fits. O(1) per eviction.
    @inlinable @inline(__always)
    func insertAbsent(_ key: Key, _ hash: UInt64, _ value: Value, size: Int) {
        while bound.isFull(count: table.count, residentBytes: table.residentBytes, adding: size) {
            removeSlot(residents[draw(below: residents.count)])
            evictionCount &+= 1
        }
        let position = Int32(truncatingIfNeeded: residents.count)
        residents.append(table.insert(key, hash, value: value, size: UInt32(size), extra: position))
    }

    /// The value for `key`; nothing moves. Expected O(1).
    @inlinable
    public func get(_ key: Key, now: Int64 = 0) -> Value? {
        let slot = table.find(key, key.cacheHash)
        return slot >= 0 ? table.values[Int(slot)] : nil
    }

    /// Stores `value`, evicting random entries until it fits. Expected O(1)
    /// amortized.
    @inlinable @discardableResult
    public func set(_ key: Key, _ value: Value, size: Int = 1, now: Int64 = 0) -> Bool {
        store(
            key, size: size, isGhost: { _ in false },
            updateInPlace: { found in table.replace(found, value: value, size: UInt32(size)) },
            insertAbsent: { hash, _ in insertAbsent(key, hash, value, size: size) })
    }

    /// Bytes of slot arrays, index and the dense array of residents. O(1).
    @inlinable public var storageBytes: Int {
        table.storageBytes + residents.capacity * MemoryLayout<Int32>.stride
    }
}

extension RandomCache: ReplayableCache where Key == UInt64, Value == Void {
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
            if table.find(key, hash) >= 0 { return true }
            let size = Int(sizes[i])
            if bound.admits(size) { insertAbsent(key, hash, (), size: size) }
            return false
        }
    }
}
