import Caches
import Foundation
import Products
import Workload

/// One run of the plan: a policy at one capacity on one seed.
public struct PlannedRun: Sendable, Equatable {
    /// Position in the plan; results come back in this order.
    public var index: Int
    public var policy: String
    /// `nil` when the spec gives none (an unbounded or time-bounded cache).
    public var capacity: Capacity?
    /// Options as given in the spec (defaults are filled in when built).
    public var options: [String: PolicyOptionValue]
    /// Seed of this run's stream: the spec's seed plus the repetition.
    public var seed: UInt64
    public var repetition: Int
    /// Set by the plan when another entry of the spec has the same policy
    /// and capacity: its options, so that the two keep apart in tables.
    public var variant: String?
    /// The spec's tier: when set, the run is a tier of nodes sharing the capacity.
    public var tier: TierSpec?

    public init(
        index: Int, policy: String, capacity: Capacity?, options: [String: PolicyOptionValue] = [:], seed: UInt64,
        repetition: Int = 0, variant: String? = nil, tier: TierSpec? = nil
    ) {
        self.index = index
        self.policy = policy
        self.capacity = capacity
        self.options = options
        self.seed = seed
        self.repetition = repetition
        self.variant = variant
        self.tier = tier
    }

    /// `lru(4096)`, `lru(64MiB)`, `unbounded`; with a variant,
    /// `redis(67108864B, samples=10)`, `redis(samples=10)`.
    public var label: String {
        let parts: [String]
        switch capacity {
        case .entries(let n)?: parts = [String(n)]
        case .bytes(let n)?: parts = ["\(n)B"]
        case .unbounded?, nil: parts = []
        }
        let all = parts + (variant.map { [$0] } ?? [])
        return all.isEmpty ? policy : "\(policy)(\(all.joined(separator: ", ")))"
    }

    /// The options as a variant: `samples=10, pipeline=1`, sorted by name.
    static func variant(of options: [String: PolicyOptionValue]) -> String {
        options.keys.sorted().map { "\($0)=\(options[$0]!)" }.joined(separator: ", ")
    }

    /// The capacity as the caches see it.
    public var cacheCapacity: Capacity { capacity ?? .unbounded }

    /// Whether the run's policy has a one-pass curve at its entry capacity
    /// (LRU's stack distances).
    public var hasOnePassCurve: Bool {
        guard case .entries? = capacity, tier == nil, options[PolicyOption.expiry.name] != .word("stream") else {
            return false
        }
        return CacheCatalog.named(policy)?.capabilities.contains(.hasOnePassCurve) ?? false
    }

    /// Whether the run's cache is a real product (a server, a library type).
    public var isProduct: Bool { CacheCatalog.named(policy)?.capabilities.contains(.isProduct) ?? false }

    /// Builds this run's cache. The plan has already checked that this works.
    func makeCache() throws -> any ReplayableCache {
        guard let descriptor = CacheCatalog.named(policy) else {
            throw PolicyError("unknown policy '\(policy)'")
        }
        let cacheSeed = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        guard let tier else {
            return try descriptor.make(CacheConfiguration(capacity: cacheCapacity, options: options, seed: cacheSeed))
        }
        // Every node gets the same seed as an untiered run of this plan, so
        // replaying a node's split trace on its own gives the same hits.
        let node = CacheConfiguration(capacity: tier.nodeCapacity(cacheCapacity), options: options, seed: cacheSeed)
        return try CacheTier(
            router: KeyRouter(nodes: tier.nodes, hash: tier.hash), failure: tier.failNode,
            makeNode: { _ in try descriptor.make(node) }, emptied: { NoOpCache<UInt64, Void>() })
    }
}

/// The runs a spec asks for, checked against the policy registry before
/// anything runs: caches × capacities × repetitions.
public struct RunPlan: Sendable {
    public let spec: WorkloadSpec
    public let runs: [PlannedRun]

    /// Expands and validates `spec`. Every refusal names the spec file and the
    /// JSON path of the cache entry, and says what to add or change.
    public init(spec: WorkloadSpec) throws(WorkloadError) {
        self.spec = spec
        var runs: [PlannedRun] = []
        guard !spec.caches.isEmpty else {
            throw WorkloadError(
                file: spec.path, location: "caches",
                "no caches to run: add at least one, e.g. [{\"policy\": \"lru\", \"capacity\": 1000}]")
        }
        for entry in spec.caches {
            try Self.check(entry, in: spec)
            let capacities: [Capacity?] = entry.capacities.isEmpty ? [nil] : entry.capacities.map { $0 }
            for capacity in capacities {
                for repetition in 0..<max(1, spec.repetitions) {
                    runs.append(
                        PlannedRun(
                            index: runs.count, policy: entry.policy, capacity: capacity, options: entry.options,
                            seed: spec.seed &+ UInt64(repetition), repetition: repetition, tier: spec.tier))
                }
            }
        }
        // A cache honouring the stream's lifetimes says so in its label.
        for i in runs.indices where runs[i].options[PolicyOption.expiry.name] == .word("stream") {
            runs[i].variant = PlannedRun.variant(of: [PolicyOption.expiry.name: .word("stream")])
        }
        // Entries of one policy at one capacity that differ in their options
        // would share a label: name their options too.
        let byLabel = Dictionary(grouping: runs.indices) { "\(runs[$0].label)#\(runs[$0].repetition)" }
        for group in byLabel.values where group.count > 1 {
            for i in group where !runs[i].options.isEmpty { runs[i].variant = PlannedRun.variant(of: runs[i].options) }
        }
        self.runs = runs
    }

