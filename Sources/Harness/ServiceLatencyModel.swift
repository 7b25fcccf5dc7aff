import Foundation
import Stats
import Workload

/// The request latency a service would see with a cache in front of a slow
/// backend: each request costs `hitCost` on a hit and `missPenalty` on a
/// miss. The mean is exact; the percentiles come from draws with GSL (hits
/// chosen with the run's hit ratio, miss penalties from their distribution).
public struct ServiceLatencyModel: Sendable {
    public var missPenalty: LatencyModel
    public var hitCost: LatencyModel
    public var samples: Int

    public init(missPenalty: LatencyModel, hitCost: LatencyModel?, samples: Int = 100_000) {
        self.missPenalty = missPenalty
        self.hitCost = hitCost ?? .fixed(nanoseconds: 0)
        self.samples = samples
    }

    /// The modeled latency for a cache with this hit ratio, seeded.
    public func latency(hitRatio: Double, seed: UInt64) -> ServiceLatency {
        let random = RandomSource(seed: seed)
        var draws = [Double](repeating: 0, count: samples)
        for i in 0..<samples {
            draws[i] = random.uniform() < hitRatio ? Self.draw(hitCost, random) : Self.draw(missPenalty, random)
        }
        draws.sort()
        let mean = hitRatio * Self.mean(hitCost) + (1 - hitRatio) * Self.mean(missPenalty)
        return ServiceLatency(
            meanNanoseconds: mean, p50Nanoseconds: Summary.quantile(draws, 0.5),
            p99Nanoseconds: Summary.quantile(draws, 0.99), samples: samples)
    }

    static func draw(_ model: LatencyModel, _ random: RandomSource) -> Double {
        switch model {
        case .fixed(let ns): return ns
        case .lognormal(let median, let sigma): return random.lognormal(zeta: log(median), sigma: sigma)
        }
    }

    static func mean(_ model: LatencyModel) -> Double {
        switch model {
        case .fixed(let ns): return ns
        case .lognormal(let median, let sigma): return median * exp(sigma * sigma / 2)
        }
    }
}
