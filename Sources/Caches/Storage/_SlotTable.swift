/// The storage every policy is built on: entries in contiguous slot arrays
/// (keys, values, sizes, per-policy `Extra`, and a pair of `Int32` links),
/// a free list of vacated slots, and a ``_KeyIndex`` from keys to slots.
///
/// The table does not order anything: policies thread their queues through
/// ``links`` with ``_SlotList``. It does keep the books every policy needs:
/// resident entries, their bytes, and *ghosts* — entries that hold a key but
/// no value (2Q's A1out), which share the one index instead of a second
/// hash table.
///
/// A value type over raw memory: the owning cache calls ``destroy(hasValue:)``
/// exactly once, in its `deinit`.
///
/// Public only so that ``_SlotTableCache`` can name it and clients can
/// inline the policies' statistics; not an API.
@frozen
public struct _SlotTable<Key: CacheKey, Value, Extra> {
    @usableFromInline var index: _KeyIndex
    @usableFromInline var keys: UnsafeMutablePointer<Key>
    @usableFromInline var values: UnsafeMutablePointer<Value>
    @usableFromInline var sizes: UnsafeMutablePointer<UInt32>
    @usableFromInline var extras: UnsafeMutablePointer<Extra>
    @usableFromInline var links: _SlotLinks
    /// Slots allocated.
    @usableFromInline var slotCapacity: Int
    /// Slots `0..<highWater` have been handed out at least once.
    @usableFromInline var highWater: Int = 0
    /// First vacated slot, chained through the older links; -1 when none.
    @usableFromInline var freeHead: Int32 = -1
    /// Entries holding a value.
    @usableFromInline var count: Int = 0
    /// Entries holding a key only.
    @usableFromInline var ghostCount: Int = 0
    /// Sum of the sizes of entries holding a value.
    @usableFromInline var residentBytes: Int = 0

    /// The most slots a table can address with `Int32` links.
    @inlinable static var maximumSlots: Int { Int(Int32.max) - 1 }

    /// An empty table with room for `slots` entries (ghosts included) before
    /// it grows. O(slots).
    @inlinable
    init(slots: Int) {
        let slots = Swift.max(1, Swift.min(slots, Self.maximumSlots))
        index = _KeyIndex(minimumCapacity: slots)
        slotCapacity = slots
        keys = _allocateSlots(slots)
        values = _allocateSlots(slots)
        sizes = _allocateSlots(slots)
        extras = _allocateSlots(slots)
        links = _SlotLinks(newer: _allocateSlots(slots), older: _allocateSlots(slots))
    }

    /// The slot holding `key` (resident or ghost), or -1; `hash` is its
    /// ``CacheKey/cacheHash``. Expected O(1).
    @inlinable @inline(__always)
    func find(_ key: Key, _ hash: UInt64) -> Int32 {
        index.find(hash) { keys[Int($0)] == key }
    }

    /// Starts loading the home bucket of `hash`: a replay asks for it a
    /// few requests ahead, so that request's index miss overlaps with the
    /// work between. A hint only: it reads nothing.
    @inlinable @inline(__always)
    func prefetchBucket(_ hash: UInt64) { _prefetch(index.buckets + index.home(hash)) }

    /// Starts loading the slot the home bucket of `hash` names, if any —
    /// its key, extra and links — for a request nearer ahead, whose bucket
    /// ``prefetchBucket(_:)`` asked for earlier. The slot may turn out to
    /// be another key's, or change before that request comes: the hint is
    /// then wasted, never wrong.
    @inlinable @inline(__always)
    func prefetchSlot(_ hash: UInt64) {
        let word = index.buckets[index.home(hash)]
        guard word != 0 else { return }
        let slot = Int(word &- 1)
        _prefetch(keys + slot)
        _prefetch(extras + slot)
        _prefetch(links.newerLinks + slot)
        _prefetch(links.olderLinks + slot)
    }

    /// Stores a new resident entry for `key`, which must not be in the
    /// table, and returns its slot, linked into no list. Expected O(1),
    /// amortized over growth.
    @inlinable @inline(__always)
    mutating func insert(_ key: Key, _ hash: UInt64, value: Value, size: UInt32, extra: Extra) -> Int32 {
        let slot = takeFreeSlot()
        let i = Int(slot)
        (keys + i).initialize(to: key)
        (values + i).initialize(to: value)
        sizes[i] = size
        (extras + i).initialize(to: extra)
        let keys = keys
        index.insert(hash, slot: slot) { keys[Int($0)].cacheHash }
        count &+= 1
        residentBytes &+= Int(size)
        return slot
    }

    @inlinable @inline(__always)
    mutating func takeFreeSlot() -> Int32 {
        if freeHead >= 0 {
            let slot = freeHead
            freeHead = links.older(slot)
            return slot
        }
        if _slowPath(highWater == slotCapacity) { grow() }
        highWater &+= 1
        return Int32(truncatingIfNeeded: highWater &- 1)
    }

