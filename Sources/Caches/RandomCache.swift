/// Random eviction: to make room, a resident entry chosen uniformly at
/// random leaves. The baseline every policy should beat on skewed traffic,
/// and, on a loop larger than the cache, better than LRU's zero.
///
/// The draws come from a splitmix64 generator seeded at creation (from the
/// run's seed), so a replay is reproducible. Resident slots are kept in a
/// dense array (each slot remembers its position), so a draw, an insertion
/// and a removal are each O(1). Setting a resident key replaces its value
/// and size in place. Not thread-safe; see ``SynchronizedCache``.
public final class RandomCache<Key: CacheKey, Value>: _KernelCache {
    @exclusivity(unchecked) public var _kernel: _PolicyKernel<_RandomPolicy<Key, Value>>

    /// A cache bounded by `capacity` whose draws are seeded by `seed`.
    /// O(entries) for an entry bound, which is reserved up front.
    @inlinable
    public init(capacity: Capacity, seed: UInt64 = 0) {
        _kernel = _PolicyKernel(capacity: capacity) { _RandomPolicy(reserving: $0.initialSlots, seed: seed) }
    }

    deinit { _kernel.destroy() }
}

extension RandomCache: ReplayableCache where Key == UInt64, Value == Void {}

/// Random eviction's rules; each slot's extra is its position in the dense
/// array of residents. Public only as a type parameter of
/// ``_PolicyKernel``; not an API.
@frozen
public struct _RandomPolicy<Key: CacheKey, Value>: _EvictionPolicy {
    public typealias Extra = Int32
    public typealias Table = _SlotTable<Key, Value, Extra>
    @usableFromInline var residents: [Int32] = []
    @usableFromInline var state: UInt64

    @inlinable
    init(reserving slots: Int, seed: UInt64) {
        residents.reserveCapacity(slots)
        state = seed
    }

    /// The dense array of residents. O(1).
    @inlinable public var storageBytes: Int { residents.capacity * MemoryLayout<Int32>.stride }

    /// A uniform draw in `0..<n` (Lemire's multiply-shift; the bias is
    /// below n/2^64). O(1).
    @inlinable @inline(__always)
    mutating func draw(below n: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mix64(state).multipliedFullWidth(by: UInt64(n)).high)
    }

    /// Nothing moves on a hit. O(1).
    @inlinable @inline(__always)
    public mutating func hit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {}

    /// A resident chosen uniformly at random leaves. O(1).
    @inlinable @inline(__always)
    public mutating func makeRoom(for request: _Request<Key>, ghost: Never?, in table: inout Table) {
        let victim = residents[draw(below: residents.count)]
        unlink(victim, in: &table)
        table.remove(victim)
    }

    @inlinable @inline(__always)
    public mutating func insert(_ request: _Request<Key>, _ value: Value, ghost: Never?, in table: inout Table) -> Int32
    {
        let slot = table.insert(request, value, extra: Int32(truncatingIfNeeded: residents.count))
        residents.append(slot)
        return slot
    }

    /// Fills the slot's place in the dense array with the last resident.
    /// O(1).
    @inlinable @inline(__always)
    public mutating func unlink(_ slot: Int32, in table: inout Table) {
        let position = Int(table.extras[Int(slot)])
        let last = residents.removeLast()
        if last != slot {
            residents[position] = last
            table.extras[Int(last)] = Int32(truncatingIfNeeded: position)
        }
    }
}
