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
public final class BeladyCache<Key: CacheKey, Value>: _KernelCache {
    @exclusivity(unchecked) public var _kernel: _PolicyKernel<_BeladyPolicy<Key, Value>>

    /// A cache bounded by `capacity`. O(entries) for an entry bound, which
    /// is reserved up front.
    @inlinable
    public init(capacity: Capacity) {
        _kernel = _PolicyKernel(capacity: capacity) { _BeladyPolicy(reserving: $0.initialSlots) }
    }

    deinit { _kernel.destroy() }

    /// The value for `key` if resident, recording that its next request is
    /// at `nextAccess`. O(log n).
    @inlinable
    public func get(_ key: Key, now: Int64 = 0, nextAccess: Int64) -> Value? {
        _kernel.get(key, now: now, next: nextAccess)
    }

    /// Stores `value` for `key`, whose next request is at `nextAccess`,
    /// evicting the farthest-needed entries until it fits. O(log n) per
    /// eviction.
    @inlinable @discardableResult
    public func set(_ key: Key, _ value: Value, size: Int = 1, now: Int64 = 0, nextAccess: Int64) -> Bool {
        _kernel.set(key, value, size: size, now: now, next: nextAccess)
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
        _kernel.replay(keys: keys, sizes: sizes, times: times, nextAccess: nextAccess, tally: &tally)
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

/// Belady's rules: resident slots in a binary max-heap on their next
/// access; each slot's extra holds that access and its heap position.
/// Public only as a type parameter of ``_PolicyKernel``; not an API.
@frozen
public struct _BeladyPolicy<Key: CacheKey, Value>: _EvictionPolicy {
    public typealias Extra = _BeladyEntry
    public typealias Table = _SlotTable<Key, Value, Extra>
    @usableFromInline var heap: [Int32] = []

    @inlinable init(reserving slots: Int) { heap.reserveCapacity(slots) }

    /// The heap. O(1).
    @inlinable public var storageBytes: Int { heap.capacity * MemoryLayout<Int32>.stride }

    /// `next` with "no next request" as `Int64.max`.
    @inlinable @inline(__always)
    static func normalized(_ next: Int64) -> Int64 { next < 0 ? .max : next }

    @inlinable @inline(__always)
    func nextAccess(atHeap position: Int, _ table: Table) -> Int64 { table.extras[Int(heap[position])].next }

    @inlinable @inline(__always)
    mutating func place(_ slot: Int32, at position: Int, _ table: Table) {
        heap[position] = slot
        table.extras[Int(slot)].heapIndex = Int32(truncatingIfNeeded: position)
    }

    /// Restores the heap order around `start` after its key changed.
    /// O(log n).
    @inlinable
    mutating func sift(_ start: Int, _ table: Table) {
        let slot = heap[start]
        let key = table.extras[Int(slot)].next
        var position = start
        while position > 0 {
            let parent = (position &- 1) >> 1
            guard nextAccess(atHeap: parent, table) < key else { break }
            place(heap[parent], at: position, table)
            position = parent
        }
        while true {
            let left = 2 &* position &+ 1
            guard left < heap.count else { break }
            var child = left
            if left &+ 1 < heap.count && nextAccess(atHeap: left &+ 1, table) > nextAccess(atHeap: left, table) {
                child = left &+ 1
            }
            guard nextAccess(atHeap: child, table) > key else { break }
            place(heap[child], at: position, table)
            position = child
        }
        place(slot, at: position, table)
    }

    /// A hit (or an update) records when the key is requested next.
    /// O(log n).
    @inlinable @inline(__always)
    public mutating func hit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {
        table.extras[Int(slot)].next = Self.normalized(request.next)
        sift(Int(table.extras[Int(slot)].heapIndex), table)
    }

    /// The entry needed farthest in the future leaves. O(log n).
    @inlinable @inline(__always)
    public mutating func makeRoom(for request: _Request<Key>, ghost: Never?, in table: inout Table) {
        let victim = heap[0]
        unlink(victim, in: &table)
        table.remove(victim)
    }

    /// Every miss inserts the key (demand paging). O(log n).
    @inlinable @inline(__always)
    public mutating func insert(_ request: _Request<Key>, _ value: Value, ghost: Never?, in table: inout Table) -> Int32
    {
        let slot = table.insert(request, value, extra: _BeladyEntry(next: Self.normalized(request.next)))
        heap.append(slot)
        sift(heap.count &- 1, table)
        return slot
    }

    /// Takes the slot out of the heap. O(log n).
    @inlinable @inline(__always)
    public mutating func unlink(_ slot: Int32, in table: inout Table) {
        let position = Int(table.extras[Int(slot)].heapIndex)
        let last = heap.removeLast()
        if last != slot {
            place(last, at: position, table)
            sift(position, table)
        }
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
