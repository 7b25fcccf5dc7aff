import Synchronization

/// A value of a policy option, as a spec gives it: a number, or a word for
/// options that choose among named behaviours.
public enum PolicyOptionValue: Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByFloatLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByStringLiteral
{
    case number(Double)
    case word(String)

    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(stringLiteral value: String) { self = .word(value) }

    /// A JSON number or string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .word(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .word(let word): try container.encode(word)
        }
    }

    /// The number, if this is one.
    public var asNumber: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// `0.25`, `2` (whole numbers without ".0"), or the word.
    public var description: String {
        switch self {
        case .number(let value): Int(exactly: value).map(String.init) ?? String(value)
        case .word(let word): word
        }
    }
}

/// One option a policy accepts: its name in spec files, what values it
/// takes, its default and what it means. Declared once, in the policy's
/// ``PolicyDescriptor``; `cachesim policies`, spec checking, the
/// policy's initializer defaults and the tests' reference models all read
/// it from there.
public struct PolicyOption: Sendable, Hashable {
    /// What values an option takes.
    public enum Kind: Sendable, Hashable {
        /// A real number in the range, bounds included.
        case real(ClosedRange<Double>)
        /// A whole number in the range, bounds included.
        case integer(ClosedRange<Int>)
        /// One of the words.
        case choice([String])
        /// A file path, or a program's name to look up on PATH.
        case path
    }

    public let name: String
    public let kind: Kind
    public let defaultValue: PolicyOptionValue
    public let summary: String

    init(_ name: String, kind: Kind, default defaultValue: PolicyOptionValue, _ summary: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.summary = summary
        precondition((try? check(defaultValue)) != nil, "option \(name): its default \(defaultValue) is not accepted")
    }

    /// A real-valued option.
    public static func real(
        _ name: String, default value: Double, in range: ClosedRange<Double>, _ summary: String
    )
        -> PolicyOption
    {
        PolicyOption(name, kind: .real(range), default: .number(value), summary)
    }

    /// A whole-number option.
    public static func integer(
        _ name: String, default value: Int, in range: ClosedRange<Int>, _ summary: String
    )
        -> PolicyOption
    {
        PolicyOption(name, kind: .integer(range), default: .number(Double(value)), summary)
    }

    /// An option naming a file, or a program on PATH.
    public static func path(_ name: String, default value: String, _ summary: String) -> PolicyOption {
        PolicyOption(name, kind: .path, default: .word(value), summary)
    }

    /// An option naming one of `choices`.
    public static func choice(
        _ name: String, default value: String, of choices: [String], _ summary: String
    )
        -> PolicyOption
    {
        PolicyOption(name, kind: .choice(choices), default: .word(value), summary)
    }

    /// What the option accepts, for messages and listings: `0...1`,
    /// `1...8, whole`, `one of: a, b`.
    public var accepted: String {
        switch kind {
        case .real(let range):
            "\(PolicyOptionValue.number(range.lowerBound))...\(PolicyOptionValue.number(range.upperBound))"
        case .integer(let range): "\(range.lowerBound)...\(range.upperBound), whole"
        case .choice(let words): "one of: " + words.joined(separator: ", ")
        case .path: "a path or a program's name"
        }
    }

    /// Refuses `value` unless the option accepts it, saying what it accepts.
    public func check(_ value: PolicyOptionValue) throws(PolicyError) {
        let accepts: Bool
        switch (kind, value) {
        case (.real(let range), .number(let number)): accepts = range.contains(number)
        case (.integer(let range), .number(let number)):
            accepts = Int(exactly: number).map { range.contains($0) } ?? false
        case (.choice(let words), .word(let word)): accepts = words.contains(word)
        case (.path, .word(let word)): accepts = !word.isEmpty && !word.utf8.contains(0)
        default: accepts = false
        }
        guard accepts else { throw PolicyError("must be \(accepted), got \(value)") }
    }
}

extension PolicyOption {
    /// `expiry`, which every policy takes beside its own options: `stream`
    /// makes the cache give each entry the lifetime the stream gives its
    /// request (a spec's `lifetimes`, a trace's TTL column), expiring it
    /// beside the policy's own evictions; `none` (the default) ignores them.
    public static let expiry = PolicyOption.choice(
        "expiry", default: "none", of: ["none", "stream"],
        "stream: entries live the lifetime the stream gives each request (its TTL), beside the policy's evictions")
}

/// What a policy is built from: a capacity, its options (checked against
/// the descriptor, defaults filled in) and a seed for policies that draw
/// random numbers.
public struct CacheConfiguration: Sendable {
    public var capacity: Capacity
    public var options: [String: PolicyOptionValue]
    public var seed: UInt64

    public init(capacity: Capacity, options: [String: PolicyOptionValue] = [:], seed: UInt64 = 0) {
        self.capacity = capacity
        self.options = options
        self.seed = seed
    }

    /// Real option `name`, which the descriptor declares (so, once the
    /// configuration is checked, it is there).
    public func real(_ name: String) -> Double {
        guard case .number(let value)? = options[name] else { preconditionFailure("option \(name) is not a number") }
        return value
    }

