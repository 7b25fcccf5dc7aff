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
        while try stream.next(into: &chunk, limit: defaultChunkSize) > 0 {
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
