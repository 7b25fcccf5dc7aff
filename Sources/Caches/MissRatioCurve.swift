#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
/// (about 2 bits plus a slot each), not with the stream.
///
/// With a `samplingRate` below 1 it is SHARDS (Waldspurger et al.,
/// FAST '15) at a fixed rate R: only keys whose hash falls in the first
/// R of the hash space are tracked, each sampled distance stands for
/// distance/R, and ratios are taken over the R·N requests expected in the
/// sample, the shortfall counted as short distances (SHARDS_adj) — for
/// streams too large, or with too many keys, to do exactly. Keys go
/// through the same ``CacheKey/cacheHash`` as the caches', so the curve
/// matches the simulated LRU request for request when exact. A class,
/// because it owns its slot table's memory.
public final class StackDistanceHistogram {
    /// Per distinct key: the time of its last access (tree position).
    @exclusivity(unchecked) @usableFromInline var lastAccess: _SlotTable<UInt64, Void, Int32>
    /// One bit per time: set while it is some key's last access.
    @exclusivity(unchecked) @usableFromInline var marks: UnsafeMutablePointer<UInt64>
    /// Fenwick tree (1-based, `times / 64 + 1` counters) of marks per word.
    @exclusivity(unchecked) @usableFromInline var tree: UnsafeMutablePointer<Int32>
    /// Times the bits can hold before they are renumbered; a multiple of 64.
    @exclusivity(unchecked) @usableFromInline var times: Int
    @exclusivity(unchecked) @usableFromInline var clock = 0
    /// `counts[d]`: sampled requests at stack distance d (index 0 unused).
    @exclusivity(unchecked) @usableFromInline var counts: [Int] = [0]
    /// Requests seen, sampled or not.
    public private(set) var requests = 0
    /// Requests sampled (all of them when exact).
    public private(set) var sampledRequests = 0
    /// The fraction of the key space tracked: 1 for an exact curve.
    public let samplingRate: Double
    @usableFromInline let threshold: UInt64

    /// An empty histogram; `samplingRate` in (0, 1] (1: exact).
    public init(samplingRate: Double = 1) {
        precondition(samplingRate > 0 && samplingRate <= 1, "samplingRate must be in (0, 1]")
        self.samplingRate = samplingRate
        threshold = samplingRate >= 1 ? .max : UInt64(samplingRate * 0x1p64)
        lastAccess = _SlotTable(slots: 1 << 10)
        times = 1 << 11
        (marks, tree) = Self.allocate(times: 1 << 11)
    }

