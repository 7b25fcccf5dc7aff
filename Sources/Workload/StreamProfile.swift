import Foundation
import Stats

/// What a request stream is like (`cachesim describe`): its size, how many
/// distinct keys it touches, how skewed it is, how soon keys come back, and
/// the Zipf exponent that fits it.
///
/// Measuring keeps a count and a last position per distinct key, so memory
/// is O(distinct keys); reuse times are kept in a uniform reservoir sample.
public struct StreamProfile: Sendable {
    public var requests = 0
    public var distinctKeys = 0
    /// Share of distinct keys requested exactly once.
    public var oneHitWonderShare = 0.0
    /// Share of requests that go to the most requested 1 % of keys (at least one key).
    public var topPercentShare = 0.0
    /// Quantiles of reuse time: requests since the previous request to the
    /// same key, over requests that are not a key's first. Empty when no key recurs.
    public var reuseQuantiles: [(p: Double, requests: Double)] = []
    /// Number of reuse times the quantiles were estimated from (a reservoir sample).
    public var reuseSample = 0
    /// The fitted Zipf exponent, or nil when too few keys are well sampled.
    public var zipf: ZipfFit?
    /// The stream's lifetimes, when it carries any.
    public var lifetimes: LifetimeProfile?

    /// Quantiles of reuse time that are reported.
    public static let reportedQuantiles = [0.1, 0.25, 0.5, 0.75, 0.9, 0.99]
    /// Reuse times kept for the quantiles.
    public static let reservoirSize = 1 << 20

    /// Reads `stream` to its end and profiles it.
    public static func measure<S: RequestStream>(_ stream: inout S) throws -> StreamProfile {
        var seen: [UInt64: (count: Int, last: Int)] = [:]
        var reservoir: [Double] = []
        var reuses = 0
        let rng = RandomSource(seed: 1)
        var chunk = RequestChunk(capacity: defaultChunkSize)
        var position = 0
        var lifetimes: LifetimeProfile.Measure?
        while try stream.next(into: &chunk, limit: defaultChunkSize) > 0 {
            if !chunk.lifetimes.isEmpty {
                if lifetimes == nil { lifetimes = LifetimeProfile.Measure() }
                lifetimes!.add(chunk)
            }
            for key in chunk.keys {
                if let previous = seen[key] {
                    let reuse = Double(position - previous.last)
                    reuses += 1
                    if reservoir.count < reservoirSize {
                        reservoir.append(reuse)
                    } else {
                        let slot = Int(rng.uniformInt(below: UInt64(reuses)))
                        if slot < reservoirSize { reservoir[slot] = reuse }
                    }
                    seen[key] = (previous.count + 1, position)
                } else {
                    seen[key] = (1, position)
                }
                position += 1
            }
        }
        var profile = StreamProfile()
        profile.requests = position
        profile.distinctKeys = seen.count
        guard position > 0 else { return profile }
        let counts = seen.values.map(\.count).sorted(by: >)
        profile.oneHitWonderShare = Double(counts.reversed().prefix { $0 == 1 }.count) / Double(counts.count)
        let top = max(1, counts.count / 100)
        profile.topPercentShare = Double(counts.prefix(top).reduce(0, +)) / Double(position)
        reservoir.sort()
        profile.reuseSample = reservoir.count
        if !reservoir.isEmpty {
            profile.reuseQuantiles = reportedQuantiles.map { ($0, Summary.quantile(reservoir, $0)) }
        }
        profile.zipf = ZipfFit.fit(sortedCounts: counts)
        profile.lifetimes = lifetimes?.profile
        return profile
    }
}

/// The Zipf exponent of a rank-frequency curve, by least squares on
/// log rank vs log frequency over the well-sampled head: ranks whose key has
/// at least `minimumCount` requests, taken at log-spaced ranks (1, 2, 3, …,
/// then every ~5 %) so that every decade of rank weighs the same.
public struct ZipfFit: Sendable {
    public let alpha: Double
    /// 95 % interval of alpha (Student t on the slope's standard error). It
    /// treats the points as independent; counts at neighbouring ranks are
    /// not, so the interval is narrower than the real uncertainty (on 10⁷
    /// requests it is about ±0.0005 while the estimate is within ±0.002).
    public let interval: ClosedRange<Double>
    /// Points (ranks) fitted and the highest rank used.
    public let points: Int
    public let highestRank: Int

    /// Keys with fewer requests than this are too noisy to fit.
    public static let minimumCount = 32
    /// Ratio between successive fitted ranks.
    public static let rankStep = 1.05

    /// How the fit was made, for output.
    public var method: String {
        "least squares on log rank vs log frequency, \(points) log-spaced ranks 1…\(highestRank) with ≥ \(Self.minimumCount) requests each"
    }