    /// Doubles the slot arrays. O(slots).
    @inlinable @inline(never)
    mutating func grow() {
        precondition(slotCapacity < Self.maximumSlots, "cache full: at most \(Self.maximumSlots) slots")
        let newCapacity = Swift.min(slotCapacity * 2, Self.maximumSlots)
        _moveSlots(&keys, count: highWater, newCapacity: newCapacity)
        _moveSlots(&values, count: highWater, newCapacity: newCapacity)
        _moveSlots(&sizes, count: highWater, newCapacity: newCapacity)
        _moveSlots(&extras, count: highWater, newCapacity: newCapacity)
        _moveSlots(&links.newerLinks, count: highWater, newCapacity: newCapacity)
        _moveSlots(&links.olderLinks, count: highWater, newCapacity: newCapacity)
        slotCapacity = newCapacity
    }

    /// Replaces the value and size of the resident entry in `slot`. O(1).
    @inlinable @inline(__always)
    mutating func replace(_ slot: Int32, value: Value, size: UInt32) {
        let i = Int(slot)
        values[i] = value
        residentBytes &+= Int(size) &- Int(sizes[i])
        sizes[i] = size
    }

    /// Removes the resident entry in `slot`, already unlinked from its list,
    /// and returns its value. Expected O(1).
    @inlinable @inline(__always)
    @discardableResult
    mutating func remove(_ slot: Int32) -> Value {
        let i = Int(slot)
        count &-= 1
        residentBytes &-= Int(sizes[i])
        let value = (values + i).move()
        release(slot)
        return value
    }

    /// Drops the value of the resident entry in `slot` but keeps its key
    /// (and size) as a ghost. O(1).
    @inlinable @inline(__always)
    mutating func demoteToGhost(_ slot: Int32) {
        let i = Int(slot)
        count &-= 1
        ghostCount &+= 1
        residentBytes &-= Int(sizes[i])
        (values + i).deinitialize(count: 1)
    }

    /// Removes the ghost in `slot`, already unlinked from its list.
    /// Expected O(1).
    @inlinable @inline(__always)
    mutating func removeGhost(_ slot: Int32) {
        ghostCount &-= 1
        release(slot)
    }

    /// Unindexes `slot`, deinitializes its key and extra, and puts it on the
    /// free list.
    @inlinable @inline(__always)
    mutating func release(_ slot: Int32) {
        let i = Int(slot)
        let keys = keys
        index.remove(keys[i].cacheHash, slot: slot) { keys[Int($0)].cacheHash }
        (keys + i).deinitialize(count: 1)
        (extras + i).deinitialize(count: 1)
        links.setOlder(slot, freeHead)
        freeHead = slot
    }

    /// Bytes of the table's own storage: slot arrays (used or spare) and
    /// the index. O(1).
    @inlinable
    var storageBytes: Int {
        let perSlot =
            _slotBytes(Key.self) + _slotBytes(Value.self) + _slotBytes(UInt32.self)
            + _slotBytes(Extra.self) + 2 * _slotBytes(Int32.self)
        return slotCapacity * perSlot + index.storageBytes
    }

    /// Deinitializes every entry and frees all memory. `hasValue` tells
    /// resident entries from ghosts. O(slots) unless keys, values and extras
    /// are all trivial.
    @inlinable
    func destroy(hasValue: (Int32) -> Bool = { _ in true }) {
        if !(_isPOD(Key.self) && _isPOD(Value.self) && _isPOD(Extra.self)) {
            index.forEachSlot { slot in
                let i = Int(slot)
                (keys + i).deinitialize(count: 1)
                (extras + i).deinitialize(count: 1)
                if hasValue(slot) { (values + i).deinitialize(count: 1) }
            }
        }
        index.deallocate()
        keys.deallocate()
        values.deallocate()
        sizes.deallocate()
        extras.deallocate()
        links.newerLinks.deallocate()
        links.olderLinks.deallocate()
    }
}

/// Bytes one slot of `T` takes in an array from ``_allocateSlots(_:)``: its
/// stride (an extra of 10 bytes takes 12), or none for an empty type.
@inlinable
func _slotBytes<T>(_: T.Type) -> Int { MemoryLayout<T>.size == 0 ? 0 : MemoryLayout<T>.stride }

/// Uninitialized memory for `count` slots of `T`; a single byte when `T` is
/// empty (`Void` values or extras), whose slots then take no room.
@inlinable
func _allocateSlots<T>(_ count: Int) -> UnsafeMutablePointer<T> {
    .allocate(capacity: MemoryLayout<T>.size == 0 ? 1 : count)
}

/// Moves the first `count` slots of `pointer` into a new allocation of
/// `newCapacity` slots. Swift values are bitwise movable, so a byte copy
/// moves initialized and uninitialized slots alike.
@inlinable
func _moveSlots<T>(_ pointer: inout UnsafeMutablePointer<T>, count: Int, newCapacity: Int) {
    guard MemoryLayout<T>.size > 0 else { return }
    let moved: UnsafeMutablePointer<T> = _allocateSlots(newCapacity)
    UnsafeMutableRawPointer(moved).copyMemory(from: pointer, byteCount: count * MemoryLayout<T>.stride)
    pointer.deallocate()
    pointer = moved
}

extension _SlotTable {
    /// Whether the resident entry in `slot` can take `size` bytes in place:
    /// it fits beside the others under `bound` without an eviction. O(1).
    @inlinable @inline(__always)
    func fitsInPlace(_ slot: Int32, size: Int, within bound: _CacheBound) -> Bool {
        let others = residentBytes &- Int(sizes[Int(slot)])
        return !bound.isFull(count: count &- 1, residentBytes: others, adding: size)
    }
}
