/// Redis's approximated eviction (evict.c), shared by its LRU and LFU
/// models: residents are drawn a few at a time the way Redis draws them
/// from its key dictionary, and the best candidates seen so far wait in a
/// pool of 16 kept in ascending order of score (idle time, or 255 minus the
/// frequency counter), so that each eviction takes the highest score in
/// the pool after adding a fresh sample to it.
///
/// **The draw is Redis's `dictGetSomeKeys`, not a uniform sample.** The
/// residents sit in a chained hash table shaped as Redis's main dictionary:
/// a power-of-two number of buckets that doubles when the keys reach it, a
/// new key going to the head of its bucket's chain. A draw starts at a
/// random bucket and walks on, taking whole chains head first, until it
/// has `samples` keys (jumping to another random bucket after a run of
/// empty ones, giving up after 10 steps per key). So the newest key of a
/// chain is drawn more often than the others, and with one sample only a
/// chain's head is ever drawn — which makes `samples: 1` evict younger
/// keys than a uniform draw would (about a point of hit ratio on a Zipf
/// stream). Which keys share a bucket depends on the hash (Redis's is
/// SipHash of the key's bytes; here it is the key's `cacheHash`), so the
/// model matches Redis in distribution, not key for key.
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
/// The draws come from a splitmix64 generator seeded at creation, so a
/// replay is reproducible. Public only as a part of the Redis policies;
/// not an API.
@frozen
public struct _SampledEviction<Key: CacheKey> {
    /// Pool entries Redis keeps (`EVPOOL_SIZE`).
    public static var poolSize: Int { 16 }

    /// The dictionary's buckets: the first slot of each chain, or −1; a
    /// power of two of them (none before the first key). Each slot's extra
    /// links to the next slot of its chain.
    @usableFromInline var buckets: [Int32] = []
    /// Keys in the dictionary.
    @usableFromInline var residentCount = 0
    /// The pool, ascending by score: keys, their hashes and their scores.
    @usableFromInline var poolKeys: [Key] = []
    @usableFromInline var poolHashes: [UInt64] = []
    @usableFromInline var poolScores: [UInt64] = []
    /// Keys drawn per eviction (`maxmemory-samples`).
    @usableFromInline let samples: Int
    @usableFromInline var state: UInt64

    @inlinable
    init(reserving slots: Int, samples: Int, seed: UInt64) {
        poolKeys.reserveCapacity(Self.poolSize)
        poolHashes.reserveCapacity(Self.poolSize)
        poolScores.reserveCapacity(Self.poolSize)
        self.samples = Swift.max(1, samples)
        state = seed
    }

    /// The buckets and the pool. O(1).
    @inlinable var storageBytes: Int {
        buckets.capacity * MemoryLayout<Int32>.stride + poolKeys.capacity * MemoryLayout<Key>.stride
            + (poolHashes.capacity + poolScores.capacity) * MemoryLayout<UInt64>.stride
    }

    /// A uniform draw in `0..<1` with 53 bits. O(1).
    @inlinable @inline(__always)
    mutating func unitDraw() -> Double { Double(nextRandom() >> 11) * 0x1p-53 }