    /// Fits request counts sorted in descending order; nil when fewer than
    /// three ranks have `minimumCount` requests.
    public static func fit(sortedCounts counts: [Int]) -> ZipfFit? {
        var x: [Double] = [], y: [Double] = []
        var rank = 1, next = 1.0
        while rank <= counts.count, counts[rank - 1] >= minimumCount {
            x.append(log(Double(rank)))
            y.append(log(Double(counts[rank - 1])))
            while Int(next.rounded()) <= rank { next *= rankStep }
            rank = Int(next.rounded())
        }
        guard x.count >= 3, let line = try? LinearFit.fit(x: x, y: y) else { return nil }
        let slopes = line.slopeInterval(confidence: 0.95)
        return ZipfFit(
            alpha: 0 - line.slope, interval: (0 - slopes.upperBound)...(0 - slopes.lowerBound), points: x.count,
            highestRank: Int(exp(x.last!).rounded()))
    }
}

/// The lifetimes a stream carries (`cachesim describe`): how many sets say
/// none, the quantiles of the rest, and how many requests find their key
/// already expired — in a cache that never evicts and honours every
/// lifetime (a key set by a write, or by the set after a miss, whose time is
/// up by its next request), so the count is the stream's, whatever the cache.
public struct LifetimeProfile: Sendable, Equatable {
    /// Lifetimes given: one per request (its set after a miss) and one per
    /// trace write.
    public var given = 0
    /// Of those, how many never expire (0).
    public var never = 0
    /// Quantiles of the lifetimes that expire, in seconds (a reservoir
    /// sample of up to 2²⁰).
    public var quantiles: [(p: Double, seconds: Double)] = []
    public var mean = 0.0
    /// Requests whose key had been set and whose lifetime had run out.
    public var requestsForExpiredKeys = 0
    /// Requests whose key had been set before (by a write or an earlier request).
    public var requestsForSetKeys = 0

    public static func == (a: LifetimeProfile, b: LifetimeProfile) -> Bool {
        a.given == b.given && a.never == b.never && a.mean == b.mean
            && a.requestsForExpiredKeys == b.requestsForExpiredKeys && a.requestsForSetKeys == b.requestsForSetKeys
            && a.quantiles.map(\.p) == b.quantiles.map(\.p) && a.quantiles.map(\.seconds) == b.quantiles.map(\.seconds)
    }

    /// Collects a profile chunk by chunk. O(distinct keys) memory.
    struct Measure {
        private var expiresAt: [UInt64: Int64] = [:]
        private var sample: [Double] = []
        private var expiring = 0
        private var sum = 0.0
        private var counts = LifetimeProfile()
        private let rng = RandomSource(seed: 2)

        mutating func add(_ chunk: RequestChunk) {
            var mutation = 0
            for i in 0..<chunk.count {
                while mutation < chunk.mutations.count, chunk.mutations[mutation].before <= i {
                    apply(chunk.mutations[mutation])
                    mutation += 1
                }
                let key = chunk.keys[i], now = chunk.times[i]
                if let at = expiresAt[key] {
                    counts.requestsForSetKeys += 1
                    guard at <= now else { continue }  // a hit: nothing is set
                    counts.requestsForExpiredKeys += 1
                }
                set(key, now: now, lifetime: chunk.lifetimes[i])
            }
            for rest in chunk.mutations[mutation...] { apply(rest) }
        }

        private mutating func apply(_ mutation: Mutation) {
            switch mutation.change {
            case .remove: expiresAt[mutation.key] = nil
            case .store(_, let time, let lifetime): set(mutation.key, now: time, lifetime: lifetime)
            }
        }

        private mutating func set(_ key: UInt64, now: Int64, lifetime: Int64) {
            counts.given += 1
            guard lifetime > 0 else {
                counts.never += 1
                expiresAt[key] = .max
                return
            }
            expiresAt[key] = now > Int64.max - lifetime ? .max : now + lifetime
            let seconds = Double(lifetime) / 1e9
            expiring += 1
            sum += seconds
            if sample.count < StreamProfile.reservoirSize {
                sample.append(seconds)
            } else {
                let slot = Int(rng.uniformInt(below: UInt64(expiring)))
                if slot < StreamProfile.reservoirSize { sample[slot] = seconds }
            }
        }

        var profile: LifetimeProfile {
            var result = counts
            result.mean = expiring > 0 ? sum / Double(expiring) : 0
            let sorted = sample.sorted()
            if !sorted.isEmpty {
                result.quantiles = StreamProfile.reportedQuantiles.map { ($0, Summary.quantile(sorted, $0)) }
            }
            return result
        }
    }
}
