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
