/// Segmented LRU: the S4LRU of Huang et al. (SOSP '13, "An Analysis of
/// Facebook Photo Caching") with N segments, each an LRU list.
///
/// - A new key enters the front of segment 0, the lowest.
/// - A hit moves the key to the front of the segment one up (in the top
///   segment, to its front).
/// - A segment over its share gives its least recently used keys to the
///   front of the segment below, down to segment 0.
/// - To make room, segment 0's least recently used key leaves (or, when
///   segment 0 is empty, that of the lowest segment holding any).
///
/// The shares split the capacity — entries, or bytes — as evenly as whole
/// units allow, the lower segments taking the remainder, so they sum to
/// it. Segment 0 is bounded by the whole cache only: keys seen once fill
/// what the upper segments leave, and a key must be hit to climb.
///
/// With ``SLRUInsertion/libcachesim``, the rules of libCacheSim 0.3.5's
/// `SLRU.c`, for its numbers: every segment's share is ⌊C/N⌋ (the
/// remainder belongs to none); a new key enters the lowest segment with
/// room for it (so the upper segments fill with new keys while the cache
/// warms up), else segment 0; segment 0 over its share on a hit evicts
/// from its back; and an object larger than ⌊C/N⌋ is not admitted, so a
/// cache of fewer than N entries holds nothing.
///
/// All segments share one slot table and index; about 38 bytes an entry
/// for `UInt64` keys and no values. Setting a resident key replaces its
/// value and size in place and counts as a hit. Not thread-safe; see
/// ``SynchronizedCache``.
public final class SLRUCache<Key: CacheKey, Value>: _KernelCache {
    @exclusivity(unchecked) public var _kernel: _PolicyKernel<_SLRUPolicy<Key, Value>>

    /// A cache bounded by `capacity` with `segments` segments (1...16).
    /// O(entries) for an entry bound, which is reserved up front.
    @inlinable
    public init(
        capacity: Capacity, segments: Int = PolicyDescriptor.slru.defaultInteger("segments"),
        insertion: SLRUInsertion = SLRUInsertion(rawValue: PolicyDescriptor.slru.defaultWord("insertion"))!
    ) {
        precondition((1...16).contains(segments), "SLRUCache: segments must be in 1...16, got \(segments)")
        _kernel = _PolicyKernel(capacity: capacity) {
            _SLRUPolicy(bound: $0, segments: segments, insertion: insertion)
        }
    }

    /// A cache of at most `capacity` entries.
    @inlinable
    public convenience init(capacity: Int, segments: Int = PolicyDescriptor.slru.defaultInteger("segments")) {
        self.init(capacity: .entries(capacity), segments: segments)
    }

    deinit { _kernel.destroy() }

    /// Each segment's share, lowest first, in the capacity's unit;
    /// `Int.max` for a segment bounded only by the whole cache.
    public var segmentLimits: [Int] { _kernel.policy.limits }
    /// The weight each segment holds now, lowest first. O(segments).
    public var segmentWeights: [Int] { _kernel.policy.segments.map(\.weight) }
}

extension SLRUCache: ReplayableCache where Key == UInt64, Value == Void {}

/// Where ``SLRUCache`` puts new keys, and how it splits its capacity.
public enum SLRUInsertion: String, Sendable, CaseIterable {
    /// Huang et al.: new keys enter segment 0; the shares sum to the
    /// capacity.
    case probation
    /// libCacheSim 0.3.5: new keys enter the lowest segment with room;
    /// shares of ⌊C/N⌋ each.
    case libcachesim
}

/// SLRU's rules; each slot's extra is its segment, 0 the lowest. Public
/// only as a type parameter of ``_PolicyKernel``; not an API.
@frozen
public struct _SLRUPolicy<Key: CacheKey, Value>: _EvictionPolicy {
    public typealias Extra = UInt8
    public typealias Table = _SlotTable<Key, Value, Extra>
    /// The segments, lowest first.
    @usableFromInline var segments: [_WeightedList]
    /// Each segment's share; segment 0's is `Int.max` (bounded only by the
    /// whole cache) unless libCacheSim's rules apply.
    @usableFromInline let limits: [Int]
    /// Whether a new key enters the lowest segment with room (libCacheSim)
    /// rather than segment 0.
    @usableFromInline let fillsUpward: Bool
    /// The heaviest object admitted, in the capacity's unit.
    @usableFromInline let admissionLimit: Int
    @usableFromInline let bound: _CacheBound

