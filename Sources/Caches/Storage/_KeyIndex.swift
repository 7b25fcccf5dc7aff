/// An open-addressing hash index from keys to slot numbers: linear probing
/// over a power-of-two array of 32-bit buckets, at most a quarter full.
///
/// A bucket holds `slot + 1`; zero is an empty bucket. At most a quarter
/// full, a probe usually ends at its first bucket, so the branch that ends
/// it is predictable — measured here, going from half to a quarter full made
/// a miss-heavy replay 1.5× faster — and 4-byte buckets keep that at 16
/// bytes an entry, what 8-byte buckets cost at half full. Deletion shifts
/// the rest of the probe run back (no tombstones), so lookups do not slow
/// down with churn.
///
/// The index stores no keys or hashes: comparing keys and rehashing the
/// key of a slot (for deletion and growth) are the caller's, through the
/// closures it passes.
@frozen @usableFromInline
struct _KeyIndex {
    @usableFromInline var buckets: UnsafeMutablePointer<UInt32>
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

    /// The smallest power of two (at least 16) that keeps `entries` at most
    /// a quarter full.
    @inlinable
    static func bucketCount(for entries: Int) -> Int {
        var bucketCount = 16
        while bucketCount / 4 < entries { bucketCount <<= 1 }
        return bucketCount
    }

    @inlinable var bucketCount: Int { mask &+ 1 }

    /// Bytes the index holds. O(1).
    @inlinable var storageBytes: Int { bucketCount * MemoryLayout<UInt32>.stride }

    /// The bucket where a probe for `hash` starts.
    @inlinable @inline(__always)
    func home(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash) & mask }

    /// The slot, among those indexed under `hash`, for which `matches`
    /// holds, or -1. Expected O(1).
    @inlinable @inline(__always)
    func find(_ hash: UInt64, where matches: (Int32) -> Bool) -> Int32 {
        var bucket = home(hash)
        while true {
            let word = buckets[bucket]
            if word == 0 { return -1 }
            let slot = Int32(bitPattern: word &- 1)
            if matches(slot) { return slot }
            bucket = (bucket &+ 1) & mask
        }
    }

    /// Records `slot` under `hash`; it must not be indexed yet. Doubles
    /// the buckets when they would pass a quarter full, rehashing each slot
    /// with `hashOf`. Expected O(1), amortized.
    @inlinable @inline(__always)
    mutating func insert(_ hash: UInt64, slot: Int32, hashOf: (Int32) -> UInt64) {
        if _slowPath(count >= bucketCount / 4) { resize(to: bucketCount * 2, hashOf: hashOf) }
        var bucket = home(hash)
        while buckets[bucket] != 0 { bucket = (bucket &+ 1) & mask }
        buckets[bucket] = UInt32(bitPattern: slot &+ 1)
        count &+= 1
    }

    /// Removes `slot`, which must be indexed under `hash`, and shifts later
    /// members of its probe run back into the hole; `hashOf` gives the hash
    /// of the slots it passes. Expected O(1).
    @inlinable @inline(__always)
    mutating func remove(_ hash: UInt64, slot: Int32, hashOf: (Int32) -> UInt64) {
        let word = UInt32(bitPattern: slot &+ 1)
        var hole = home(hash)
        while buckets[hole] != word { hole = (hole &+ 1) & mask }
        var next = hole
        while true {
            next = (next &+ 1) & mask
            let moving = buckets[next]
            if moving == 0 { break }
            let movingHome = home(hashOf(Int32(bitPattern: moving &- 1)))
            // `moving` may fill the hole if the hole lies on its probe path,
            // i.e. cyclically within [movingHome, next).
            if (next &- movingHome) & mask >= (next &- hole) & mask {
                buckets[hole] = moving
                hole = next
            }
        }
        buckets[hole] = 0
        count &-= 1
    }

    /// Moves every entry into `newBucketCount` buckets (a power of two).
    /// O(buckets).
    @inlinable @inline(never)
    mutating func resize(to newBucketCount: Int, hashOf: (Int32) -> UInt64) {
        let old = buckets
        let oldCount = bucketCount
        buckets = .allocate(capacity: newBucketCount)
        buckets.initialize(repeating: 0, count: newBucketCount)
        mask = newBucketCount - 1
        for i in 0..<oldCount where old[i] != 0 {
            var bucket = home(hashOf(Int32(bitPattern: old[i] &- 1)))
            while buckets[bucket] != 0 { bucket = (bucket &+ 1) & mask }
            buckets[bucket] = old[i]
        }
        old.deallocate()
    }

    /// Calls `body` with every indexed slot, in bucket order. O(buckets).
    @inlinable
    func forEachSlot(_ body: (Int32) -> Void) {
        for bucket in 0..<bucketCount where buckets[bucket] != 0 {
            body(Int32(bitPattern: buckets[bucket] &- 1))
        }
    }

    /// Frees the buckets; the index is unusable afterwards.
    @inlinable
    func deallocate() { buckets.deallocate() }
}
