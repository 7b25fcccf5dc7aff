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
public final class WTinyLFUCache<Key: CacheKey, Value>: _SlotTableCache {
    @exclusivity(unchecked) @usableFromInline var table: _SlotTable<Key, Value, _TinyLFUSegment>
    @exclusivity(unchecked) @usableFromInline var window = _SlotList()
    @exclusivity(unchecked) @usableFromInline var probation = _SlotList()
    @exclusivity(unchecked) @usableFromInline var protected = _SlotList()
    /// Weights of the window, probation and protected segments.
    @exclusivity(unchecked) @usableFromInline var weights = (0, 0, 0)
    @exclusivity(unchecked) @usableFromInline var sketch: _FrequencySketch
    /// Entries evicted (duel losers included).
    @exclusivity(unchecked) @usableFromInline var evictionCount = 0
    @usableFromInline let bound: _CacheBound
    @inlinable public var _table: _SlotTable<Key, Value, _TinyLFUSegment> { table }
    @inlinable public var _bound: _CacheBound { bound }
    @inlinable public var _evictionCount: Int { evictionCount }
    /// The window's share (at least one entry, or byte).
    public let windowLimit: Int
    /// The main cache's share: the rest.
    public let mainLimit: Int
    /// The protected segment's share of the main cache.
    public let protectedLimit: Int

    /// A cache bounded by `capacity` with a window of ⌊window·C⌋ (at least
    /// 1) and a protected segment of ⌊protected·main⌋. O(entries) for an
    /// entry bound, which is reserved up front with the sketch.
    @inlinable
    public init(capacity: Capacity, window: Double = 0.01, protected: Double = 0.8) {
        precondition((0...1).contains(window) && (0...1).contains(protected), "WTinyLFUCache: shares must be in 0...1")
        bound = _CacheBound(capacity)
        let total = bound.maximumWeight
        windowLimit =
            total == .max ? .max : Swift.min(total, Swift.max(1, Int((window * Double(total)).rounded(.down))))
        mainLimit = total == .max ? .max : total - windowLimit
        protectedLimit = total == .max ? .max : Int((protected * Double(mainLimit)).rounded(.down))
        table = _SlotTable(slots: bound.initialSlots)
        sketch = _FrequencySketch(entries: bound.countsBytes ? 1 << 16 : bound.initialSlots)
    }

    /// A cache of at most `capacity` entries.
    @inlinable
    public convenience init(capacity: Int) { self.init(capacity: .entries(capacity)) }

    deinit { table.destroy() }

    @inlinable @inline(__always)
    func weight(_ slot: Int32) -> Int { bound.weight(table.sizes[Int(slot)]) }

    @inlinable @inline(__always)
    func frequency(_ slot: Int32) -> Int { sketch.estimate(table.keys[Int(slot)].cacheHash) }

    @inlinable @inline(__always)
    func withSegment<R>(_ segment: _TinyLFUSegment, _ body: (inout _SlotList, inout Int) -> R) -> R {
        switch segment {
        case .window: body(&window, &weights.0)
        case .probation: body(&probation, &weights.1)
        case .protected: body(&protected, &weights.2)
        }
    }

    /// Links `slot` at the front of `segment`. O(1).
    @inlinable @inline(__always)
    func link(_ slot: Int32, into segment: _TinyLFUSegment) {
        table.extras[Int(slot)] = segment
        let (w, links) = (weight(slot), table.links)
        withSegment(segment) { list, segmentWeight in
            list.pushFront(slot, links)
            segmentWeight &+= w
        }
    }

    /// Unlinks `slot` from its segment. O(1).
    @inlinable @inline(__always)
    func unlink(_ slot: Int32) {
        let (w, links) = (weight(slot), table.links)
        withSegment(table.extras[Int(slot)]) { list, segmentWeight in
            list.remove(slot, links)
            segmentWeight &-= w
        }
    }