    /// The machine's physical memory (`MemTotal` of /proc/meminfo): no
    /// byte capacity may exceed it.
    static let physicalMemory = ProcessInfo.processInfo.physicalMemory

    /// The fewest bytes any policy holds an entry in: its key, size, links
    /// and index bucket (Scripts/bench-caches measures 36.8 for lru and
    /// fifo, more for the others). A cache that could come to hold more
    /// entries than physical memory / this cannot finish, so it is refused
    /// before it starts rather than killed by the kernel half-way.
    static let bytesPerEntryFloor: UInt64 = 32

    /// Why `entries` entries cannot fit in this machine's memory, or `nil`
    /// when they may.
    private static func memoryRefusal(entries: UInt64, what: String) -> String? {
        let (bytes, overflow) = entries.multipliedReportingOverflow(by: bytesPerEntryFloor)
        guard overflow || bytes > physicalMemory else { return nil }
        let need = overflow ? "more than \(UInt64.max)" : "\(bytes)"
        return
            "\(what) need at least \(need) bytes (\(bytesPerEntryFloor) per entry), more than this machine's memory: the limit is its physical memory, \(physicalMemory) bytes"
    }

    private static func check(_ entry: CacheSpec, in spec: WorkloadSpec) throws(WorkloadError) {
        func fail(_ location: String, _ message: String) -> WorkloadError {
            WorkloadError(file: spec.path, location: location, message)
        }
        guard let descriptor = CacheCatalog.named(entry.policy) else {
            let known = CacheCatalog.all.map(\.name).joined(separator: ", ")
            throw fail("\(entry.jsonPath).policy", "unknown policy '\(entry.policy)' (known: \(known))")
        }
        if entry.capacities.isEmpty && !descriptor.allowsUnbounded {
            throw fail(entry.jsonPath, "policy '\(entry.policy)' needs a \"capacity\" (entries) or \"capacityBytes\"")
        }
        let bytesOnly = descriptor.capabilities.contains(.needsByteCapacity)
        if bytesOnly, entry.capacities.contains(where: { if case .entries = $0 { true } else { false } }) {
            throw fail(
                "\(entry.jsonPath).capacity",
                "'\(entry.policy)' bounds memory, not entries: give \"capacityBytes\" (e.g. \"64MiB\")")
        }
        // An unbounded cache holds every distinct key (a time-bounded one
        // holds far fewer, so it is left to --max-memory).
        if entry.capacities.isEmpty && !descriptor.needsTime, let keys = spec.distinctKeyLimit,
            let message = memoryRefusal(
                entries: keys, what: "an unbounded cache holds every key, and this stream's \(keys) keys")
        {
            throw fail(entry.jsonPath, message + "; lower \"requests\" or give a \"capacity\"")
        }
        for capacity in entry.capacities {
            switch capacity {
            case .entries(let n) where n < 1:
                throw fail("\(entry.jsonPath).capacity", "must be ≥ 1, got \(n)")
            case .entries(let n) where n > Capacity.maximumEntries:
                throw fail(
                    "\(entry.jsonPath).capacity",
                    "\(n) entries is more than a cache can address: the limit is \(Capacity.maximumEntries) (32-bit slot links)"
                )
            case .entries(let n):
                let fillable = Swift.min(UInt64(n), spec.distinctKeyLimit ?? .max)
                let what =
                    fillable < UInt64(n) ? "\(n) entries, of which this stream can fill \(fillable)," : "\(n) entries"
                if let message = memoryRefusal(entries: fillable, what: what) {
                    throw fail("\(entry.jsonPath).capacity", message + "; lower \"capacity\"")
                }
            case .bytes(let n) where n < 1:
                throw fail("\(entry.jsonPath).capacityBytes", "must be ≥ 1, got \(n)")
            case .bytes(let n) where UInt64(n) > physicalMemory:
                throw fail(
                    "\(entry.jsonPath).capacityBytes",
                    "\(n) bytes is more than this machine's memory: the limit is its physical memory, \(physicalMemory) bytes"
                )
            case .bytes where !spec.hasObjectSizes && !bytesOnly:
                throw fail(
                    "\(entry.jsonPath).capacityBytes",
                    "a byte capacity needs object sizes, and this workload has none: add \"sizes\", e.g. {\"distribution\": \"fixed\", \"bytes\": 100}, or give \"capacity\" in entries"
                )
            default: break
            }
        }
        if descriptor.needsTime && !spec.hasRequestTimes {
            throw fail(
                entry.jsonPath,
                "policy '\(entry.policy)' expires entries by time, but the workload has no request times: add \"arrivals\", e.g. {\"process\": \"poisson\", \"ratePerSecond\": 1000}"
            )
        }
        if descriptor.honoursStreamLifetimes(entry.options) {
            guard spec.hasLifetimes else {
                throw fail(
                    "\(entry.jsonPath).expiry",
                    "\"stream\" honours the stream's lifetimes, but the workload has none: add \"lifetimes\", e.g. {\"distribution\": \"exponential\", \"meanSeconds\": 60}, or read a trace with a TTL column (twitter)"
                )
            }
            guard spec.tier == nil else {
                throw fail(
                    "\(entry.jsonPath).expiry",
                    "a tier's nodes do not honour the stream's lifetimes yet: drop \"tier\" or \"expiry\"")
            }
            guard spec.hasRequestTimes else {
                throw fail(
                    "\(entry.jsonPath).expiry",
                    "lifetimes run on the requests' times, but the workload has none: add \"arrivals\", e.g. {\"process\": \"poisson\", \"ratePerSecond\": 1000}"
                )
            }
        }
        if descriptor.needsFuture, !spec.suppliesNextAccess, let refusal = NextAccessIndex.refusal(for: spec) {
            throw fail(
                "\(entry.jsonPath).policy",
                "policy '\(entry.policy)' needs every request's next access, so it must see the whole stream first: \(refusal); lower \"requests\" or drop this cache"
            )
        }
        if let tier = spec.tier { try checkTier(tier, entry, descriptor, fail) }
        do throws(PolicyError) {
            let options = try descriptor.checkedOptions(entry.options)
            // A product is refused now for what would stop it from starting
            // (a missing server binary), before any server starts.
            for capacity in entry.capacities.isEmpty ? [nil] : entry.capacities.map({ $0 }) {
                let run = PlannedRun(index: 0, policy: entry.policy, capacity: capacity, seed: 0)
                try ProductRegistry.preflight(entry.policy, capacity: run.cacheCapacity, options: options)
            }
        } catch {
            throw fail(error.option.map { "\(entry.jsonPath).\($0)" } ?? entry.jsonPath, error.message)
        }
    }
}

