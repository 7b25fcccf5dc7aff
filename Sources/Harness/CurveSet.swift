import Caches
import Foundation

/// Several policies' hit-ratio curves over one workload, as ``CurveRun``
/// draws them: what `cachesim mrc` prints and writes as JSON.
public struct CurveSet: Codable, Sendable, Equatable {
    /// What a curve's capacities count.
    public enum Unit: String, Codable, Sendable {
        case entries, bytes
    }

    /// The workload's name.
    public var workload: String
    /// Requests in the stream (before sampling).
    public var requests: Int
    /// The key-sampling rate: 1 when every request was simulated.
    public var samplingRate: Double
    public var unit: Unit
    /// The mean size of the sampled distinct objects (each key's last
    /// size), when it was measured (``StreamSurvey``: for a budget).
    public var meanObjectBytes: Double?
    public var curves: [PolicyCurve]
    /// The target hit ratio asked for, the capacity asked about and the
    /// memory budget, and each policy's answers to them (see
    /// ``answers(target:capacity:budgets:)``).
    public var targetHitRatio: Double?
    public var askedCapacity: Int?
    public var memoryBudgetBytes: Int?
    public var answers: [CurveAnswer]?

    public init(
        workload: String, requests: Int, samplingRate: Double, unit: Unit, meanObjectBytes: Double?,
        curves: [PolicyCurve]
    ) {
        self.workload = workload
        self.requests = requests
        self.samplingRate = samplingRate
        self.unit = unit
        self.meanObjectBytes = meanObjectBytes
        self.curves = curves
    }
}

/// One policy's curve: how it was obtained and its points, in increasing
/// capacity.
public struct PolicyCurve: Codable, Sendable, Equatable {
    /// How the points were obtained.
    public enum Method: Codable, Sendable, Equatable, CustomStringConvertible {
        /// LRU from exact stack distances (Mattson et al. 1970).
        case stackDistances
        /// LRU from stack distances of a key sample (SHARDS_adj, FAST '15).
        case shards(Double)
        /// Miniature simulations over a key sample (ATC '17).
        case miniature(Double)
        /// A full simulation at every capacity.
        case fullSimulation

        public var description: String {
            switch self {
            case .stackDistances: "exact (stack distances)"
            case .shards(let rate): "SHARDS at rate \(rate)"
            case .miniature(let rate): "miniature simulation at rate \(rate)"
            case .fullSimulation: "exact (a full simulation per capacity)"
            }
        }

        /// Whether the points are exact rather than estimates.
        public var isExact: Bool {
            switch self {
            case .stackDistances, .fullSimulation: true
            case .shards, .miniature: false
            }
        }

        /// What to expect of an estimate's error, in words: the mean
        /// absolute errors measured elsewhere (`Scripts/bench-mrc`, the
        /// Caches documentation's "Miss-ratio curves"), which are not this
        /// stream's; `--check` measures those.
        public var expectedError: String {
            switch self {
            case .stackDistances, .fullSimulation: "none"
            case .shards:
                "SHARDS: libCacheSim measured 0.08 points mean absolute at rate 0.01 on 1.3 billion requests; "
                    + "small streams do worse; measure with --check"
            case .miniature:
                "miniatures: 0.09–0.45 points mean absolute at rate 0.01 on 10^7-request streams (Scripts/bench-mrc), "
                    + "most at the smallest sizes; small streams need a higher rate; measure with --check"
            }
        }