    /// Whole-number option `name`, which the descriptor declares.
    public func integer(_ name: String) -> Int {
        guard let value = Int(exactly: real(name)) else { preconditionFailure("option \(name) is not whole") }
        return value
    }

    /// Word option `name`, which the descriptor declares.
    public func word(_ name: String) -> String {
        guard case .word(let value)? = options[name] else { preconditionFailure("option \(name) is not a word") }
        return value
    }
}

/// A refusal to build a cache, with a message a person can act on.
public struct PolicyError: Error, CustomStringConvertible, Equatable {
    /// The option at fault, if one is (a spec names it by its JSON path).
    public let option: String?
    /// What is wrong, without the option's name.
    public let message: String

    public init(_ message: String, option: String? = nil) {
        self.message = message
        self.option = option
    }

    /// `kin: must be 0...1, got 2`, or the message alone.
    public var description: String { option.map { "\($0): \(message)" } ?? message }
}

/// What a policy is and can do, for the code downstream that must treat
/// policies differently: it asks a capability, never a policy's name.
public struct PolicyCapabilities: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Needs request times (it expires entries).
    public static let needsTime = PolicyCapabilities(rawValue: 1 << 0)
    /// Can run without a capacity.
    public static let allowsUnbounded = PolicyCapabilities(rawValue: 1 << 1)
    /// A real cache product (a server the harness starts, or a library
    /// type), not a simulation: its hits are measured, and random choices
    /// of its own make them differ from run to run.
    public static let isProduct = PolicyCapabilities(rawValue: 1 << 6)
    /// Its bound is a byte limit (a server's memory): an entry capacity is
    /// refused.
    public static let needsByteCapacity = PolicyCapabilities(rawValue: 1 << 7)
    /// Needs each request's next access (the offline optimum): it is a
    /// ``FutureAwareCache``, refused on a stream that cannot be seen whole.
    public static let needsFuture = PolicyCapabilities(rawValue: 1 << 2)
    /// A reference to read other policies against, not a cache a service
    /// would run (the no-op floor): left out of hit-ratio charts.
    public static let isReference = PolicyCapabilities(rawValue: 1 << 3)
    /// Its hit ratio at every entry capacity follows from one pass of stack
    /// distances (``StackDistanceHistogram``): LRU.
    public static let hasOnePassCurve = PolicyCapabilities(rawValue: 1 << 4)
    /// Che's approximation predicts its hit ratio on independent Zipf
    /// requests: LRU.
    public static let followsCheApproximation = PolicyCapabilities(rawValue: 1 << 5)
}

/// Which policies are alike, for reports that draw related policies in
/// related styles.
public enum PolicyFamily: String, Sendable, Hashable, CaseIterable {
    /// No eviction order to speak of: the no-op floor, the unbounded map.
    case reference
    /// Insertion order: FIFO and its second-chance variants.
    case fifo
    /// Recency order: LRU and its segmented variants.
    case recency
    /// Frequency counts decide.
    case frequency
    /// Recency and frequency balanced by history or ghosts.
    case adaptive
    /// Expiry by time.
    case expiry
    /// Chance.
    case random
    /// The offline optimum.
    case optimal
}

/// A policy as the registry knows it: its name in spec files, what it does,
/// the options it accepts, what it can do, and how to build one for the
/// simulator. The one place any of this is written.
public struct PolicyDescriptor: Sendable {
    public let name: String
    public let summary: String
    public let options: [PolicyOption]
    public let capabilities: PolicyCapabilities
    public let family: PolicyFamily
    let build: @Sendable (CacheConfiguration) throws(PolicyError) -> any ReplayableCache

    /// A policy named `name`; `build` receives a configuration whose
    /// options are checked and complete.
    public init(
        name: String, summary: String, family: PolicyFamily, options: [PolicyOption] = [],
        capabilities: PolicyCapabilities = [],
        build: @escaping @Sendable (CacheConfiguration) throws(PolicyError) -> any ReplayableCache
    ) {
        self.name = name
        self.summary = summary
        self.family = family
        self.options = options
        self.capabilities = capabilities
        self.build = build
    }

    /// Whether the policy needs request times.
    public var needsTime: Bool { capabilities.contains(.needsTime) }
    /// Whether the policy can run without a bound.
    public var allowsUnbounded: Bool { capabilities.contains(.allowsUnbounded) }
    /// Whether the policy needs each request's next access.
    public var needsFuture: Bool { capabilities.contains(.needsFuture) }
    /// Whether the policy is a reference (the no-op floor), not a cache.
    public var isReference: Bool { capabilities.contains(.isReference) }

    /// The option called `name`, if the policy declares one.
    public func option(_ name: String) -> PolicyOption? { options.first { $0.name == name } }

