/// S3-FIFO (Yang et al., SOSP '23): three FIFO queues — a small one for
/// new keys, a main one for keys that proved themselves, and a ghost one
/// remembering keys recently dropped from the small queue.
///
/// - Hit: the entry's 2-bit frequency counter goes up (to at most 3);
///   nothing moves.
/// - Miss found in the ghost queue: the ghost is dropped and the key
///   enters the main queue. Any other miss enters the small queue — or,
///   before the first eviction, the main queue once the small one is full.
/// - To make room: if the main queue outweighs its share or the small one
///   is empty, the main queue's oldest entry leaves if its counter is 0,
///   else it goes back to the front with the counter lowered by one
///   (CLOCK), until one leaves. Otherwise the small queue's oldest entry
///   moves to the main queue (counter reset) if it was hit at least
///   `threshold` times, else it becomes the newest ghost, until one ghost
///   is made.
///
/// The small queue gets ⌊small·C⌋, the main queue the rest, the ghost
/// queue remembers ⌊ghost·C⌋ (entries, or bytes). Defaults are
/// libCacheSim's (`S3FIFO.c`): small 10 %, ghost 90 %, threshold 2.
/// Ghosts hold a key and size but no value in the same slot table and
/// index as resident entries; their slots are reserved too: with `UInt64`
/// keys and no values, about 70 bytes per resident entry, ghosts included.
///
/// Setting a resident key replaces its value and size in place and counts
/// as a hit. Not thread-safe; see ``SynchronizedCache``.
public final class S3FIFOCache<Key: CacheKey, Value>: _KernelCache {
    @exclusivity(unchecked) public var _kernel: _PolicyKernel<_S3FIFOPolicy<Key, Value>>

    /// A cache bounded by `capacity` with the given shares and threshold
    /// (1...3). O(entries) for an entry bound, which is reserved up front
    /// together with room for the ghosts.
    @inlinable
    public init(
        capacity: Capacity, small: Double = PolicyDescriptor.s3fifo.defaultValue("small"),
        ghost: Double = PolicyDescriptor.s3fifo.defaultValue("ghost"),
        threshold: Int = PolicyDescriptor.s3fifo.defaultInteger("threshold")
    ) {
        precondition(small >= 0 && small <= 1 && ghost >= 0, "S3FIFOCache: shares out of range")
        precondition((1...3).contains(threshold), "S3FIFOCache: threshold must be in 1...3")
        _kernel = _PolicyKernel(capacity: capacity) {
            _S3FIFOPolicy(bound: $0, small: small, ghost: ghost, threshold: threshold)
        }
    }

    deinit { _kernel.destroy() }

    /// Ghost keys remembered. O(1).
    public var ghostCount: Int { _kernel.ghostCount }
    /// The small queue's share, ⌊small·C⌋.
    public var smallLimit: Int { _kernel.policy.smallLimit }
    /// The main queue's share, C − ⌊small·C⌋.
    public var mainLimit: Int { _kernel.policy.mainLimit }
    /// Most weight of ghosts remembered, ⌊ghost·C⌋.
    public var ghostLimit: Int { _kernel.policy.ghostLimit }
    /// Hits a small-queue entry needs to move to the main queue.
    public var threshold: Int { Int(_kernel.policy.threshold) }
}

extension S3FIFOCache: ReplayableCache where Key == UInt64, Value == Void {}

/// S3-FIFO's rules; each slot's extra holds its queue and 2-bit counter.
/// Public only as a type parameter of ``_PolicyKernel``; not an API.
@frozen
public struct _S3FIFOPolicy<Key: CacheKey, Value>: _EvictionPolicy {
    public typealias Extra = _S3FIFOEntry
    public typealias Table = _SlotTable<Key, Value, Extra>
    public typealias Ghost = Void
    @usableFromInline var small = _WeightedList()
    @usableFromInline var main = _WeightedList()
    @usableFromInline var ghost = _WeightedList()
    /// Whether anything was evicted yet (new keys then go to the small queue).
    @usableFromInline var hasEvicted = false
    @usableFromInline let bound: _CacheBound
    @usableFromInline let smallLimit: Int
    @usableFromInline let mainLimit: Int
    @usableFromInline let ghostLimit: Int
    @usableFromInline let threshold: UInt8

    @inlinable
    init(bound: _CacheBound, small: Double, ghost: Double, threshold: Int) {
        self.bound = bound
        let total = bound.maximumWeight
        smallLimit = total == .max ? .max : Int((small * Double(total)).rounded(.down))
        mainLimit = total == .max ? .max : total - smallLimit
        ghostLimit = total == .max ? .max : Int((ghost * Double(total)).rounded(.down))
        self.threshold = UInt8(threshold)
    }

    @inlinable public var reservedGhostSlots: Int { bound.countsBytes ? 0 : Swift.min(ghostLimit, 1 << 24) }