    @inlinable @inline(__always)
    mutating func nextRandom() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return mix64(state)
    }

    /// The bucket of a key's hash. O(1).
    @inlinable @inline(__always)
    func bucket(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash) & (buckets.count - 1) }

    /// Adds `slot` (of hash `hash`) at the head of its chain, first doubling
    /// the buckets when the keys have reached their number, as Redis's
    /// `_dictExpandIfNeeded` does (4 buckets at first). `next` reads and
    /// writes a slot's link, `hashOf` gives a slot's hash. Amortized O(1).
    @inlinable
    mutating func add(
        _ slot: Int32, hash: UInt64, next: (Int32) -> Int32, setNext: (Int32, Int32) -> Void,
        hashOf: (Int32) -> UInt64
    ) {
        if buckets.isEmpty {
            buckets = [Int32](repeating: -1, count: 4)
        } else if residentCount >= buckets.count {
            // Redis grows to the next power of two above its keys and moves
            // the chains bucket by bucket, each key to the head of its new
            // chain (incrementally; here at once).
            var size = buckets.count
            while size < residentCount + 1 { size <<= 1 }
            let old = buckets
            buckets = [Int32](repeating: -1, count: size)
            for head in old {
                var current = head
                while current >= 0 {
                    let following = next(current)
                    let b = bucket(hashOf(current))
                    setNext(current, buckets[b])
                    buckets[b] = current
                    current = following
                }
            }
        }
        let b = bucket(hash)
        setNext(slot, buckets[b])
        buckets[b] = slot
        residentCount += 1
    }

    /// Takes `slot` (of hash `hash`) out of its chain. O(chain), expected
    /// O(1).
    @inlinable
    mutating func remove(_ slot: Int32, hash: UInt64, next: (Int32) -> Int32, setNext: (Int32, Int32) -> Void) {
        let b = bucket(hash)
        if buckets[b] == slot {
            buckets[b] = next(slot)
        } else {
            var previous = buckets[b]
            while next(previous) != slot { previous = next(previous) }
            setNext(previous, next(slot))
        }
        residentCount -= 1
    }

    /// Draws up to `samples` residents as `dictGetSomeKeys` does and offers
    /// each to the pool with the score `score` gives it now. O(samples)
    /// steps, expected.
    @inlinable
    mutating func populate(key: (Int32) -> Key, score: (Int32) -> UInt64, next: (Int32) -> Int32) {
        let count = Swift.min(samples, residentCount)
        guard count > 0 else { return }
        let mask = buckets.count - 1
        var steps = count * 10
        var i = Int(truncatingIfNeeded: nextRandom()) & mask
        var emptyRun = 0
        var stored = 0
        while stored < count && steps > 0 {
            steps -= 1
            var slot = buckets[i]
            if slot < 0 {
                emptyRun += 1
                if emptyRun >= 5 && emptyRun > count {
                    i = Int(truncatingIfNeeded: nextRandom()) & mask
                    emptyRun = 0
                }
            } else {
                emptyRun = 0
                while slot >= 0 {
                    offer(key(slot), score: score(slot))
                    stored += 1
                    if stored == count { return }
                    slot = next(slot)
                }
            }
            i = (i + 1) & mask
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
        find: (Key, UInt64) -> Int32, key: (Int32) -> Key, score: (Int32) -> UInt64, next: (Int32) -> Int32
    ) -> Int32 {
        precondition(residentCount > 0, "no resident to evict")
        while true {
            populate(key: key, score: score, next: next)
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
/// each slot's extra: the next slot of its dictionary chain (−1: none), and
/// its 24-bit `lru` field (an LRU clock reading, or 16 bits of minutes and
/// an 8-bit frequency counter). Public only as a slot's extra; not an API.
@frozen
public struct _SampledEntry {
    @usableFromInline var next: Int32
    @usableFromInline var stamp: UInt32

    @inlinable init(next: Int32, stamp: UInt32) {
        self.next = next
        self.stamp = stamp
    }
}

extension _SampledEviction {
    /// The policy rules' common parts, for a table whose extras are
    /// ``_SampledEntry``: unlink, insert, and the victim with `score`.
    @inlinable @inline(__always)
    mutating func unlink<Value>(_ slot: Int32, in table: inout _SlotTable<Key, Value, _SampledEntry>) {
        let extras = table.extras
        remove(
            slot, hash: table.keys[Int(slot)].cacheHash, next: { extras[Int($0)].next },
            setNext: { extras[Int($0)].next = $1 })
    }

    @inlinable @inline(__always)
    mutating func insert<Value>(
        _ request: _Request<Key>, _ value: Value, stamp: UInt32, in table: inout _SlotTable<Key, Value, _SampledEntry>
    ) -> Int32 {
        let slot = table.insert(request, value, extra: _SampledEntry(next: -1, stamp: stamp))
        let extras = table.extras
        let keys = table.keys
        add(
            slot, hash: request.hash, next: { extras[Int($0)].next }, setNext: { extras[Int($0)].next = $1 },
            hashOf: { keys[Int($0)].cacheHash })
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
            score: { score(extras[Int($0)]) }, next: { extras[Int($0)].next })
        unlink(slot, in: &table)
        table.remove(slot)
    }
}
