/// A ``_SlotList`` that also keeps the total weight of its slots, in the
/// bound's unit (1 per entry, or bytes): the books ARC, 2Q, S3-FIFO,
/// W-TinyLFU and LIRS keep for each of their queues. A slot's weight is
/// read from the table when it is linked and unlinked, so a list's weight
/// is right as long as a size changes only while its slot is unlinked or
/// through ``resize(_:to:in:bound:)``. Every operation is O(1).
@frozen @usableFromInline
struct _WeightedList {
    @usableFromInline var list = _SlotList()
    @usableFromInline var weight = 0

    @inlinable init() {}

    @inlinable var isEmpty: Bool { list.isEmpty }
    @inlinable var count: Int { list.count }
    /// The newest slot, or -1.
    @inlinable var front: Int32 { list.front }
    /// The oldest slot, or -1.
    @inlinable var back: Int32 { list.back }

    /// Links `slot` at the front, adding its weight.
    @inlinable @inline(__always)
    mutating func pushFront<K, V, E>(_ slot: Int32, in table: _SlotTable<K, V, E>, bound: _CacheBound) {
        list.pushFront(slot, table.links)
        weight &+= table.weight(slot, under: bound)
    }

    /// Unlinks `slot`, subtracting its weight.
    @inlinable @inline(__always)
    mutating func remove<K, V, E>(_ slot: Int32, in table: _SlotTable<K, V, E>, bound: _CacheBound) {
        list.remove(slot, table.links)
        weight &-= table.weight(slot, under: bound)
    }

    /// Unlinks and returns the oldest slot; the list must not be empty.
    @inlinable @inline(__always)
    mutating func popBack<K, V, E>(in table: _SlotTable<K, V, E>, bound: _CacheBound) -> Int32 {
        let slot = list.back
        remove(slot, in: table, bound: bound)
        return slot
    }

    /// Moves `slot`, which is in this list, to the front.
    @inlinable @inline(__always)
    mutating func moveToFront<K, V, E>(_ slot: Int32, in table: _SlotTable<K, V, E>) {
        list.moveToFront(slot, table.links)
    }

    /// Accounts for `slot`, which is in this list, about to weigh `size`
    /// bytes instead of its current size.
    @inlinable @inline(__always)
    mutating func resize<K, V, E>(_ slot: Int32, to size: Int, in table: _SlotTable<K, V, E>, bound: _CacheBound) {
        weight &+= bound.weight(UInt32(size)) &- table.weight(slot, under: bound)
    }
}

extension _SlotTable {
    /// How much the entry or ghost in `slot` weighs against `bound`: 1, or
    /// its size in bytes. O(1).
    @inlinable @inline(__always)
    func weight(_ slot: Int32, under bound: _CacheBound) -> Int { bound.weight(sizes[Int(slot)]) }

    /// Stores the missed key of `request` with `value` and `extra` (see
    /// ``insert(_:_:value:size:extra:)``). Expected O(1), amortized.
    @inlinable @inline(__always)
    mutating func insert(_ request: _Request<Key>, _ value: Value, extra: Extra) -> Int32 {
        insert(request.key, request.hash, value: value, size: UInt32(request.size), extra: extra)
    }
}
