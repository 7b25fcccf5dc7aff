import Caches
import Workload

/// Gives each miss of one run its cause (``MissCauses``), exactly.
///
/// A miss on a request in ``RequestChunk/firstRequests`` is compulsory.
/// Any other miss found its key absent because the key's entry expired, a
/// trace's delete removed it, or it was evicted (or never admitted). The
/// first two leave a mark here when they happen (the replay's
/// ``ReplayLog`` reports expiries; deletes are applied by the harness); the
/// key's next miss takes the mark and its cause, and a write of the key
/// clears it. A miss without a mark is a capacity miss. So a cache that
/// cannot expire and sees no delete needs no log at all: its misses are
/// the compulsory ones, counted from the stream, and capacity misses.
///
/// Marks cost a dictionary entry per key that left this way and has not
/// been requested since. Unique IDs come back only within their window, so
/// their marks are dropped once they are older than it; other streams'
/// are bounded by their distinct keys.
struct MissClassifier {
    enum Departure { case expired, removed }

    private(set) var causes = MissCauses()
    /// Keys that expired or were deleted and have not been requested or
    /// written since, with the request position at which they left.
    private var marks: [UInt64: (departure: Departure, at: Int)] = [:]
    /// The marks in the order they were made, for dropping old ones.
    private var order: [(at: Int, key: UInt64)] = []
    private var orderStart = 0
    /// Requests after which a key never recurs (unique IDs' window); `nil`:
    /// keys may recur at any distance.
    private let horizon: Int?

    init(keys: KeySource) {
        if case .unique(let repeats, let window) = keys {
            horizon = repeats == 1 ? 0 : window
        } else {
            horizon = nil
        }
    }

    /// Counts the misses of a plain replay of `requests` requests starting
    /// at chunk position `start`, of which `misses` missed: the chunk's
    /// first requests among them are compulsory, the rest capacity.
    mutating func countPlain(misses: Int, start: Int, requests: Int, firsts: [Int32]) {
        let compulsory = Self.firsts(in: start..<start + requests, firsts)
        causes.compulsory += compulsory
        causes.capacity += misses - compulsory
    }

    /// Counts the misses `log` reports for the requests `keys` at chunk
    /// positions from `start` (stream position `base + start`), in order with
    /// the expiries it reports.
    mutating func count(
        _ log: ReplayLog, keys: UnsafeBufferPointer<UInt64>, start: Int, base: Int, firsts: [Int32]
    ) {
        var expiry = 0
        var first = Self.lowerBound(Int32(truncatingIfNeeded: start), in: firsts)
        for miss in log.misses {
            while expiry < log.expiries.count, log.expiries[expiry].before <= miss {
                mark(log.expiries[expiry].key, .expired, at: base + start + Int(log.expiries[expiry].before))
                expiry += 1
            }
            let position = start + Int(miss)
            while first < firsts.count, Int(firsts[first]) < position { first += 1 }
            if first < firsts.count, Int(firsts[first]) == position {
                causes.compulsory += 1
            } else if let mark = marks.removeValue(forKey: keys[Int(miss)]) {
                if mark.departure == .expired { causes.expired += 1 } else { causes.removed += 1 }
            } else {
                causes.capacity += 1
            }
        }
        for rest in log.expiries[expiry...] { mark(rest.key, .expired, at: base + start + Int(rest.before)) }
        dropOldMarks(now: base + start + keys.count)
    }

    /// A trace's delete removed `key`'s resident entry at stream position `at`.
    mutating func removed(_ key: UInt64, at: Int) { mark(key, .removed, at: at) }

    /// A trace's write stored `key`: whatever it left as, it is back.
    mutating func written(_ key: UInt64) { marks.removeValue(forKey: key) }

    private mutating func mark(_ key: UInt64, _ departure: Departure, at: Int) {
        guard horizon != 0 else { return }  // unique IDs without repeats never return
        marks[key] = (departure, at)
        if horizon != nil { order.append((at, key)) }
    }

    /// Drops the marks of unique IDs older than their window: those keys
    /// are never requested again. O(1) amortized per mark.
    private mutating func dropOldMarks(now: Int) {
        guard let horizon, horizon > 0 else { return }
        while orderStart < order.count, order[orderStart].at < now - horizon {
            let (at, key) = order[orderStart]
            if marks[key]?.at == at { marks.removeValue(forKey: key) }
            orderStart += 1
        }
        if orderStart > 4096 && orderStart * 2 > order.count {
            order.removeFirst(orderStart)
            orderStart = 0
        }
    }

    /// How many of the ascending `firsts` lie in `range`. O(log n).
    static func firsts(in range: Range<Int>, _ firsts: [Int32]) -> Int {
        lowerBound(Int32(truncatingIfNeeded: range.upperBound), in: firsts)
            - lowerBound(Int32(truncatingIfNeeded: range.lowerBound), in: firsts)
    }

    /// The index of the first of the ascending `values` at or above `value`.
    static func lowerBound(_ value: Int32, in values: [Int32]) -> Int {
        var low = 0, high = values.count
        while low < high {
            let mid = (low + high) / 2
            if values[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
