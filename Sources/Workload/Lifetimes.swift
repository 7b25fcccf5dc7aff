import Foundation

/// How long objects live once set (`"lifetimes"` in a spec): a distribution
/// of lifetimes, a share of objects that never expire, and whether a key
/// keeps one lifetime every time it is set (as a service that picks the TTL
/// by the kind of key does) or each set draws afresh.
///
/// Lifetimes are the stream's, not a cache's: a cache honours them when its
/// spec entry says `"expiry": "stream"`, so every policy expires the same
/// objects at the same moments.
public struct Lifetimes: Sendable, Equatable {
    public var distribution: LifetimeDistribution
    /// The share of objects (per-key) or of sets (per-request) that never
    /// expire, in [0, 1).
    public var neverShare: Double
    /// Whether a key's lifetime is a function of the key (and the seed), the
    /// same on every set; `false`: each request draws its own.
    public var perKey: Bool

    public init(_ distribution: LifetimeDistribution, neverShare: Double = 0, perKey: Bool = true) {
        self.distribution = distribution
        self.neverShare = neverShare
        self.perKey = perKey
    }

    /// The mean lifetime in seconds of the objects that expire; with the
    /// never share, what Little's law needs (`nil` when all would be forever).
    public var meanSeconds: Double { distribution.meanSeconds }
}

/// Lifetimes in seconds of virtual time.
public enum LifetimeDistribution: Sendable, Equatable {
    /// Every object lives exactly this long.
    case fixed(seconds: Double)
    /// Memoryless lifetimes with this mean.
    case exponential(meanSeconds: Double)
    /// Lifetimes whose logarithm is normal: median e^μ, shape σ.
    case lognormal(medianSeconds: Double, sigma: Double)

    /// The distribution's mean in seconds: exactly, from its parameters.
    public var meanSeconds: Double {
        switch self {
        case .fixed(let seconds): seconds
        case .exponential(let mean): mean
        case .lognormal(let median, let sigma): median * exp(sigma * sigma / 2)
        }
    }
}

/// The longest lifetime a spec may give, in seconds: ten years, far inside
/// the nanosecond clock's range.
let maximumLifetimeSeconds = 315_360_000.0

extension Lifetimes {
    /// `{"distribution": "exponential", "meanSeconds": 60, "never": 0.1, "perKey": true}`;
    /// `fixed` takes `seconds`, `lognormal` `medianSeconds` and `sigma`.
    static func read(_ node: JSONNode) throws(WorkloadError) -> Lifetimes {
        var object = try node.object()
        let name = try object.required("distribution").oneOf(["fixed", "exponential", "lognormal"])
        let range = 1e-9...maximumLifetimeSeconds
        let requirement = "a number of seconds from 1e-9 to \(Int(maximumLifetimeSeconds)) (ten years)"
        let distribution: LifetimeDistribution
        switch name {
        case "fixed":
            distribution = .fixed(seconds: try object.required("seconds").double(in: range, requirement))
        case "exponential":
            distribution = .exponential(meanSeconds: try object.required("meanSeconds").double(in: range, requirement))
        default:
            let median = try object.required("medianSeconds").double(in: range, requirement)
            let sigma = try object.required("sigma").double(in: 0...10)
            distribution = .lognormal(medianSeconds: median, sigma: sigma)
        }
        let never = try object.optional("never")?.double(in: 0...0.999_999, "a share from 0 to below 1") ?? 0
        let perKey = try object.optional("perKey")?.bool() ?? true
        try object.finish()
        return Lifetimes(distribution, neverShare: never, perKey: perKey)
    }
}
