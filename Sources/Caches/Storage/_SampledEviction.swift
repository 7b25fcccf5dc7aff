/// Redis's approximated eviction (evict.c), shared by its LRU and LFU
/// models: residents are kept in a dense array so that a few can be drawn
/// uniformly at random, and the best candidates seen so far wait in a pool
/// of 16 kept in ascending order of score (idle time, or 255 minus the
/// frequency counter), so that each eviction takes the highest score in
/// the pool after adding a fresh sample to it.
///
/// The pool follows Redis's rules to the letter, including its quirks:
/// - a sampled key enters before the first entry whose score is not below
///   its own (equal scores go to the left, so among equals the one that
///   entered first leaves first);
/// - into a full pool it enters only if it beats the lowest entry, which
///   then drops out;
/// - scores are taken when a key is sampled and never refreshed, so a key
///   used since keeps its old, higher score;
/// - entries name keys, not slots: one whose key has left since is skipped
///   when its turn comes (Redis's "ghost"), and one whose key has left and
///   come back names the new entry;
/// - the same key may be in the pool twice.
///
/// Redis draws with `dictGetSomeKeys`, which walks consecutive buckets of
/// its hash table from a random start. Keys' positions are hash-random, so
/// the draw is a uniform sample without replacement as far as recency or
/// frequency is concerned; here it is exactly that, by a partial
/// Fisher–Yates shuffle of the dense array, seeded so a replay is
/// reproducible. Public only as a part of the Redis policies; not an API.
@frozen
public struct _SampledEviction<Key: CacheKey> {
    /// Pool entries Redis keeps (`EVPOOL_SIZE`).
    public static var poolSize: Int { 16 }

    /// Resident slots, in no particular order; each slot's extra records
    /// its position here.
    @usableFromInline var residents: [Int32] = []
    /// The pool, ascending by score: keys, their hashes and their scores.
    @usableFromInline var poolKeys: [Key] = []
    @usableFromInline var poolHashes: [UInt64] = []
    @usableFromInline var poolScores: [UInt64] = []
    /// Keys drawn per eviction (`maxmemory-samples`).
    @usableFromInline let samples: Int
    @usableFromInline var state: UInt64

    @inlinable
    init(reserving slots: Int, samples: Int, seed: UInt64) {
        residents.reserveCapacity(slots)
        poolKeys.reserveCapacity(Self.poolSize)
        poolHashes.reserveCapacity(Self.poolSize)
        poolScores.reserveCapacity(Self.poolSize)
        self.samples = Swift.max(1, samples)
        state = seed
    }

    /// The dense array and the pool. O(1).
    @inlinable var storageBytes: Int {
        residents.capacity * MemoryLayout<Int32>.stride + poolKeys.capacity * MemoryLayout<Key>.stride
            + (poolHashes.capacity + poolScores.capacity) * MemoryLayout<UInt64>.stride
    }

