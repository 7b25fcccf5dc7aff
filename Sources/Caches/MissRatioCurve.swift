#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// `count` capacities from 1 to `largest` (all of them when `largest`
    /// is smaller), evenly spaced on a log scale and rounded to whole
    /// entries; where two would round alike, the later one moves up one
    /// entry, so there are no repeats and no sizes are lost.
    public static func logSpacedCapacities(upTo largest: Int, count: Int = 20) -> [Int] {
        guard largest > 1, count > 1 else { return [Swift.max(1, largest)] }
        let n = Swift.min(count, largest)
        let step = log(Double(largest)) / Double(n - 1)
        var capacities: [Int] = []
        for i in 0..<n {
            let ideal = Int((exp(step * Double(i))).rounded())
            // At least one past the previous, and room left for the rest.
            let c = Swift.min(Swift.max(ideal, (capacities.last ?? 0) + 1), largest - (n - 1 - i))
            capacities.append(c)
        }
        return capacities
    }
}