        enum CodingKeys: String, CodingKey {
            case kind, samplingRate
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            switch try container.decode(String.self, forKey: .kind) {
            case "stackDistances": self = .stackDistances
            case "shards": self = .shards(try container.decode(Double.self, forKey: .samplingRate))
            case "miniature": self = .miniature(try container.decode(Double.self, forKey: .samplingRate))
            case "fullSimulation": self = .fullSimulation
            case let other:
                throw DecodingError.dataCorruptedError(
                    forKey: .kind, in: container,
                    debugDescription: "expected stackDistances, shards, miniature or fullSimulation, got \(other)")
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .stackDistances: try container.encode("stackDistances", forKey: .kind)
            case .fullSimulation: try container.encode("fullSimulation", forKey: .kind)
            case .shards(let rate):
                try container.encode("shards", forKey: .kind)
                try container.encode(rate, forKey: .samplingRate)
            case .miniature(let rate):
                try container.encode("miniature", forKey: .kind)
                try container.encode(rate, forKey: .samplingRate)
            }
        }
    }

    public var policy: String
    public var method: Method
    public var points: [CurvePoint]

    public init(policy: String, method: Method, points: [CurvePoint]) {
        self.policy = policy
        self.method = method
        self.points = points
    }

    /// The curve with each sampled point's expected error. A sample at
    /// rate R holds a Binomial share of the keys a cache of C entries
    /// would, so a miniature of n = C·R entries stands for a cache whose
    /// size is off by a relative sqrt((1 − R) / n); the hit ratio is off by
    /// that times the curve's slope in log capacity there, |dh / d ln C|
    /// (central differences over the resolved points). Small at flat parts
    /// and large miniatures; at a cliff the estimate is as good as the
    /// cliff's position in the sample. Added in quadrature: the misses'
    /// scale comes from HyperLogLog's count of the stream's keys, so they
    /// carry its relative error (``DistinctKeyEstimate/standardError``),
    /// which dominates where the curve is flat. `entries(capacity)` is n,
    /// the entries the miniature held (`nil`: no figure).
    public func withExpectedErrors(rate: Double, entries: (Int) -> Double?) -> PolicyCurve {
        guard rate < 1 else { return self }
        var curve = self
        let indices = points.indices.filter { points[$0].hitRatio != nil }
        guard indices.count >= 2 else { return curve }
        for (k, index) in indices.enumerated() {
            let before = indices[max(0, k - 1)]
            let after = indices[min(indices.count - 1, k + 1)]
            let run = log(Double(points[after].capacity)) - log(Double(points[before].capacity))
            guard run > 0, let n = entries(points[index].capacity), n > 0 else { continue }
            let slope = (points[after].hitRatio! - points[before].hitRatio!) / run
            let placement = abs(slope) * ((1 - rate) / n).squareRoot()
            let scaling = DistinctKeyEstimate.standardError * (1 - points[index].hitRatio!)
            curve.points[index].expectedError = (placement * placement + scaling * scaling).squareRoot()
        }
        return curve
    }

    /// The points with a hit ratio, in increasing capacity.
    public var resolved: [(capacity: Int, hitRatio: Double)] {
        points.compactMap { point in point.hitRatio.map { (point.capacity, $0) } }
    }
}

/// One capacity of a curve.
public struct CurvePoint: Codable, Sendable, Equatable {
    public var capacity: Int
    /// The hit ratio (exact or estimated, as the curve's method says);
    /// `nil` when the sample was too small to resolve this capacity.
    public var hitRatio: Double?
    /// Why there is no hit ratio.
    public var unresolved: String?
    /// A full simulation's hit ratio at this capacity, when one was run.
    public var exactHitRatio: Double?
    /// The estimate's expected error (one standard deviation, as a hit
    /// ratio) from where the sample puts this size, when it was sampled:
    /// see ``PolicyCurve/withExpectedErrors(rate:entries:)``.
    public var expectedError: Double?

    public init(capacity: Int, hitRatio: Double) {
        self.capacity = capacity
        self.hitRatio = hitRatio
    }

    public init(capacity: Int, unresolved: String) {
        self.capacity = capacity
        self.unresolved = unresolved
    }

    /// Estimate − exact, in points of hit ratio, when both are known.
    public var errorPoints: Double? {
        guard let hitRatio, let exactHitRatio else { return nil }
        return (hitRatio - exactHitRatio) * 100
    }
}
