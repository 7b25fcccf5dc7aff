import CPrefetch

/// LRU's hit ratio at every capacity from one pass over a stream: the
/// stack-distance method of Mattson, Gecsei, Slutz & Traiger (1970).
///
/// A request's *stack distance* is the number of distinct keys requested
/// since the last request for its key, itself included; an LRU cache of C
/// entries hits exactly the requests at distance ≤ C (first requests have
/// none and miss at every size). Each key leaves one mark at the time of
/// its last access, so a distance is the number of marks after the key's
/// previous time. Marks are bits, 64 times to a word, and a Fenwick tree
/// counts the marks per word: a count is O(log(n/64)) tree steps plus one
/// popcount, and the tree (4 bytes per 64 times) stays in cache. Times are
/// renumbered when the bits fill, so memory grows with the distinct keys
/// (16–32 bytes of table, 8 of histogram and 8 bits each), not with the
/// stream.
///
/// What a request costs is mostly memory: its key's entry in a table of
/// every distinct key, and its distance's counter, are rarely in cache. So
/// the table keeps key and time side by side (one miss, not the two of an
/// index into slots), requests go in batches whose entries are prefetched
/// before any is used, and the counters are bumped in a second pass, also
/// prefetched — the misses of a batch overlap instead of queueing.
///
/// With a `samplingRate` below 1 it is SHARDS (Waldspurger et al.,
/// FAST '15) at a fixed rate R: only keys whose hash falls in the first
/// R of the hash space are tracked, each sampled distance stands for
/// distance/R, and ratios are taken over the R·N requests expected in the
/// sample, the shortfall counted as short distances (SHARDS_adj) — for
/// streams too large, or with too many keys, to do exactly. Keys go
/// through the same ``CacheKey/cacheHash`` as the caches', so the curve
/// matches the simulated LRU request for request when exact. A class,
/// because it owns its memory.
public final class StackDistanceHistogram {
    /// Per distinct key: the time of its last access (bit position).
    @exclusivity(unchecked) @usableFromInline var lastAccess: _LastAccessTable
    /// One bit per time: set while it is some key's last access.
    @exclusivity(unchecked) @usableFromInline var marks: UnsafeMutablePointer<UInt64>
    /// Fenwick tree (1-based, `times / 64 + 1` counters) of marks per word.
    @exclusivity(unchecked) @usableFromInline var tree: UnsafeMutablePointer<Int32>
    /// Times the bits can hold before they are renumbered; a multiple of 64.
    @exclusivity(unchecked) @usableFromInline var times: Int
    @exclusivity(unchecked) @usableFromInline var clock = 0
    /// `counts[d]`: sampled requests at stack distance d (index 0 unused);
    /// room for `countsCapacity` distances, more than there are keys.
    @exclusivity(unchecked) @usableFromInline var counts: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) @usableFromInline var countsCapacity: Int
    /// The largest distance counted so far (0: none).
    @exclusivity(unchecked) @usableFromInline var largestCounted = 0
    /// Requests seen, sampled or not.
    public private(set) var requests = 0
    /// Requests sampled (all of them when exact).
    public private(set) var sampledRequests = 0
    /// The fraction of the key space tracked: 1 for an exact curve.
    public let samplingRate: Double
    @usableFromInline let threshold: UInt64

    /// Requests whose table entries are fetched together.
    @usableFromInline static let batchSize = 64

    /// An empty histogram; `samplingRate` in (0, 1] (1: exact).
    public init(samplingRate: Double = 1) {
        precondition(samplingRate > 0 && samplingRate <= 1, "samplingRate must be in (0, 1]")
        self.samplingRate = samplingRate
        threshold = samplingRate >= 1 ? .max : UInt64(samplingRate * 0x1p64)
        lastAccess = _LastAccessTable(minimumCapacity: 1 << 10)
        times = 1 << 11
        (marks, tree) = Self.allocate(times: 1 << 11)
        countsCapacity = 1 << 11
        counts = .allocate(capacity: countsCapacity)
        counts.initialize(repeating: 0, count: countsCapacity)
    }

    deinit {
        lastAccess.destroy()
        marks.deallocate()
        tree.deallocate()
        counts.deallocate()
    }

    /// Zeroed bits and tree for `times` times.
    static func allocate(times: Int) -> (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<Int32>) {
        let marks = UnsafeMutablePointer<UInt64>.allocate(capacity: times / 64)
        marks.initialize(repeating: 0, count: times / 64)
        let tree = UnsafeMutablePointer<Int32>.allocate(capacity: times / 64 + 1)
        tree.initialize(repeating: 0, count: times / 64 + 1)
        return (marks, tree)
    }

    /// Adds the requests for `keys`. O(log n) per sampled request.
    public func record(_ keys: UnsafeBufferPointer<UInt64>) {
        requests += keys.count
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.batchSize) { hashes in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: Self.batchSize) { distances in
                var start = 0
                while start < keys.count {
                    let batch = Swift.min(Self.batchSize, keys.count &- start)
                    for i in 0..<batch {
                        let hash = keys[start &+ i].cacheHash
                        hashes[i] = hash
                        if hash <= threshold { _prefetch(lastAccess.home(hash)) }
                    }
                    var counted = 0
                    for i in 0..<batch where hashes[i] <= threshold {
                        let distance = recordSampled(keys[start &+ i], hashes[i])
                        if distance > 0 {
                            _prefetch(counts + distance)
                            distances[counted] = distance
                            counted &+= 1
                        }
                    }
                    for i in 0..<counted { counts[distances[i]] &+= 1 }
                    start &+= batch
                }
            }
        }
    }

    /// Moves `key`'s mark to now; its stack distance, or 0 for its first
    /// request. O(log n).
    @inline(__always)
    func recordSampled(_ key: UInt64, _ hash: UInt64) -> Int {
        sampledRequests &+= 1
        if clock == times { renumber() }
        let previous = lastAccess.exchangeTime(key, hash, now: clock)
        var distance = 0
        if previous >= 0 {
            distance = lastAccess.count &- marksThrough(previous) &+ 1
            if distance > largestCounted { largestCounted = distance }
            flip(previous, -1)
        } else if lastAccess.count >= countsCapacity {
            growCounts()
        }
        flip(clock, 1)
        clock &+= 1
        return distance
    }

    /// Marks at times `0...time`. O(log(times/64)).
    @inlinable
    func marksThrough(_ time: Int) -> Int {
        let word = time >> 6
        var sum = (marks[word] & (UInt64.max >> UInt64(63 &- time & 63))).nonzeroBitCount
        var i = word
        while i > 0 {
            sum &+= Int(tree[i])
            i &= i &- 1
        }
        return sum
    }

    /// Sets (`delta` 1) or clears (-1) the mark at `time`. O(log(times/64)).
    @inlinable
    func flip(_ time: Int, _ delta: Int32) {
        marks[time >> 6] ^= 1 << UInt64(time & 63)
        var i = (time >> 6) &+ 1
        let words = times >> 6
        while i <= words {
            tree[i] &+= delta
            i &+= i & -i
        }
    }

    /// Doubles the room for distances (there is one more key). O(keys).
    @usableFromInline
    func growCounts() {
        let grown = UnsafeMutablePointer<Int>.allocate(capacity: 2 * countsCapacity)
        grown.moveInitialize(from: counts, count: countsCapacity)
        (grown + countsCapacity).initialize(repeating: 0, count: countsCapacity)
        counts.deallocate()
        counts = grown
        countsCapacity *= 2
    }

    /// Gives the live marks times `0..<live` in their order — each key's
    /// new time is the number of marks before its old one — in bits for
    /// eight times as many, so the O(keys) renumbering comes once per 7·keys
    /// requests. O(keys + times/64).
    @usableFromInline
    func renumber() {
        let live = lastAccess.count
        let words = times >> 6
        // Marks before each word, from one pass over the bits.
        let before = UnsafeMutablePointer<Int32>.allocate(capacity: words)
        var running: Int32 = 0
        for word in 0..<words {
            before[word] = running
            running &+= Int32(marks[word].nonzeroBitCount)
        }
        lastAccess.updateTimes { time in
            let lower = marks[time >> 6] & ~(UInt64.max << UInt64(time & 63))
            return Int(before[time >> 6]) &+ lower.nonzeroBitCount
        }
        before.deallocate()
        let size = Swift.max(1 << 11, (8 * live + 63) & ~63)
        marks.deallocate()
        tree.deallocate()
        (marks, tree) = Self.allocate(times: size)
        times = size
        clock = live
        for word in 0..<live / 64 { marks[word] = .max }
        if live % 64 != 0 { marks[live / 64] = UInt64.max >> UInt64(64 - live % 64) }
        let newWords = size >> 6
        for i in 1...newWords {
            tree[i] &+= Int32(marks[i - 1].nonzeroBitCount)
            let parent = i + (i & -i)
            if parent <= newWords { tree[parent] &+= tree[i] }
        }
    }

    /// LRU's hits at `capacity` entries, estimated by scaling when sampled:
    /// requests at (scaled) distance ≤ capacity. O(distinct keys).
    public func hits(atCapacity capacity: Int) -> Double {
        let limit = Swift.min(largestCounted, Int((Double(capacity) * samplingRate).rounded(.down)))
        guard limit >= 1 else { return 0 }
        var sampledHits = 0
        for d in 1...limit { sampledHits += counts[d] }
        return Double(sampledHits) / samplingRate
    }

    /// LRU's hit ratio at each of `capacities`, in order. O(distinct keys)
    /// for a running sum, then O(1) per capacity.
    ///
    /// Sampled, with the stream's `distinctKeys` known (estimated apart,
    /// e.g. by ``KeySample``), the misses are scaled by distinct keys ÷
    /// distinct sampled keys — the ratio estimator ``KeySample/missScale``
    /// describes — instead of SHARDS_adj's correction of the request count:
    /// a sample short of keys by chance no longer reads high at every size.
    public func curve(capacities: [Int], distinctKeys: Double) -> [MissRatioPoint] {
        guard samplingRate < 1, lastAccess.count > 0, requests > 0 else { return curve(capacities: capacities) }
        let cumulative = cumulativeCounts()
        let scale = distinctKeys / Double(lastAccess.count)
        return capacities.map { capacity in
            let limit = Swift.min(largestCounted, Int((Double(capacity) * samplingRate).rounded(.down)))
            let misses = Double(sampledRequests - (limit >= 1 ? cumulative[limit] : 0)) * scale
            return MissRatioPoint(
                capacity: capacity, hitRatio: Swift.min(1, Swift.max(0, 1 - misses / Double(requests))))
        }
    }

    /// Sampled requests at each distance or less, from 0 to the largest.
    func cumulativeCounts() -> [Int] {
        var cumulative = [Int](repeating: 0, count: largestCounted + 1)
        if largestCounted >= 1 {
            for d in 1...largestCounted { cumulative[d] = cumulative[d - 1] + counts[d] }
        }
        return cumulative
    }

    /// LRU's hit ratio at each of `capacities`, in order, SHARDS_adj's way.
    public func curve(capacities: [Int]) -> [MissRatioPoint] {
        let cumulative = cumulativeCounts()
        // SHARDS_adj: the sampled requests fall short of (or exceed) the
        // expected R·N by chance, mostly through hot keys in or out of the
        // sample; the difference goes to the smallest distances.
        let expected = samplingRate >= 1 ? Double(sampledRequests) : Double(requests) * samplingRate
        let adjustment = expected - Double(sampledRequests)
        return capacities.map { capacity in
            let limit = Swift.min(largestCounted, Int((Double(capacity) * samplingRate).rounded(.down)))
            let hits = limit >= 1 ? Double(cumulative[limit]) + adjustment : 0
            return MissRatioPoint(capacity: capacity, hitRatio: expected > 0 ? Swift.max(0, hits) / expected : 0)
        }
    }

    /// The largest stack distance seen (scaled when sampled): the capacity
    /// beyond which LRU hits no more.
    public var largestDistance: Int { Int((Double(largestCounted) / samplingRate).rounded(.up)) }

    /// Distinct keys tracked (sampled ones only, when sampling).
    public var distinctKeys: Int { lastAccess.count }

    /// Bytes the histogram holds: key table, marks, tree and counters,
    /// spare room included. O(1).
    public var storageBytes: Int {
        lastAccess.storageBytes + times / 8 + (times / 64 + 1) * 4 + countsCapacity * MemoryLayout<Int>.stride
    }
}

/// Asks the memory system for the cache line at `address` ahead of use.
@inlinable @inline(__always)
func _prefetch<T>(_ address: UnsafeMutablePointer<T>) { cachesim_prefetch(address) }