    @inlinable @inline(__always)
    public func isResident(_ slot: Int32, in table: Table) -> Bool { table.extras[Int(slot)].queue != .ghost }

    /// Links `slot` at the front of `queue` with counter 0. O(1).
    @inlinable @inline(__always)
    mutating func link(_ slot: Int32, into queue: _S3FIFOQueue, in table: Table) {
        table.extras[Int(slot)] = _S3FIFOEntry(queue: queue)
        switch queue {
        case .small: small.pushFront(slot, in: table, bound: bound)
        case .main: main.pushFront(slot, in: table, bound: bound)
        case .ghost: ghost.pushFront(slot, in: table, bound: bound)
        }
    }

    /// Unlinks `slot` from its queue. O(1).
    @inlinable @inline(__always)
    public mutating func unlink(_ slot: Int32, in table: inout Table) {
        switch table.extras[Int(slot)].queue {
        case .small: small.remove(slot, in: table, bound: bound)
        case .main: main.remove(slot, in: table, bound: bound)
        case .ghost: ghost.remove(slot, in: table, bound: bound)
        }
    }

    /// A hit: the counter goes up, to at most 3; nothing moves. O(1).
    @inlinable @inline(__always)
    public mutating func hit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {
        let entry = table.extras + Int(slot)
        if entry.pointee.frequency < 3 { entry.pointee.frequency &+= 1 }
    }

    @inlinable @inline(__always)
    public mutating func resize(_ slot: Int32, to newSize: Int, in table: inout Table) {
        if table.extras[Int(slot)].queue == .small {
            small.resize(slot, to: newSize, in: table, bound: bound)
        } else {
            main.resize(slot, to: newSize, in: table, bound: bound)
        }
    }

    /// A ghost found is dropped; the key will enter the main queue. O(1).
    @inlinable @inline(__always)
    public mutating func ghostHit(_ slot: Int32, _ request: _Request<Key>, in table: inout Table) {
        unlink(slot, in: &table)
        table.removeGhost(slot)
    }

    /// Frees one resident entry, from the main queue or the small one.
    /// Amortized O(1): each pass over an entry spends a hit it earned.
    @inlinable
    public mutating func makeRoom(for request: _Request<Key>, ghost: Void?, in table: inout Table) {
        hasEvicted = true
        while true {
            if main.weight > mainLimit || small.isEmpty { return evictFromMain(in: &table) }
            if evictFromSmall(in: &table) { return }
        }
    }

    /// CLOCK over the main queue: the oldest entry leaves if its counter
    /// is 0, else goes back to the front one lower.
    @inlinable
    mutating func evictFromMain(in table: inout Table) {
        while true {
            let slot = main.back
            let frequency = table.extras[Int(slot)].frequency
            unlink(slot, in: &table)
            guard frequency > 0 else {
                table.remove(slot)
                return
            }
            link(slot, into: .main, in: table)
            table.extras[Int(slot)].frequency = frequency &- 1
        }
    }

    /// Moves the small queue's oldest entries that earned `threshold` hits
    /// to the main queue until one that did not becomes a ghost; `false`
    /// when the small queue ran out first.
    @inlinable
    mutating func evictFromSmall(in table: inout Table) -> Bool {
        while !small.isEmpty {
            let slot = small.back
            let promoted = table.extras[Int(slot)].frequency >= threshold
            unlink(slot, in: &table)
            if promoted {
                link(slot, into: .main, in: table)
                continue
            }
            table.demoteToGhost(slot)
            link(slot, into: .ghost, in: table)
            while ghost.weight > ghostLimit {
                table.removeGhost(ghost.popBack(in: table, bound: bound))
            }
            return true
        }
        return false
    }

    /// A key a ghost remembered enters the main queue; any other the small
    /// one — or, before the first eviction, the main one once the small one
    /// is full. O(1) amortized.
    @inlinable @inline(__always)
    public mutating func insert(_ request: _Request<Key>, _ value: Value, ghost: Void?, in table: inout Table) -> Int32
    {
        let queue: _S3FIFOQueue = ghost != nil || (!hasEvicted && small.weight >= smallLimit) ? .main : .small
        let slot = table.insert(request, value, extra: _S3FIFOEntry(queue: queue))
        link(slot, into: queue, in: table)
        return slot
    }
}

/// Which of S3-FIFO's queues a slot is in.
@usableFromInline
enum _S3FIFOQueue: UInt8 {
    case small, main, ghost
}

/// S3-FIFO's per-slot bookkeeping: its queue and its 2-bit counter. Public
/// only as a type parameter of ``_SlotTable``; not an API.
@frozen
public struct _S3FIFOEntry {
    @usableFromInline var queue: _S3FIFOQueue
    @usableFromInline var frequency: UInt8 = 0
    @inlinable init(queue: _S3FIFOQueue) { self.queue = queue }
}
