/// An open-addressing map from keys to the time of their last access:
/// linear probing over a power-of-two array of (key, time) pairs, at most
/// half full, for ``StackDistanceHistogram``.
///
/// Key and time sit side by side, 16 bytes to an entry, so a lookup costs
/// one cache miss where the caches' index-plus-slots layout costs two: the
/// curve's table holds every distinct key of the stream, far more than fits
/// in cache, and that miss is most of the price of a request. A negative
/// time marks an empty entry. Keys are never removed.
@frozen @usableFromInline
struct _LastAccessTable {
    /// Entry `i` is `storage[2i]` (key) and `storage[2i + 1]` (time, as
    /// `Int64`).
    @usableFromInline var storage: UnsafeMutablePointer<UInt64>
    /// `entryCount - 1`.
    @usableFromInline var mask: Int
    /// Keys held.
    @usableFromInline var count: Int

    /// An empty table for `minimumCapacity` keys without growing.
    @inlinable
    init(minimumCapacity: Int) {
        var entries = 16
        while entries / 2 < minimumCapacity { entries <<= 1 }
        storage = Self.allocate(entries: entries)
        mask = entries - 1
        count = 0
    }

    /// Storage for `entries` entries, all empty (time -1). O(entries).
    @inlinable
    static func allocate(entries: Int) -> UnsafeMutablePointer<UInt64> {
        let storage = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * entries)
        for i in 0..<entries {
            (storage + 2 * i).initialize(to: 0)
            (storage + 2 * i + 1).initialize(to: UInt64(bitPattern: -1))
        }
        return storage
    }

    /// Frees the storage; the table must not be used afterwards.
    @inlinable
    func destroy() { storage.deallocate() }

    /// Entries, held or empty.
    @inlinable var entryCount: Int { mask &+ 1 }

    /// Bytes the table holds. O(1).
    @inlinable var storageBytes: Int { entryCount * 2 * MemoryLayout<UInt64>.stride }

    /// The address where a probe for `hash` starts, for prefetching.
    @inlinable @inline(__always)
    func home(_ hash: UInt64) -> UnsafeMutablePointer<UInt64> {
        storage + 2 &* (Int(truncatingIfNeeded: hash) & mask)
    }

    /// Records `now` as the last access of `key` (whose hash is `hash`)
    /// and returns its previous one, or -1 for a key not seen before.
    /// Expected O(1).
    @inlinable @inline(__always)
    mutating func exchangeTime(_ key: UInt64, _ hash: UInt64, now: Int) -> Int {
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let time = Int64(bitPattern: storage[2 &* i &+ 1])
            if time < 0 { break }
            if storage[2 &* i] == key {
                storage[2 &* i &+ 1] = UInt64(bitPattern: Int64(now))
                return Int(time)
            }
            i = (i &+ 1) & mask
        }
        if 2 &* (count &+ 1) > entryCount {
            grow()
            return exchangeTime(key, hash, now: now)
        }
        storage[2 &* i] = key
        storage[2 &* i &+ 1] = UInt64(bitPattern: Int64(now))
        count &+= 1
        return -1
    }

    /// Calls `body` with the time of every key held, storing back what it
    /// returns. O(entries).
    @inlinable
    func updateTimes(_ body: (Int) -> Int) {
        for i in 0..<entryCount {
            let time = Int64(bitPattern: storage[2 &* i &+ 1])
            if time >= 0 { storage[2 &* i &+ 1] = UInt64(bitPattern: Int64(body(Int(time)))) }
        }
    }

    /// Doubles the entries, rehashing every key. O(entries).
    @usableFromInline
    mutating func grow() {
        let old = storage
        let oldCount = entryCount
        storage = Self.allocate(entries: 2 * oldCount)
        mask = 2 * oldCount - 1
        for i in 0..<oldCount {
            let time = old[2 * i + 1]
            guard Int64(bitPattern: time) >= 0 else { continue }
            let key = old[2 * i]
            var j = Int(truncatingIfNeeded: key.cacheHash) & mask
            while Int64(bitPattern: storage[2 * j + 1]) >= 0 { j = (j + 1) & mask }
            storage[2 * j] = key
            storage[2 * j + 1] = time
        }
        old.deallocate()
    }
}
