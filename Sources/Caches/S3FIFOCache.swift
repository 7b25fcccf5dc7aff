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
public final class S3FIFOCache<Key: CacheKey, Value>: _SlotTableCache {
    @exclusivity(unchecked) @usableFromInline var table: _SlotTable<Key, Value, _S3FIFOEntry>
    @exclusivity(unchecked) @usableFromInline var small = _SlotList()
    @exclusivity(unchecked) @usableFromInline var main = _SlotList()
    @exclusivity(unchecked) @usableFromInline var ghost = _SlotList()
    @exclusivity(unchecked) @usableFromInline var smallWeight = 0
    @exclusivity(unchecked) @usableFromInline var mainWeight = 0
    @exclusivity(unchecked) @usableFromInline var ghostWeight = 0
    /// Whether anything was evicted yet (new keys then go to the small queue).
    @exclusivity(unchecked) @usableFromInline var hasEvicted = false
    /// Entries evicted from either queue to make room (moves to the main
    /// queue not counted).
    @exclusivity(unchecked) @usableFromInline var evictionCount = 0
    @usableFromInline let bound: _CacheBound
    @inlinable public var _table: _SlotTable<Key, Value, _S3FIFOEntry> { table }
    @inlinable public var _bound: _CacheBound { bound }
    @inlinable public var _evictionCount: Int { evictionCount }
    /// The small queue's share, ⌊small·C⌋.
    public let smallLimit: Int
    /// The main queue's share, C − ⌊small·C⌋.
    public let mainLimit: Int
    /// Most weight of ghosts remembered, ⌊ghost·C⌋.
    public let ghostLimit: Int
    /// Hits a small-queue entry needs to move to the main queue.
    public let threshold: UInt8

    /// A cache bounded by `capacity` with the given shares and threshold
    /// (1...3). O(entries) for an entry bound, which is reserved up front
    /// together with room for the ghosts.
    @inlinable
    public init(capacity: Capacity, small: Double = 0.1, ghost: Double = 0.9, threshold: Int = 2) {
        precondition(small >= 0 && small <= 1 && ghost >= 0, "S3FIFOCache: shares out of range")
        precondition((1...3).contains(threshold), "S3FIFOCache: threshold must be in 1...3")
        bound = _CacheBound(capacity)
        let total = bound.maximumWeight
        smallLimit = total == .max ? .max : Int((small * Double(total)).rounded(.down))
        mainLimit = total == .max ? .max : total - smallLimit
        ghostLimit = total == .max ? .max : Int((ghost * Double(total)).rounded(.down))
        self.threshold = UInt8(threshold)
        let ghostSlots = bound.countsBytes ? 0 : Swift.min(ghostLimit, 1 << 24)
        table = _SlotTable(slots: bound.initialSlots + ghostSlots)
    }

    /// A cache of at most `capacity` entries.
    @inlinable
    public convenience init(capacity: Int) { self.init(capacity: .entries(capacity)) }

    deinit { table.destroy { table.extras[Int($0)].queue != .ghost } }

    /// Ghost keys remembered. O(1).
    public var ghostCount: Int { table.ghostCount }

    @inlinable @inline(__always)
    func weight(_ slot: Int32) -> Int { bound.weight(table.sizes[Int(slot)]) }

    /// Links `slot` at the front of `queue` with counter 0. O(1).
    @inlinable @inline(__always)
    func link(_ slot: Int32, into queue: _S3FIFOQueue) {
        table.extras[Int(slot)] = _S3FIFOEntry(queue: queue)
        let w = weight(slot)
        switch queue {
        case .small:
            small.pushFront(slot, table.links)
            smallWeight &+= w
        case .main:
            main.pushFront(slot, table.links)
            mainWeight &+= w
        case .ghost:
            ghost.pushFront(slot, table.links)
            ghostWeight &+= w
        }
    }

    /// Unlinks `slot` from its queue. O(1).
    @inlinable @inline(__always)
    func unlink(_ slot: Int32) {
        let w = weight(slot)
        switch table.extras[Int(slot)].queue {
        case .small:
            small.remove(slot, table.links)
            smallWeight &-= w
        case .main:
            main.remove(slot, table.links)
            mainWeight &-= w
        case .ghost:
            ghost.remove(slot, table.links)
            ghostWeight &-= w
        }
    }

    @inlinable @inline(__always)
    func hit(_ slot: Int32) {
        let entry = table.extras + Int(slot)
        if entry.pointee.frequency < 3 { entry.pointee.frequency &+= 1 }
    }

    /// Frees one resident entry, from the main queue or the small one.
    /// Amortized O(1): each pass over an entry spends a hit it earned.
    @inlinable
    func evictOne() {
        hasEvicted = true
        while true {
            if mainWeight > mainLimit || small.isEmpty { return evictFromMain() }
            if evictFromSmall() { return }
        }
    }