    /// A uniform draw in `0..<n` (splitmix64, Lemire's multiply-shift). O(1).
    @inlinable @inline(__always)
    mutating func draw(below n: Int) -> Int {
        Int(truncatingIfNeeded: nextRandom().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// A uniform draw in `0..<1` with 53 bits. O(1).
    @inlinable @inline(__always)
    mutating func unitDraw() -> Double { Double(nextRandom() >> 11) * 0x1p-53 }

    @inlinable @inline(__always)
    mutating func nextRandom() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return mix64(state)
    }

    /// Appends a new resident; returns its position, for its extra. O(1).
    @inlinable @inline(__always)
    mutating func append(_ slot: Int32) -> Int32 {
        residents.append(slot)
        return Int32(truncatingIfNeeded: residents.count - 1)
    }

    /// Takes the resident at `position` out of the dense array, moving the
    /// last one into its place; `moved` is told that one's new position.
    /// O(1).
    @inlinable @inline(__always)
    mutating func remove(at position: Int, moved: (_ slot: Int32, _ position: Int32) -> Void) {
        let last = residents.removeLast()
        if position < residents.count {
            residents[position] = last
            moved(last, Int32(truncatingIfNeeded: position))
        }
    }

    /// Draws `samples` residents (all of them if fewer) without
    /// replacement and offers each to the pool with the score `score`
    /// gives it now. `moved` is told each resident's new position, since
    /// the draw shuffles the dense array. O(samples).
    @inlinable
    mutating func populate(
        key: (Int32) -> Key, score: (Int32) -> UInt64, moved: (_ slot: Int32, _ position: Int32) -> Void
    ) {
        let n = residents.count
        let count = Swift.min(samples, n)
        for j in 0..<count {
            let r = j + draw(below: n - j)
            if r != j {
                residents.swapAt(j, r)
                moved(residents[j], Int32(truncatingIfNeeded: j))
                moved(residents[r], Int32(truncatingIfNeeded: r))
            }
            let slot = residents[j]
            offer(key(slot), score: score(slot))
        }
    }

    /// Redis's insertion into the pool (evictionPoolPopulate). O(pool).
    @inlinable
    mutating func offer(_ key: Key, score: UInt64) {
        var k = 0
        while k < poolScores.count && poolScores[k] < score { k += 1 }
        if poolScores.count == Self.poolSize {
            // Full: a key that beats none is not taken; one that does
            // pushes out the lowest and goes just before the first it
            // does not beat.
            guard k > 0 else { return }
            poolKeys.remove(at: 0)
            poolHashes.remove(at: 0)
            poolScores.remove(at: 0)
            k -= 1
        }
        poolKeys.insert(key, at: k)
        poolHashes.insert(key.cacheHash, at: k)
        poolScores.insert(score, at: k)
    }

    /// The victim: the pool's best entry whose key is still resident
    /// (`find` gives its slot, or -1), entries of keys that left being
    /// dropped; the pool is topped up with a fresh sample first, and again
    /// whenever it runs dry. Expected O(samples + pool).
    @inlinable
    mutating func victim(
        find: (Key, UInt64) -> Int32, key: (Int32) -> Key, score: (Int32) -> UInt64,
        moved: (_ slot: Int32, _ position: Int32) -> Void
    ) -> Int32 {
        precondition(!residents.isEmpty, "no resident to evict")
        while true {
            populate(key: key, score: score, moved: moved)
            while let best = poolKeys.popLast() {
                let hash = poolHashes.removeLast()
                poolScores.removeLast()
                let slot = find(best, hash)
                if slot >= 0 { return slot }
            }
        }
    }
}

/// What Redis keeps per key for eviction, as the Redis models store it in
/// each slot's extra: the key's position in the dense array of residents,
/// and its 24-bit `lru` field (an LRU clock reading, or 16 bits of minutes
/// and an 8-bit frequency counter). Public only as a slot's extra; not an API.
@frozen
public struct _SampledEntry {
    @usableFromInline var position: Int32
    @usableFromInline var stamp: UInt32

    @inlinable init(position: Int32, stamp: UInt32) {
        self.position = position
        self.stamp = stamp
    }
}

extension _SampledEviction {
    /// The policy rules' common parts, for a table whose extras are
    /// ``_SampledEntry``: unlink, insert, and the victim with `score`.
    @inlinable @inline(__always)
    mutating func unlink<Value>(_ slot: Int32, in table: inout _SlotTable<Key, Value, _SampledEntry>) {
        let extras = table.extras
        remove(at: Int(extras[Int(slot)].position)) { moved, position in extras[Int(moved)].position = position }
    }

    @inlinable @inline(__always)
    mutating func insert<Value>(
        _ request: _Request<Key>, _ value: Value, stamp: UInt32, in table: inout _SlotTable<Key, Value, _SampledEntry>
    ) -> Int32 {
        let slot = table.insert(request, value, extra: _SampledEntry(position: -1, stamp: stamp))
        table.extras[Int(slot)].position = append(slot)
        return slot
    }

    /// Evicts the victim Redis would choose, scored by `score` (higher
    /// leaves first). Expected O(samples + pool).
    @inlinable @inline(__always)
    mutating func evict<Value>(
        in table: inout _SlotTable<Key, Value, _SampledEntry>, score: (_SampledEntry) -> UInt64
    ) {
        let extras = table.extras
        let keys = table.keys
        let slot = victim(
            find: { [table] key, hash in table.find(key, hash) }, key: { keys[Int($0)] },
            score: { score(extras[Int($0)]) }, moved: { moved, position in extras[Int(moved)].position = position })
        unlink(slot, in: &table)
        table.remove(slot)
    }
}