extension WorkloadSpec {
    /// Whether the stream's trace deletes and writes keys between requests
    /// (twitter's operations).
    public var hasTraceOperations: Bool {
        if case .trace(let trace) = keys { return trace.format == .twitter }
        return false
    }

    /// Whether requests carry lifetimes (a spec's `lifetimes`, or a trace's TTL column).
    public var hasLifetimes: Bool { lifetimes != nil || keys.suppliesLifetimes }

    /// Whether requests carry object sizes (a `sizes` section or a trace that has them).
    public var hasObjectSizes: Bool {
        if sizes != nil { return true }
        if case .trace(let trace) = keys { return trace.suppliesSizes }
        return false
    }

    /// Whether the stream records each request's next access (an
    /// oracleGeneral trace), so the offline optimum needs no pass of its own.
    public var suppliesNextAccess: Bool {
        if case .trace(let trace) = keys { return trace.suppliesNextAccess }
        return false
    }

    /// Whether requests carry times (`arrivals`, or a trace that has them).
    public var hasRequestTimes: Bool {
        if arrivals != nil { return true }
        if case .trace(let trace) = keys { return trace.suppliesTimes }
        return false
    }
}

extension TierSpec {
    /// One node's share of a tier's capacity: ⌊capacity / nodes⌋ (the
    /// plan refuses capacities below one entry or byte per node).
    public func nodeCapacity(_ capacity: Capacity) -> Capacity {
        switch capacity {
        case .entries(let n): .entries(n / nodes)
        case .bytes(let n): .bytes(n / nodes)
        case .unbounded: .unbounded
        }
    }
}

extension RunPlan {
    /// Refuses a cache a tier cannot split: a capacity smaller than the
    /// node count, or a policy that needs the whole stream's future.
    fileprivate static func checkTier(
        _ tier: TierSpec, _ entry: CacheSpec, _ descriptor: PolicyDescriptor,
        _ fail: (String, String) -> WorkloadError
    ) throws(WorkloadError) {
        if descriptor.needsFuture {
            throw fail(
                "\(entry.jsonPath).policy",
                "policy '\(entry.policy)' needs every request's next access, which a tier does not route to its nodes; drop it or the \"tier\""
            )
        }
        for capacity in entry.capacities {
            let (n, field) =
                switch capacity {
                case .entries(let n): (n, "capacity")
                case .bytes(let n): (n, "capacityBytes")
                case .unbounded: (tier.nodes, "capacity")  // never in a spec
                }
            if n < tier.nodes {
                throw fail(
                    "\(entry.jsonPath).\(field)",
                    "\(n) over a tier of \(tier.nodes) nodes leaves a node with nothing: give at least \(tier.nodes)")
            }
        }
    }
}
