/// W-TinyLFU (Einziger, Friedman & Manes, 2017), the design of Caffeine:
/// a small LRU window in front of a segmented-LRU main cache, whose door
/// is kept by TinyLFU — a frequency sketch that admits a key into the
/// main cache only if it has been seen more often than the key it would
/// displace.
///
/// - Every request is recorded in the sketch (count-min, 4-bit counters,
///   a doorkeeper for first occurrences, halved every 10·C records).
/// - New keys enter the window (⌊window·C⌋, at least 1). A hit in the
///   window moves the key to the window's front; in the main cache's
///   probation segment, to the protected segment (80 % of the main cache,
///   whose overflow goes back to probation's front); in protected, to its
///   front.
/// - When the window overflows, its oldest key is the *candidate*: it
///   joins probation if the main cache has room; otherwise it duels the
///   main cache's victim (probation's oldest, or protected's if probation
///   is empty) and the one the sketch says is less frequent is evicted
///   (ties go against the candidate).
///
/// All three segments share one slot table and index; the sketch takes
/// about 4 bytes and the doorkeeper 1 bit per entry of capacity, rounded
/// up to a power of two. Setting a resident key replaces its value and
/// size in place and counts as a hit. Not thread-safe; see
/// ``SynchronizedCache``.
public final class WTinyLFUCache<Key: CacheKey, Value>: _KernelCache {
    @exclusivity(unchecked) public var _kernel: _PolicyKernel<_WTinyLFUPolicy<Key, Value>>

    /// A cache bounded by `capacity` with a window of ⌊window·C⌋ (at least
    /// 1) and a protected segment of ⌊protected·main⌋. O(entries) for an
    /// entry bound, which is reserved up front with the sketch.
    @inlinable
    public init(
        capacity: Capacity, window: Double = PolicyDescriptor.wtinylfu.defaultValue("window"),
        protected: Double = PolicyDescriptor.wtinylfu.defaultValue("protected")
    ) {
        precondition((0...1).contains(window) && (0...1).contains(protected), "WTinyLFUCache: shares must be in 0...1")
        _kernel = _PolicyKernel(capacity: capacity) { _WTinyLFUPolicy(bound: $0, window: window, protected: protected) }
    }

    deinit { _kernel.destroy() }

    /// The window's share (at least one entry, or byte).
    public var windowLimit: Int { _kernel.policy.windowLimit }
    /// The main cache's share: the rest.
    public var mainLimit: Int { _kernel.policy.mainLimit }
    /// The protected segment's share of the main cache.
    public var protectedLimit: Int { _kernel.policy.protectedLimit }
}

extension WTinyLFUCache: ReplayableCache where Key == UInt64, Value == Void {}

/// W-TinyLFU's rules; each slot's extra says which segment it is in.
/// Public only as a type parameter of ``_PolicyKernel``; not an API.
@frozen
public struct _WTinyLFUPolicy<Key: CacheKey, Value>: _EvictionPolicy {
    public typealias Extra = _TinyLFUSegment
    public typealias Table = _SlotTable<Key, Value, Extra>
    @usableFromInline var window = _WeightedList()
    @usableFromInline var probation = _WeightedList()
    @usableFromInline var protected = _WeightedList()
    @usableFromInline var sketch: _FrequencySketch
    @usableFromInline let bound: _CacheBound
    @usableFromInline let windowLimit: Int
    @usableFromInline let mainLimit: Int
    @usableFromInline let protectedLimit: Int

    @inlinable
    init(bound: _CacheBound, window: Double, protected: Double) {
        self.bound = bound
        let total = bound.maximumWeight
        windowLimit =
            total == .max ? .max : Swift.min(total, Swift.max(1, Int((window * Double(total)).rounded(.down))))
        mainLimit = total == .max ? .max : total - windowLimit
        protectedLimit = total == .max ? .max : Int((protected * Double(mainLimit)).rounded(.down))
        sketch = _FrequencySketch(entries: bound.countsBytes ? 1 << 16 : bound.initialSlots)
    }

    /// The sketch's counters and doorkeeper. O(1).
    @inlinable public var storageBytes: Int { sketch.storageBytes }