    @inlinable
    init(bound: _CacheBound, segments count: Int, insertion: SLRUInsertion) {
        self.bound = bound
        segments = Array(repeating: _WeightedList(), count: count)
        let total = bound.maximumWeight
        let (share, remainder) = total == .max ? (Int.max, 0) : total.quotientAndRemainder(dividingBy: count)
        switch insertion {
        case .probation:
            limits = (0..<count).map { $0 == 0 || share == .max ? .max : share + ($0 < remainder ? 1 : 0) }
            fillsUpward = false
            admissionLimit = .max
        case .libcachesim:
            limits = Array(repeating: share, count: count)
            fillsUpward = true
            admissionLimit = share
        }
    }

    /// The segments' list heads and limits. O(1).
    @inlinable public var storageBytes: Int {
        segments.capacity * MemoryLayout<_WeightedList>.stride + limits.capacity * MemoryLayout<Int>.stride
    }

    /// libCacheSim's rules evict from segment 0 when a hit overfills it.
    @inlinable public static var hitsMayEvict: Bool { true }

    @inlinable @inline(__always)
    public func admits(_ request: _Request<Key>) -> Bool {
        admissionLimit == .max || bound.weight(UInt32(request.size)) <= admissionLimit
    }

    /// Links `slot` at the front of `segment`. O(1).
    @inlinable @inline(__always)
    mutating func link(_ slot: Int32, into segment: Int, in table: Table) {
        table.extras[Int(slot)] = UInt8(truncatingIfNeeded: segment)
        segments[segment].pushFront(slot, in: table, bound: bound)
    }

    @inlinable @inline(__always)
    public mutating func unlink(_ slot: Int32, in table: inout Table) {
        segments[Int(table.extras[Int(slot)])].remove(slot, in: table, bound: bound)
    }

    /// A hit: one segment up (the top stays at the top's front), then the
    /// segments below cool. O(1) amortized with unit weights; a large
    /// object may push several down.
    @inlinable @inline(__always)
    public mutating func hit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {
        let segment = Int(table.extras[Int(slot)])
        let up = Swift.min(segment + 1, segments.count - 1)
        if up == segment {
            segments[segment].moveToFront(slot, in: table)
        } else {
            segments[segment].remove(slot, in: table, bound: bound)
            link(slot, into: up, in: table)
        }
        cool(from: up, in: &table)
    }

    /// While `segment` is over its share, its least recently used keys go
    /// to the front of the segment below, which cools in turn; segment 0
    /// over its share (libCacheSim's rules only) evicts from its back.
    @inlinable
    mutating func cool(from segment: Int, in table: inout Table) {
        var level = segment
        while segments[level].weight > limits[level] {
            if level == 0 {
                evict(segments[0].back, in: &table)
                continue
            }
            repeat {
                link(segments[level].popBack(in: table, bound: bound), into: level - 1, in: table)
            } while segments[level].weight > limits[level]
            level -= 1
        }
    }

    @inlinable @inline(__always)
    public mutating func resize(_ slot: Int32, to newSize: Int, in table: inout Table) {
        segments[Int(table.extras[Int(slot)])].resize(slot, to: newSize, in: table, bound: bound)
    }

    @inlinable @inline(__always)
    mutating func evict(_ slot: Int32, in table: inout Table) {
        unlink(slot, in: &table)
        table.remove(slot)
    }

    /// The least recently used key of the lowest segment holding any
    /// leaves. O(segments).
    @inlinable @inline(__always)
    public mutating func makeRoom(for request: _Request<Key>, ghost: Never?, in table: inout Table) {
        var segment = 0
        while segments[segment].isEmpty { segment += 1 }
        evict(segments[segment].back, in: &table)
    }

    /// The key enters segment 0 (libCacheSim: the lowest segment with room
    /// for it, else segment 0). O(1), or O(segments) for libCacheSim's.
    @inlinable @inline(__always)
    public mutating func insert(_ request: _Request<Key>, _ value: Value, ghost: Never?, in table: inout Table) -> Int32
    {
        let slot = table.insert(request, value, extra: 0)
        var segment = 0
        if fillsUpward {
            let weight = table.weight(slot, under: bound)
            segment = segments.indices.first { segments[$0].weight &+ weight <= limits[$0] } ?? 0
        }
        link(slot, into: segment, in: table)
        return slot
    }
}
