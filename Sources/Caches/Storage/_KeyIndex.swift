/// An open-addressing hash index from keys to slot numbers: linear probing
/// over a power-of-two array of 64-bit buckets, at most three quarters full.
///
/// A bucket packs the upper 32 bits of the key's hash (its *fingerprint*)
/// above `slot + 1`; zero is an empty bucket. The fingerprint lets a probe
/// skip keys that cannot match without touching the slot arrays, gives each
/// entry's home bucket for deletion and growth without rehashing keys, and
/// keeps the index at 8 bytes a bucket. Deletion shifts the rest of the
/// probe run back (no tombstones), so lookups never slow down with churn.
///
/// The index knows hashes and slot numbers only; comparing keys is the
/// caller's business (see ``find(_:where:)``).
@frozen @usableFromInline
struct _KeyIndex {
    @usableFromInline var buckets: UnsafeMutablePointer<UInt64>
    /// `bucketCount - 1`.
    @usableFromInline var mask: Int
    /// Occupied buckets.
    @usableFromInline var count: Int

    /// An empty index that holds `minimumCapacity` entries without growing.
    @inlinable
    init(minimumCapacity: Int) {
        let bucketCount = Self.bucketCount(for: minimumCapacity)
        buckets = .allocate(capacity: bucketCount)
        buckets.initialize(repeating: 0, count: bucketCount)
        mask = bucketCount - 1
        count = 0
    }

    /// The smallest power of two (at least 8) that keeps `entries` at most
    /// three quarters full.
    @inlinable
    static func bucketCount(for entries: Int) -> Int {
        var bucketCount = 8
        while bucketCount / 4 * 3 < entries { bucketCount <<= 1 }
        return bucketCount
    }

    @inlinable var bucketCount: Int { mask &+ 1 }

    /// Bytes the index holds. O(1).
    @inlinable var storageBytes: Int { bucketCount * MemoryLayout<UInt64>.stride }

    /// The part of `hash` the index keeps. O(1).
    @inlinable @inline(__always)
    static func fingerprint(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash >> 32) }

    @inlinable @inline(__always)
    static func bucketWord(_ fingerprint: UInt32, slot: Int32) -> UInt64 {
        UInt64(fingerprint) << 32 | UInt64(UInt32(bitPattern: slot &+ 1))
    }

    @inlinable @inline(__always)
    func home(_ fingerprint: UInt32) -> Int { Int(fingerprint) & mask }

    /// The slot of the entry with this fingerprint for which `matches`
    /// holds, or -1. Expected O(1).
    @inlinable @inline(__always)
    func find(_ fingerprint: UInt32, where matches: (Int32) -> Bool) -> Int32 {
        var bucket = home(fingerprint)
        while true {
            let word = buckets[bucket]
            if word == 0 { return -1 }
            if UInt32(truncatingIfNeeded: word >> 32) == fingerprint {
                let slot = Int32(truncatingIfNeeded: word) &- 1
                if matches(slot) { return slot }
            }
            bucket = (bucket &+ 1) & mask
        }
    }

    /// Records `slot` under `fingerprint`; the key must not be indexed yet.
    /// Doubles the buckets when they would pass three quarters full.
    /// Expected O(1), amortized.
    @inlinable @inline(__always)
    mutating func insert(_ fingerprint: UInt32, slot: Int32) {
        if _slowPath(count >= bucketCount / 4 * 3) { resize(to: bucketCount * 2) }
        place(Self.bucketWord(fingerprint, slot: slot))
        count &+= 1
    }

    @inlinable @inline(__always)
    func place(_ word: UInt64) {
        var bucket = home(UInt32(truncatingIfNeeded: word >> 32))
        while buckets[bucket] != 0 { bucket = (bucket &+ 1) & mask }
        buckets[bucket] = word
    }

    /// Removes the entry for `slot`, which must be indexed under
    /// `fingerprint`, and shifts later members of its probe run back into
    /// the hole. Expected O(1).
    @inlinable
    mutating func remove(_ fingerprint: UInt32, slot: Int32) {
        let word = Self.bucketWord(fingerprint, slot: slot)
        var hole = home(fingerprint)
        while buckets[hole] != word { hole = (hole &+ 1) & mask }
        var next = hole
        while true {
            next = (next &+ 1) & mask
            let moving = buckets[next]
            if moving == 0 { break }
            let movingHome = home(UInt32(truncatingIfNeeded: moving >> 32))
            // `moving` may fill the hole if the hole lies on its probe path,
            // i.e. cyclically within [movingHome, next). Written without a
            // branch: which way it goes is data, and mispredicts cost more
            // than the store.
            let fills = (next &- movingHome) & mask >= (next &- hole) & mask
            buckets[hole] = fills ? moving : buckets[hole]
            hole = fills ? next : hole
        }
        buckets[hole] = 0
        count &-= 1
    }

    /// Moves every entry into `newBucketCount` buckets (a power of two).
    /// O(buckets).
    @inlinable @inline(never)
    mutating func resize(to newBucketCount: Int) {
        let old = buckets
        let oldCount = bucketCount
        buckets = .allocate(capacity: newBucketCount)
        buckets.initialize(repeating: 0, count: newBucketCount)
        mask = newBucketCount - 1
        for bucket in 0..<oldCount where old[bucket] != 0 { place(old[bucket]) }
        old.deallocate()
    }

    /// Calls `body` with every indexed slot, in bucket order. O(buckets).
    @inlinable
    func forEachSlot(_ body: (Int32) -> Void) {
        for bucket in 0..<bucketCount where buckets[bucket] != 0 {
            body(Int32(truncatingIfNeeded: buckets[bucket]) &- 1)
        }
    }

    /// Frees the buckets; the index is unusable afterwards.
    @inlinable
    func deallocate() { buckets.deallocate() }
}
