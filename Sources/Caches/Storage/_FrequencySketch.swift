/// TinyLFU's frequency estimate (Einziger, Friedman & Manes, 2017): a
/// count-min sketch of 4-bit counters behind a doorkeeper, aged by halving.
///
/// - The doorkeeper, a Bloom filter, absorbs each key's first occurrence,
///   so the many keys seen once never reach the counters.
/// - The sketch keeps 4 rows of saturating 4-bit counters (held in bytes);
///   a key's estimate is the least of its 4 counters, plus one if the
///   doorkeeper knows it.
/// - Every `sampleSize` recorded occurrences, each counter is halved and
///   the doorkeeper cleared, so old popularity fades.
///
/// Sized from the cache's entry bound: rows of the next power of two at or
/// above it (at least 16) counters, a doorkeeper of 8 bits per counter
/// column. Every operation is O(1).
@usableFromInline
struct _FrequencySketch {
    @usableFromInline var counters: [UInt8]
    @usableFromInline var doorkeeper: [UInt64]
    /// Counters per row, minus one.
    @usableFromInline let rowMask: Int
    @usableFromInline let doorkeeperMask: Int
    @usableFromInline let sampleSize: Int
    @usableFromInline var additions = 0

    /// A sketch for a cache of `entries` entries, aged every
    /// `sampleFactor`·`entries` occurrences. O(entries).
    @inlinable
    init(entries: Int, sampleFactor: Int = 10) {
        var width = 16
        while width < entries && width < 1 << 26 { width <<= 1 }
        rowMask = width - 1
        counters = [UInt8](repeating: 0, count: 4 * width)
        doorkeeper = [UInt64](repeating: 0, count: width / 8)
        doorkeeperMask = width * 8 - 1
        sampleSize = Swift.max(16, sampleFactor * Swift.max(1, entries))
    }

    /// The counter of row `row` for `hash`.
    @inlinable @inline(__always)
    func index(_ hash: UInt64, row: Int) -> Int {
        let mixed = mix64(hash &+ UInt64(row &+ 1) &* 0x9E37_79B9_7F4A_7C15)
        return row &* (rowMask &+ 1) &+ Int(truncatingIfNeeded: mixed) & rowMask
    }

    /// The two doorkeeper bits of `hash`.
    @inlinable @inline(__always)
    func doorkeeperBits(_ hash: UInt64) -> (Int, Int) {
        (Int(truncatingIfNeeded: hash) & doorkeeperMask, Int(truncatingIfNeeded: hash >> 32) & doorkeeperMask)
    }

    @inlinable @inline(__always)
    func doorkeeperKnows(_ hash: UInt64) -> Bool {
        let (a, b) = doorkeeperBits(hash)
        return doorkeeper[a >> 6] & (1 << UInt64(a & 63)) != 0 && doorkeeper[b >> 6] & (1 << UInt64(b & 63)) != 0
    }

    /// Records one occurrence of the key hashed to `hash`. O(1).
    @inlinable
    mutating func record(_ hash: UInt64) {
        if doorkeeperKnows(hash) {
            for row in 0..<4 {
                let i = index(hash, row: row)
                if counters[i] < 15 { counters[i] &+= 1 }
            }
        } else {
            let (a, b) = doorkeeperBits(hash)
            doorkeeper[a >> 6] |= 1 << UInt64(a & 63)
            doorkeeper[b >> 6] |= 1 << UInt64(b & 63)
        }
        additions &+= 1
        if additions >= sampleSize { age() }
    }

    /// The estimated occurrences of the key hashed to `hash` since aging
    /// last halved them. O(1).
    @inlinable
    func estimate(_ hash: UInt64) -> Int {
        var least = UInt8.max
        for row in 0..<4 { least = Swift.min(least, counters[index(hash, row: row)]) }
        return Int(least) + (doorkeeperKnows(hash) ? 1 : 0)
    }

    /// Halves every counter and clears the doorkeeper. O(counters).
    @inlinable @inline(never)
    mutating func age() {
        for i in counters.indices { counters[i] >>= 1 }
        for i in doorkeeper.indices { doorkeeper[i] = 0 }
        additions /= 2
    }

    /// Bytes of counters and doorkeeper. O(1).
    @inlinable var storageBytes: Int { counters.capacity + doorkeeper.capacity * MemoryLayout<UInt64>.stride }
}