    /// Every lookup is counted in the sketch. O(1).
    @inlinable @inline(__always)
    public mutating func observe(_ request: _Request<Key>) { sketch.record(request.hash) }

    @inlinable @inline(__always)
    func frequency(_ slot: Int32, in table: Table) -> Int { sketch.estimate(table.keys[Int(slot)].cacheHash) }

    /// Links `slot` at the front of `segment`. O(1).
    @inlinable @inline(__always)
    mutating func link(_ slot: Int32, into segment: _TinyLFUSegment, in table: Table) {
        table.extras[Int(slot)] = segment
        switch segment {
        case .window: window.pushFront(slot, in: table, bound: bound)
        case .probation: probation.pushFront(slot, in: table, bound: bound)
        case .protected: protected.pushFront(slot, in: table, bound: bound)
        }
    }

    /// Unlinks `slot` from its segment. O(1).
    @inlinable @inline(__always)
    public mutating func unlink(_ slot: Int32, in table: inout Table) {
        switch table.extras[Int(slot)] {
        case .window: window.remove(slot, in: table, bound: bound)
        case .probation: probation.remove(slot, in: table, bound: bound)
        case .protected: protected.remove(slot, in: table, bound: bound)
        }
    }

    /// A hit: to the front of the window or of protected; from probation
    /// into protected, whose overflow goes back to probation. O(1)
    /// amortized.
    @inlinable @inline(__always)
    public mutating func hit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {
        switch table.extras[Int(slot)] {
        case .window: window.moveToFront(slot, in: table)
        case .protected: protected.moveToFront(slot, in: table)
        case .probation:
            unlink(slot, in: &table)
            link(slot, into: .protected, in: table)
            while protected.weight > protectedLimit {
                let demoted = protected.back
                unlink(demoted, in: &table)
                link(demoted, into: .probation, in: table)
            }
        }
    }

    @inlinable @inline(__always)
    public mutating func resize(_ slot: Int32, to newSize: Int, in table: inout Table) {
        switch table.extras[Int(slot)] {
        case .window: window.resize(slot, to: newSize, in: table, bound: bound)
        case .probation: probation.resize(slot, to: newSize, in: table, bound: bound)
        case .protected: protected.resize(slot, to: newSize, in: table, bound: bound)
        }
    }

    @inlinable @inline(__always)
    mutating func evict(_ slot: Int32, in table: inout Table) {
        unlink(slot, in: &table)
        table.remove(slot)
    }

    /// One step of making room for a new key entering the window: the
    /// window's oldest (the candidate) moves to probation while the main
    /// cache has room, else duels the main cache's victim (probation's
    /// oldest, or protected's) and the one the sketch says is less frequent
    /// is evicted (ties go against the candidate). O(1).
    @inlinable
    public mutating func makeRoom(for request: _Request<Key>, ghost: Never?, in table: inout Table) {
        let incoming = bound.weight(UInt32(request.size))
        let victim = probation.isEmpty ? protected.back : probation.back
        guard !window.isEmpty && (window.weight &+ incoming > windowLimit || victim < 0) else {
            return evict(victim >= 0 ? victim : window.back, in: &table)
        }
        let candidate = window.back
        if probation.weight &+ protected.weight &+ table.weight(candidate, under: bound) <= mainLimit {
            unlink(candidate, in: &table)
            link(candidate, into: .probation, in: table)
        } else if victim >= 0 && frequency(candidate, in: table) > frequency(victim, in: table) {
            evict(victim, in: &table)
            unlink(candidate, in: &table)
            link(candidate, into: .probation, in: table)
        } else {
            evict(candidate, in: &table)
        }
    }

    /// The key enters the window's front. O(1) amortized.
    @inlinable @inline(__always)
    public mutating func insert(_ request: _Request<Key>, _ value: Value, ghost: Never?, in table: inout Table) -> Int32
    {
        let slot = table.insert(request, value, extra: .window)
        link(slot, into: .window, in: table)
        return slot
    }
}

/// Which of W-TinyLFU's segments a slot is in. Public only as a type
/// parameter of ``_SlotTable``; not an API.
@frozen
public enum _TinyLFUSegment: UInt8 {
    case window, probation, protected
}