    deinit {
        lastAccess.destroy()
        marks.deallocate()
        tree.deallocate()
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
        for key in keys {
            let hash = key.cacheHash
            if hash > threshold { continue }
            sampledRequests &+= 1
            if clock == times { renumber() }
            let slot = lastAccess.find(key, hash)
            if slot >= 0 {
                let previous = Int(lastAccess.extras[Int(slot)])
                let distance = lastAccess.count &- marksThrough(previous) &+ 1
                if distance >= counts.count { counts.append(contentsOf: repeatElement(0, count: distance &- counts.count &+ 1)) }
                counts[distance] &+= 1
                flip(previous, -1)
                lastAccess.extras[Int(slot)] = Int32(truncatingIfNeeded: clock)
            } else {
                _ = lastAccess.insert(key, hash, value: (), size: 0, extra: Int32(truncatingIfNeeded: clock))
            }
            flip(clock, 1)
            clock &+= 1
        }
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

    /// Gives the live marks times `0..<distinct` in their order, in bits
    /// for twice as many. O(times). Keys are never removed, so the slots
    /// `0..<distinct` are exactly the live ones; which slot owns which time
    /// is rebuilt here rather than kept up to date on every request.
    func renumber() {
        let live = lastAccess.count
        let size = Swift.max(1 << 11, (2 * live + 63) & ~63)
        let (newMarks, newTree) = Self.allocate(times: size)
        let owner = UnsafeMutablePointer<Int32>.allocate(capacity: clock)
        owner.initialize(repeating: -1, count: clock)
        for slot in 0..<live { owner[Int(lastAccess.extras[slot])] = Int32(slot) }
        var next = 0
        for time in 0..<clock where owner[time] >= 0 {
            lastAccess.extras[Int(owner[time])] = Int32(truncatingIfNeeded: next)
            newMarks[next >> 6] |= 1 << UInt64(next & 63)
            next += 1
        }
        owner.deallocate()
        marks.deallocate()
        tree.deallocate()
        (marks, tree) = (newMarks, newTree)
        clock = next
        times = size
        let words = size >> 6
        for i in 1...words {
            tree[i] &+= Int32(marks[i - 1].nonzeroBitCount)
            let parent = i + (i & -i)
            if parent <= words { tree[parent] &+= tree[i] }
        }
    }

    /// LRU's hits at `capacity` entries, estimated by scaling when sampled:
    /// requests at (scaled) distance ≤ capacity. O(distinct keys).
    public func hits(atCapacity capacity: Int) -> Double {
        let limit = Swift.min(counts.count - 1, Int((Double(capacity) * samplingRate).rounded(.down)))
        guard limit >= 1 else { return 0 }
        let sampledHits = counts[1...limit].reduce(0, +)
        return Double(sampledHits) / samplingRate
    }

    /// LRU's hit ratio at each of `capacities`, in order. O(distinct keys)
    /// per capacity after a running sum.
    public func curve(capacities: [Int]) -> [MissRatioPoint] {
        var cumulative = [Int](repeating: 0, count: counts.count)
        for d in counts.indices.dropFirst() { cumulative[d] = cumulative[d - 1] + counts[d] }
        // SHARDS_adj: the sampled requests fall short of (or exceed) the
        // expected R·N by chance, mostly through hot keys in or out of the
        // sample; the difference goes to the smallest distances.
        let expected = samplingRate >= 1 ? Double(sampledRequests) : Double(requests) * samplingRate
        let adjustment = expected - Double(sampledRequests)
        return capacities.map { capacity in
            let limit = Swift.min(counts.count - 1, Int((Double(capacity) * samplingRate).rounded(.down)))
            let hits = limit >= 1 ? Double(cumulative[limit]) + adjustment : 0
            return MissRatioPoint(capacity: capacity, hitRatio: expected > 0 ? Swift.max(0, hits) / expected : 0)
        }
    }

    /// The largest stack distance seen (scaled when sampled): the capacity
    /// beyond which LRU hits no more.
    public var largestDistance: Int { Int((Double(counts.count - 1) / samplingRate).rounded(.up)) }

    /// Distinct keys tracked (sampled ones only, when sampling).
    public var distinctKeys: Int { lastAccess.count }
}

/// One point of a miss-ratio curve.
public struct MissRatioPoint: Sendable, Hashable, Codable {
    public var capacity: Int
    public var hitRatio: Double
    public init(capacity: Int, hitRatio: Double) {
        self.capacity = capacity
        self.hitRatio = hitRatio
    }
}

/// LRU's whole hit-ratio curve in one pass; see ``StackDistanceHistogram``.
public enum MissRatioCurve {
    /// LRU's hit ratio at each of `capacities` (entries) for `keys`, exact
    /// or (with `samplingRate` < 1) by SHARDS. O(requests · log(distinct keys)).
    public static func compute(keys: [UInt64], capacities: [Int], samplingRate: Double = 1) -> [MissRatioPoint] {
        let histogram = StackDistanceHistogram(samplingRate: samplingRate)
        keys.withUnsafeBufferPointer { histogram.record($0) }
        return histogram.curve(capacities: capacities)
    }

    /// About `count` capacities from 1 to `largest`, evenly spaced on a log
    /// scale, without repeats.
    public static func logSpacedCapacities(upTo largest: Int, count: Int = 20) -> [Int] {
        guard largest > 1, count > 1 else { return [Swift.max(1, largest)] }
        let step = log(Double(largest)) / Double(count - 1)
        var capacities: [Int] = []
        for i in 0..<count {
            let c = Int((exp(step * Double(i))).rounded())
            if capacities.last != c { capacities.append(Swift.min(largest, Swift.max(1, c))) }
        }
        if capacities.last != largest { capacities.append(largest) }
        return capacities
    }
}