    /// `options` checked against the declared ones and completed with the
    /// defaults: an unknown name or a value the option does not accept is
    /// refused, naming the option (`kin`: `must be 0...1, got 2`).
    public func checkedOptions(
        _ options: [String: PolicyOptionValue]
    ) throws(PolicyError) -> [String:
        PolicyOptionValue]
    {
        var filled = options
        for name in options.keys.sorted() {
            if name == PolicyOption.expiry.name, option(name) == nil {
                try checkExpiry(options[name]!)
                continue
            }
            guard let option = option(name) else {
                let known = self.options.map(\.name).joined(separator: ", ")
                throw PolicyError(
                    "policy '\(self.name)' has no option '\(name)'"
                        + (known.isEmpty ? " (it takes none)" : " (it takes: \(known))"), option: name)
            }
            do throws(PolicyError) {
                try option.check(options[name]!)
            } catch {
                throw PolicyError(error.message, option: name)
            }
        }
        for option in self.options where filled[option.name] == nil { filled[option.name] = option.defaultValue }
        return filled
    }

    /// Builds the policy after checking the options (``checkedOptions(_:)``)
    /// and that it may run without a bound; with `"expiry": "stream"`, the
    /// cache honours each set's lifetime (``ReplayableCache/honourLifetimes()``).
    public func make(_ configuration: CacheConfiguration) throws(PolicyError) -> any ReplayableCache {
        var checked = configuration
        checked.options = try checkedOptions(configuration.options)
        if case .unbounded = configuration.capacity, !allowsUnbounded {
            throw PolicyError("policy '\(name)' needs a capacity")
        }
        let cache = try build(checked)
        if honoursStreamLifetimes(checked.options), !cache.honourLifetimes() {
            throw PolicyError("policy '\(name)' cannot honour the stream's lifetimes", option: PolicyOption.expiry.name)
        }
        return cache
    }

    /// Whether `options` ask the cache to honour the stream's lifetimes
    /// (`"expiry": "stream"`).
    public func honoursStreamLifetimes(_ options: [String: PolicyOptionValue]) -> Bool {
        option(PolicyOption.expiry.name) == nil && options[PolicyOption.expiry.name] == .word("stream")
    }

    /// Refuses an `expiry` value other than `none` or `stream`, and
    /// `stream` for a policy that needs the future (its loop carries no
    /// lifetimes).
    private func checkExpiry(_ value: PolicyOptionValue) throws(PolicyError) {
        let expiry = PolicyOption.expiry
        do throws(PolicyError) {
            try expiry.check(value)
        } catch {
            throw PolicyError(error.message, option: expiry.name)
        }
        if value == .word("stream"), needsFuture {
            throw PolicyError(
                "policy '\(name)' needs each request's next access and cannot also honour lifetimes",
                option: expiry.name)
        }
    }

    /// The default of real option `name`, for the policy's initializer.
    public func defaultValue(_ name: String) -> Double {
        guard case .number(let value)? = option(name)?.defaultValue else {
            preconditionFailure("policy '\(self.name)' declares no number option '\(name)'")
        }
        return value
    }

    /// The default of whole-number option `name`.
    public func defaultInteger(_ name: String) -> Int { Int(defaultValue(name)) }

    /// The default of word option `name`.
    public func defaultWord(_ name: String) -> String {
        guard case .word(let word)? = option(name)?.defaultValue else {
            preconditionFailure("policy '\(self.name)' declares no word option '\(name)'")
        }
        return word
    }
}

/// Every policy cachesim knows, by name: the built-in ones and those a
/// package registers. Adding a policy is one file plus one line in
/// ``builtIn``; it then shows in `cachesim policies`, in specs, in
/// reports and in the shared conformance tests.
public enum PolicyRegistry {
    /// The policies cachesim ships, in the order `cachesim policies` lists
    /// them.
    public static let builtIn: [PolicyDescriptor] = [
        .unbounded, .fifo, .lru, .clock, .twoQueue, .ttl,
        .arc, .sieve, .s3fifo, .wtinylfu, .lirs, .lfu, .random, .belady,
        .redisLRU, .redisLFU,
        .slru, .lfuda, .clockpro,
        .noop,
    ]

    private static let registered = Mutex<[PolicyDescriptor]>([])

    /// Adds a policy from outside cachesim (a package that depends on its
    /// libraries), before a spec names it. Refuses a name already taken.
    public static func register(_ descriptor: PolicyDescriptor) throws(PolicyError) {
        try registered.withLock { (list: inout [PolicyDescriptor]) throws(PolicyError) in
            guard !(builtIn + list).contains(where: { $0.name == descriptor.name }) else {
                throw PolicyError("a policy named '\(descriptor.name)' is already registered")
            }
            list.append(descriptor)
        }
    }

    /// Every policy: the built-in ones, then the registered ones in the
    /// order they were registered.
    public static var all: [PolicyDescriptor] { builtIn + registered.withLock { $0 } }

    /// The policy registered as `name`, or `nil`.
    public static func named(_ name: String) -> PolicyDescriptor? {
        builtIn.first { $0.name == name } ?? registered.withLock { list in list.first { $0.name == name } }
    }
}