    /// CLOCK over the main queue: the oldest entry leaves if its counter
    /// is 0, else goes back to the front one lower.
    @inlinable
    func evictFromMain() {
        while true {
            let slot = main.back
            let frequency = table.extras[Int(slot)].frequency
            unlink(slot)
            guard frequency > 0 else {
                table.remove(slot)
                evictionCount &+= 1
                return
            }
            link(slot, into: .main)
            table.extras[Int(slot)].frequency = frequency &- 1
        }
    }

    /// Moves the small queue's oldest entries that earned `threshold` hits
    /// to the main queue until one that did not becomes a ghost; `false`
    /// when the small queue ran out first.
    @inlinable
    func evictFromSmall() -> Bool {
        while !small.isEmpty {
            let slot = small.back
            let promoted = table.extras[Int(slot)].frequency >= threshold
            unlink(slot)
            if promoted {
                link(slot, into: .main)
                continue
            }
            table.demoteToGhost(slot)
            link(slot, into: .ghost)
            evictionCount &+= 1
            while ghostWeight > ghostLimit {
                let oldest = ghost.back
                unlink(oldest)
                table.removeGhost(oldest)
            }
            return true
        }
        return false
    }

    /// Stores `key` — absent, of an admissible size, its ghost (if any)
    /// already dropped — after making room. Expected O(1) amortized.
    @inlinable @inline(__always)
    func insertAbsent(_ key: Key, _ hash: UInt64, _ value: Value, size: Int, wasGhost: Bool) {
        while bound.isFull(count: table.count, residentBytes: table.residentBytes, adding: size) {
            evictOne()
        }
        let queue: _S3FIFOQueue = wasGhost || (!hasEvicted && smallWeight >= smallLimit) ? .main : .small
        let slot = table.insert(key, hash, value: value, size: UInt32(size), extra: _S3FIFOEntry(queue: queue))
        link(slot, into: queue)
    }

    /// Drops the ghost in `slot`. O(1).
    @inlinable @inline(__always)
    func dropGhost(_ slot: Int32) {
        unlink(slot)
        table.removeGhost(slot)
    }

    /// Unlinks and removes the entry or ghost in `slot`, returning the
    /// value of a resident entry.
    @inlinable @discardableResult
    func removeSlot(_ slot: Int32) -> Value? {
        if table.extras[Int(slot)].queue == .ghost {
            dropGhost(slot)
            return nil
        }
        unlink(slot)
        return table.remove(slot)
    }

    @inlinable public func _removeSlot(_ slot: Int32) -> Value? { removeSlot(slot) }

    /// The value for `key` if resident, counting a hit. Expected O(1).
    @inlinable
    public func get(_ key: Key, now: Int64 = 0) -> Value? {
        let slot = table.find(key, key.cacheHash)
        guard slot >= 0, table.extras[Int(slot)].queue != .ghost else { return nil }
        hit(slot)
        return table.values[Int(slot)]
    }

    /// Stores `value` in the main queue if a ghost remembers `key`, else in
    /// the small one, making room first. Expected O(1) amortized.
    @inlinable @discardableResult
    public func set(_ key: Key, _ value: Value, size: Int = 1, now: Int64 = 0) -> Bool {
        store(
            key, size: size, isGhost: { table.extras[Int($0)].queue == .ghost },
            updateInPlace: { found in
                let change = bound.weight(UInt32(size)) &- weight(found)
                if table.extras[Int(found)].queue == .small { smallWeight &+= change } else { mainWeight &+= change }
                table.replace(found, value: value, size: UInt32(size))
                hit(found)
            },
            insertAbsent: { hash, ghost in
                if ghost >= 0 { dropGhost(ghost) }
                insertAbsent(key, hash, value, size: size, wasGhost: ghost >= 0)
            })
    }
}

extension S3FIFOCache: ReplayableCache where Key == UInt64, Value == Void {
    /// `get`, and on a miss `set`, for each request, with one probe per
    /// request. Expected O(1) per request, amortized.
    @inlinable
    public func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>, tally: inout ReplayTally
    ) {
        tally.record(keys: keys, sizes: sizes) { i in
            let key = keys[i]
            let hash = key.cacheHash
            let found = table.find(key, hash)
            var wasGhost = false
            if found >= 0 {
                guard table.extras[Int(found)].queue == .ghost else {
                    hit(found)
                    return true
                }
                dropGhost(found)
                wasGhost = true
            }
            let size = Int(sizes[i])
            if bound.admits(size) { insertAbsent(key, hash, (), size: size, wasGhost: wasGhost) }
            return false
        }
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