    /// A hit on resident `slot`. O(1) amortized.
    @inlinable @inline(__always)
    func hit(_ slot: Int32) {
        switch table.extras[Int(slot)] {
        case .window: window.moveToFront(slot, table.links)
        case .protected: protected.moveToFront(slot, table.links)
        case .probation:
            unlink(slot)
            link(slot, into: .protected)
            while weights.2 > protectedLimit {
                let demoted = protected.back
                unlink(demoted)
                link(demoted, into: .probation)
            }
        }
    }

    /// The main cache's eviction victim: probation's oldest, else
    /// protected's; -1 when the main cache is empty.
    @inlinable @inline(__always)
    var mainVictim: Int32 { probation.isEmpty ? protected.back : probation.back }

    @inlinable @inline(__always)
    func evict(_ slot: Int32) {
        unlink(slot)
        table.remove(slot)
        evictionCount &+= 1
    }

    /// Makes room for a new key of weight `incoming` entering the window:
    /// the window's overflow moves to the main cache, through TinyLFU's
    /// duel once the main cache is full. Amortized O(1).
    @inlinable
    func makeRoom(forSize size: Int) {
        let incoming = bound.weight(UInt32(size))
        while bound.isFull(count: table.count, residentBytes: table.residentBytes, adding: size) {
            let victim = mainVictim
            guard !window.isEmpty && (weights.0 &+ incoming > windowLimit || victim < 0) else {
                evict(victim >= 0 ? victim : window.back)
                continue
            }
            let candidate = window.back
            if weights.1 &+ weights.2 &+ weight(candidate) <= mainLimit {
                unlink(candidate)
                link(candidate, into: .probation)
            } else if victim >= 0 && frequency(candidate) > frequency(victim) {
                evict(victim)
                unlink(candidate)
                link(candidate, into: .probation)
            } else {
                evict(candidate)
            }
        }
    }

    /// Stores `key` — absent, of an admissible size — at the window's
    /// front after making room. Expected O(1) amortized.
    @inlinable @inline(__always)
    func insertAbsent(_ key: Key, _ hash: UInt64, _ value: Value, size: Int) {
        makeRoom(forSize: size)
        let slot = table.insert(key, hash, value: value, size: UInt32(size), extra: .window)
        link(slot, into: .window)
    }

    /// The value for `key` if resident, counting the request in the sketch.
    /// Expected O(1).
    @inlinable
    public func get(_ key: Key, now: Int64 = 0) -> Value? {
        let hash = key.cacheHash
        sketch.record(hash)
        let slot = table.find(key, hash)
        guard slot >= 0 else { return nil }
        hit(slot)
        return table.values[Int(slot)]
    }

    /// Stores `value` at the window's front, making room first. Expected
    /// O(1) amortized.
    @inlinable @discardableResult
    public func set(_ key: Key, _ value: Value, size: Int = 1, now: Int64 = 0) -> Bool {
        store(
            key, size: size, isGhost: { _ in false },
            updateInPlace: { found in
                let segment = table.extras[Int(found)]
                unlink(found)
                table.replace(found, value: value, size: UInt32(size))
                link(found, into: segment)
                hit(found)
            },
            insertAbsent: { hash, _ in insertAbsent(key, hash, value, size: size) })
    }

    /// Unlinks and removes the entry in `slot`, returning its value.
    @inlinable @discardableResult
    func removeSlot(_ slot: Int32) -> Value {
        unlink(slot)
        return table.remove(slot)
    }

    @inlinable public func _removeSlot(_ slot: Int32) -> Value? { removeSlot(slot) }

    /// Bytes of slot arrays, index and sketch, spare capacity included. O(1).
    @inlinable public var storageBytes: Int { table.storageBytes + sketch.storageBytes }
}

extension WTinyLFUCache: ReplayableCache where Key == UInt64, Value == Void {
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
            sketch.record(hash)
            let slot = table.find(key, hash)
            if slot >= 0 {
                hit(slot)
                return true
            }
            let size = Int(sizes[i])
            if bound.admits(size) { insertAbsent(key, hash, (), size: size) }
            return false
        }
    }
}

/// Which of W-TinyLFU's segments a slot is in. Public only as a type
/// parameter of ``_SlotTable``; not an API.
@frozen
public enum _TinyLFUSegment: UInt8 {
    case window, probation, protected
}
