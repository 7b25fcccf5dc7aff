/// Belady's MIN, the offline optimum: to make room, evict the resident
/// entry whose next request lies farthest in the future.
///
/// The policy cannot see the future itself: each request brings its
/// *next access* — the position (or any clock that increases along the
/// stream) of the next request for the same key, negative or `Int64.max`
/// when there is none. The simulator drives it through
/// ``FutureAwareCache/replay(keys:sizes:times:nextAccess:tally:)``; the
/// harness computes the values by a pass over the whole stream and refuses
/// to run `belady` on a stream it cannot see whole.
///
/// Every miss inserts the requested key (demand paging, as in
/// libCacheSim's `Belady` and the reference hit counts), so the newest key
/// is always resident. Resident entries sit in a binary max-heap on their
/// next access: O(log n) per miss and per hit.
///
/// Through the plain ``Cache`` methods, which carry no next access, every
/// request counts as never coming back; ties are broken arbitrarily, so
/// such hit counts mean nothing — the registry marks the policy as
/// needing the future and the harness always supplies it.
public final class BeladyCache<Key: CacheKey, Value>: _SlotTableCache {
    @exclusivity(unchecked) @usableFromInline var table: _SlotTable<Key, Value, _BeladyEntry>
    /// Slots as a max-heap on their next access.
    @exclusivity(unchecked) @usableFromInline var heap: [Int32] = []
    @exclusivity(unchecked) @usableFromInline var evictionCount = 0
    @usableFromInline let bound: _CacheBound
    @inlinable public var _table: _SlotTable<Key, Value, _BeladyEntry> { table }
    @inlinable public var _bound: _CacheBound { bound }
    @inlinable public var _evictionCount: Int { evictionCount }

    /// A cache bounded by `capacity`. O(entries) for an entry bound, which
    /// is reserved up front.
    @inlinable
    public init(capacity: Capacity) {
        bound = _CacheBound(capacity)
        table = _SlotTable(slots: bound.initialSlots)
        heap.reserveCapacity(bound.initialSlots)
    }

    /// A cache of at most `capacity` entries.
    @inlinable
    public convenience init(capacity: Int) { self.init(capacity: .entries(capacity)) }

    deinit { table.destroy() }

    /// `next` with "no next request" as `Int64.max`.
    @inlinable @inline(__always)
    static func normalized(_ next: Int64) -> Int64 { next < 0 ? .max : next }

    @inlinable @inline(__always)
    func nextAccess(atHeap position: Int) -> Int64 { table.extras[Int(heap[position])].next }

    @inlinable @inline(__always)
    func place(_ slot: Int32, at position: Int) {
        heap[position] = slot
        table.extras[Int(slot)].heapIndex = Int32(truncatingIfNeeded: position)
    }

    /// Restores the heap order around `position` after its key changed.
    /// O(log n).
    @inlinable
    func sift(_ start: Int) {
        let slot = heap[start]
        let key = table.extras[Int(slot)].next
        var position = start
        while position > 0 {
            let parent = (position &- 1) >> 1
            guard nextAccess(atHeap: parent) < key else { break }
            place(heap[parent], at: position)
            position = parent
        }
        while true {
            let left = 2 &* position &+ 1
            guard left < heap.count else { break }
            var child = left
            if left &+ 1 < heap.count && nextAccess(atHeap: left &+ 1) > nextAccess(atHeap: left) { child = left &+ 1 }
            guard nextAccess(atHeap: child) > key else { break }
            place(heap[child], at: position)
            position = child
        }
        place(slot, at: position)
    }

    /// Records that `slot`'s next request is at `next`. O(log n).
    @inlinable @inline(__always)
    func reschedule(_ slot: Int32, next: Int64) {
        table.extras[Int(slot)].next = Self.normalized(next)
        sift(Int(table.extras[Int(slot)].heapIndex))
    }

    /// Unlinks `slot` from the heap and removes its entry. O(log n).
    @inlinable @discardableResult
    func removeSlot(_ slot: Int32) -> Value {
        let position = Int(table.extras[Int(slot)].heapIndex)
        let last = heap.removeLast()
        if last != slot {
            place(last, at: position)
            sift(position)
        }
        return table.remove(slot)
    }

