/// Per-entry lifetimes for any kernel policy: the expiry time of each
/// resident entry, by slot, and a min-heap of (expiry time, key) that finds
/// the entries due at any moment without a scan. With it a cache honours
/// the lifetime each `set` gives (a stream's TTLs, `SET … PX`) beside its
/// own eviction order: the one mechanism every policy shares.
///
/// The heap is lazy: an entry that leaves by eviction or removal, or whose
/// lifetime a later `set` restarts, leaves its heap record behind. A record
/// counts only while its key still holds a resident slot whose expiry time
/// equals the record's, so a stale record never expires the wrong entry
/// (one that happens to match expires at exactly its own time anyway). The
/// heap is rebuilt from its live records whenever it holds a quarter more
/// records than there are resident entries (plus a floor), so its memory
/// stays proportional to the cache's: O(1) amortized per set (each rebuild
/// looks up the records, and follows at least a quarter of the entries'
/// worth of sets), O(log n) for the push.
///
/// Public only as a part of ``_PolicyKernel``; not an API.
@frozen
public struct _EntryLifetimes<Key: CacheKey> {
    /// Each slot's expiry time in nanoseconds; `Int64.max`: never. Grown
    /// as slots are handed out.
    @usableFromInline var expiresAt: ContiguousArray<Int64> = []
    /// A 4-ary min-heap on `at`: half the levels of a binary one, and a
    /// node's four children (64 bytes of 16-byte records) share a cache
    /// line, so a sift touches about one line a level.
    @usableFromInline var heap: ContiguousArray<_ExpiryRecord<Key>> = []
    /// Children per node.
    @inlinable static var arity: Int { 4 }

    /// Records below which the heap is never rebuilt.
    @inlinable static var rebuildFloor: Int { 256 }

    @inlinable init() {}

    /// Bytes of the expiry times and the heap, spare capacity included. O(1).
    @inlinable var storageBytes: Int {
        expiresAt.capacity * MemoryLayout<Int64>.stride + heap.capacity * MemoryLayout<_ExpiryRecord<Key>>.stride
    }

    /// Whether the entry in `slot` is live at `now` (an entry is live until
    /// its expiry time, exclusive). O(1).
    @inlinable @inline(__always)
    func isLive(_ slot: Int32, now: Int64) -> Bool {
        let i = Int(slot)
        return i >= expiresAt.count || expiresAt[i] > now
    }

    /// Gives the entry just stored or restarted in `slot` its `lifetime`
    /// from `now` (0 or less: it never expires). O(log n).
    @inlinable @inline(__always)
    mutating func start(_ slot: Int32, key: Key, now: Int64, lifetime: Int64) {
        let i = Int(slot)
        if _slowPath(i >= expiresAt.count) {
            expiresAt.append(contentsOf: repeatElement(Int64.max, count: i + 1 - expiresAt.count))
        }
        guard lifetime > 0 else {
            expiresAt[i] = .max
            return
        }
        let at = now > Int64.max - lifetime ? Int64.max - 1 : now &+ lifetime
        expiresAt[i] = at
        push(_ExpiryRecord(at: at, key: key))
    }

    /// The earliest record's time, or `Int64.max` when there is none. O(1).
    @inlinable @inline(__always)
    var earliest: Int64 { heap.isEmpty ? .max : heap[0].at }

    /// Removes and returns the earliest record. The heap must not be empty.
    /// O(log n).
    @inlinable
    mutating func popEarliest() -> _ExpiryRecord<Key> {
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
        return top
    }

    /// Whether `record` still describes the entry in `slot` (its key's
    /// resident slot).
    @inlinable @inline(__always)
    func describes(_ record: _ExpiryRecord<Key>, slot: Int32) -> Bool {
        Int(slot) < expiresAt.count && expiresAt[Int(slot)] == record.at
    }

    /// Whether the heap has outgrown `residents` enough to be rebuilt.
    @inlinable @inline(__always)
    func needsRebuild(residents: Int) -> Bool { heap.count > residents &+ residents / 4 &+ Self.rebuildFloor }

    /// Keeps only the records `isCurrent` accepts and restores the heap
    /// order; storage more than twice what is kept is given back. O(n).
    @inlinable
    mutating func rebuild(keeping isCurrent: (_ExpiryRecord<Key>) -> Bool) {
        heap.removeAll { !isCurrent($0) }
        if heap.capacity > 2 * (heap.count + Self.rebuildFloor) { heap = ContiguousArray(heap) }
        var i = (heap.count + Self.arity - 2) / Self.arity
        while i > 0 {
            i -= 1
            siftDown(i)
        }
    }

    @inlinable
    mutating func push(_ record: _ExpiryRecord<Key>) {
        heap.append(record)
        heap.withUnsafeMutableBufferPointer { heap in
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / Self.arity
                guard record.at < heap[parent].at else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = record
        }
    }

    @inlinable
    mutating func siftDown(_ start: Int) {
        heap.withUnsafeMutableBufferPointer { heap in
            let record = heap[start]
            var parent = start
            let n = heap.count
            while true {
                let first = Self.arity * parent + 1
                guard first < n else { break }
                var child = first
                for other in first + 1..<min(first + Self.arity, n) where heap[other].at < heap[child].at {
                    child = other
                }
                guard heap[child].at < record.at else { break }
                heap[parent] = heap[child]
                parent = child
            }
            heap[parent] = record
        }
    }
}

/// When one entry is due to expire, and whose it is. Public only as a part
/// of ``_EntryLifetimes``; not an API.
@frozen
public struct _ExpiryRecord<Key: CacheKey> {
    @usableFromInline let at: Int64
    @usableFromInline let key: Key

    @inlinable init(at: Int64, key: Key) {
        self.at = at
        self.key = key
    }
}
