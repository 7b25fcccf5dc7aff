/// A ``Capacity`` as the hot path checks it: a limit on entries and one on
/// bytes, either of which may be `Int.max`. Public only so that
/// ``_SlotTableCache`` can name it; not an API.
@frozen
public struct _CacheBound: Sendable {
    @usableFromInline let maximumCount: Int
    @usableFromInline let maximumBytes: Int
    /// The bound as it was given.
    @usableFromInline let capacity: Capacity

    @inlinable
    init(_ capacity: Capacity) {
        self.capacity = capacity
        switch capacity {
        case .entries(let n): (maximumCount, maximumBytes) = (Swift.max(0, n), .max)
        case .bytes(let n): (maximumCount, maximumBytes) = (.max, Swift.max(0, n))
        case .unbounded: (maximumCount, maximumBytes) = (.max, .max)
        }
    }

    /// Whether the capacity is counted in bytes.
    @inlinable var countsBytes: Bool { maximumBytes != .max }

    /// How much an object of `size` bytes weighs against the bound.
    @inlinable @inline(__always)
    func weight(_ size: UInt32) -> Int { countsBytes ? Int(size) : 1 }

    /// The bound in the unit ``weight(_:)`` counts.
    @inlinable var maximumWeight: Int { countsBytes ? maximumBytes : maximumCount }

    /// Whether an object of `size` bytes could be held at all: it fits in
    /// the whole cache, and in the 32 bits a slot keeps for its size.
    @inlinable @inline(__always)
    func admits(_ size: Int) -> Bool {
        size >= 0 && size <= maximumBytes && size <= Int(UInt32.max) && maximumCount > 0
    }

    /// Whether an object of `size` bytes must wait for an eviction.
    @inlinable @inline(__always)
    func isFull(count: Int, residentBytes: Int, adding size: Int) -> Bool {
        count >= maximumCount || residentBytes &+ size > maximumBytes
    }

    /// Slots worth reserving up front: the entry bound when there is one,
    /// else a small start to grow from.
    @inlinable var initialSlots: Int {
        maximumCount == .max ? 64 : Swift.min(maximumCount, 1 << 24)
    }
}