    @inlinable public func _removeSlot(_ slot: Int32) -> Value? { removeSlot(slot) }

    /// Stores `key` — absent, and of an admissible size — after evicting
    /// the farthest-needed entries until it fits. O(log n) per eviction.
    @inlinable @inline(__always)
    func insertAbsent(_ key: Key, _ hash: UInt64, _ value: Value, size: Int, next: Int64) {
        while bound.isFull(count: table.count, residentBytes: table.residentBytes, adding: size) {
            removeSlot(heap[0])
            evictionCount &+= 1
        }
        let slot = table.insert(
            key, hash, value: value, size: UInt32(size), extra: _BeladyEntry(next: Self.normalized(next)))
        heap.append(slot)
        sift(heap.count &- 1)
    }

    /// The value for `key` if resident, recording that its next request is
    /// at `nextAccess`. O(log n).
    @inlinable
    public func get(_ key: Key, now: Int64 = 0, nextAccess: Int64) -> Value? {
        let slot = table.find(key, key.cacheHash)
        guard slot >= 0 else { return nil }
        reschedule(slot, next: nextAccess)
        return table.values[Int(slot)]
    }

    /// Stores `value` for `key`, whose next request is at `nextAccess`,
    /// evicting the farthest-needed entries until it fits. O(log n) per
    /// eviction.
    @inlinable @discardableResult
    public func set(_ key: Key, _ value: Value, size: Int = 1, now: Int64 = 0, nextAccess: Int64) -> Bool {
        store(
            key, size: size, isGhost: { _ in false },
            updateInPlace: { found in
                table.replace(found, value: value, size: UInt32(size))
                reschedule(found, next: nextAccess)
            },
            insertAbsent: { hash, _ in insertAbsent(key, hash, value, size: size, next: nextAccess) })
    }

    /// ``get(_:now:nextAccess:)`` with no future known: the key counts as
    /// never requested again. O(log n).
    @inlinable
    public func get(_ key: Key, now: Int64 = 0) -> Value? { get(key, now: now, nextAccess: .max) }

    /// ``set(_:_:size:now:nextAccess:)`` with no future known. O(log n).
    @inlinable @discardableResult
    public func set(_ key: Key, _ value: Value, size: Int = 1, now: Int64 = 0) -> Bool {
        set(key, value, size: size, now: now, nextAccess: .max)
    }

    /// Bytes of slot arrays, index and heap, spare capacity included. O(1).
    @inlinable public var storageBytes: Int {
        table.storageBytes + heap.capacity * MemoryLayout<Int32>.stride
    }
}

extension BeladyCache: ReplayableCache, FutureAwareCache where Key == UInt64, Value == Void {
    /// `get`, and on a miss `set`, for each request with its next access,
    /// with one probe per request. O(log n) per request.
    @inlinable
    public func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>, times: UnsafeBufferPointer<Int64>,
        nextAccess: UnsafeBufferPointer<Int64>, tally: inout ReplayTally
    ) {
        tally.record(keys: keys, sizes: sizes) { i in
            let key = keys[i]
            let hash = key.cacheHash
            let slot = table.find(key, hash)
            if slot >= 0 {
                reschedule(slot, next: nextAccess[i])
                return true
            }
            let size = Int(sizes[i])
            if bound.admits(size) { insertAbsent(key, hash, (), size: size, next: nextAccess[i]) }
            return false
        }
    }

    @inlinable
    public func lookup(_ key: UInt64, now: Int64, nextAccess: Int64) -> Bool {
        get(key, now: now, nextAccess: nextAccess) != nil
    }

    @inlinable
    public func admit(_ key: UInt64, size: Int, now: Int64, nextAccess: Int64) {
        set(key, (), size: size, now: now, nextAccess: nextAccess)
    }
}

/// Belady's per-slot bookkeeping: when the key is needed next, and where
/// its slot sits in the heap. Public only as a type parameter of
/// ``_SlotTable``; not an API.
@frozen
public struct _BeladyEntry {
    @usableFromInline var next: Int64
    @usableFromInline var heapIndex: Int32 = 0
    @inlinable init(next: Int64) { self.next = next }
}
