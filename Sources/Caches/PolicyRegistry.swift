/// One option a policy accepts, with its default, for `cachesim policies`
/// and for validating spec files.
public struct PolicyOption: Sendable, Hashable {
    public let name: String
    public let defaultValue: Double
    public let summary: String
    /// Inclusive range of accepted values.
    public let range: ClosedRange<Double>

    public init(_ name: String, default defaultValue: Double, range: ClosedRange<Double>, _ summary: String) {
        self.name = name
        self.defaultValue = defaultValue
        self.range = range
        self.summary = summary
    }
}

/// What a policy is built from: a capacity, its options (already checked
/// against ``PolicyOption/range``, defaults filled in) and a seed for
/// policies that draw random numbers.
public struct CacheConfiguration: Sendable {
    public var capacity: Capacity
    public var options: [String: Double]
    public var seed: UInt64

    public init(capacity: Capacity, options: [String: Double] = [:], seed: UInt64 = 0) {
        self.capacity = capacity
        self.options = options
        self.seed = seed
    }

    /// The value of option `name`, or `fallback` when absent.
    public func option(_ name: String, default fallback: Double) -> Double {
        options[name] ?? fallback
    }
}

/// A refusal to build a cache, with a message a person can act on.
public struct PolicyError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A policy as the registry knows it: its name in spec files, what it does,
/// what it accepts, and how to build one for the simulator.
public struct PolicyDescriptor: Sendable {
    public let name: String
    public let summary: String
    public let options: [PolicyOption]
    /// Whether the policy needs request times (e.g. expiry).
    public let needsTime: Bool
    /// Whether the policy can run without a bound.
    public let allowsUnbounded: Bool
    /// Whether the policy needs each request's next access (the offline
    /// optimum): it is then a ``FutureAwareCache``, and the harness refuses
    /// it on a stream it cannot see whole.
    public let needsFuture: Bool
    let build: @Sendable (CacheConfiguration) throws(PolicyError) -> any ReplayableCache

    public init(
        name: String, summary: String, options: [PolicyOption] = [], needsTime: Bool = false,
        allowsUnbounded: Bool = false, needsFuture: Bool = false,
        build: @escaping @Sendable (CacheConfiguration) throws(PolicyError) -> any ReplayableCache
    ) {
        self.name = name
        self.summary = summary
        self.options = options
        self.needsTime = needsTime
        self.allowsUnbounded = allowsUnbounded
        self.needsFuture = needsFuture
        self.build = build
    }

    /// Builds the policy after checking `configuration.options` against the
    /// declared options: unknown names and out-of-range values are refused,
    /// absent ones take their defaults.
    public func make(_ configuration: CacheConfiguration) throws(PolicyError) -> any ReplayableCache {
        var filled = configuration
        for (name, value) in configuration.options {
            guard let option = options.first(where: { $0.name == name }) else {
                let known = options.map(\.name).joined(separator: ", ")
                throw PolicyError(
                    "policy '\(self.name)' has no option '\(name)'"
                        + (known.isEmpty ? " (it takes none)" : " (it takes: \(known))"))
            }
            guard option.range.contains(value) else {
                throw PolicyError(
                    "\(self.name).\(name): must be in \(option.range.lowerBound)...\(option.range.upperBound), got \(value)"
                )
            }
        }
        for option in options where filled.options[option.name] == nil {
            filled.options[option.name] = option.defaultValue
        }
        if case .unbounded = configuration.capacity, !allowsUnbounded {
            throw PolicyError("policy '\(name)' needs a capacity")
        }
        return try build(filled)
    }
}

/// Every policy cachesim knows, by name. Adding a policy is one file plus one
/// line in ``all``; it then shows in `cachesim policies`, in specs, in
/// reports and in the shared conformance tests.
public enum PolicyRegistry {
    /// All registered policies, in the order `cachesim policies` lists them.
    public static let all: [PolicyDescriptor] = [
        .unbounded, .fifo, .lru, .clock, .twoQueue, .ttl,
        .arc, .sieve, .s3fifo, .wtinylfu, .lirs, .lfu, .random, .belady,
    ]

    /// The policy registered as `name`, or `nil`.
    public static func named(_ name: String) -> PolicyDescriptor? {
        all.first { $0.name == name }
    }
}

extension PolicyDescriptor {
    /// The default of option `name`, which the policy must declare.
    public func defaultValue(_ name: String) -> Double {
        guard let option = options.first(where: { $0.name == name }) else {
            preconditionFailure("policy '\(self.name)' declares no option '\(name)'")
        }
        return option.defaultValue
    }

    /// The default of whole-number option `name`.
    public func defaultInteger(_ name: String) -> Int { Int(defaultValue(name)) }
}
