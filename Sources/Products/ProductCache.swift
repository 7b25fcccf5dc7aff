import Caches

/// A real cache the harness drives beside the simulated policies: a server
/// it starts (Redis, memcached) or a library type (Foundation's `NSCache`).
///
/// A product is a ``ReplayableCache`` — the harness hands it chunks of
/// requests exactly as it hands them to a policy — plus what a policy does
/// not need: its memory as the product itself reports it, a failure that
/// stops the run (a server that died), and, at the end, its own counters
/// cross-checked against the client's. The harness asks these once per
/// memory sample or chunk, never per request, so the simulated policies'
/// replay loop is untouched.
public protocol ProductCache: ReplayableCache {
    /// Memory and resident keys as the product reports them now (a server's
    /// `INFO`/`stats`), or `nil` for an in-process product, which the
    /// harness measures in this process as it measures the policies.
    func readMemory() throws(ProductError) -> ProductMemory?

    /// Why the product stopped serving, once it has: replies stop making
    /// sense, or the server is gone. The harness checks after every chunk
    /// and stops the run (exit 2, nothing written).
    var failure: ProductError? { get }

    /// Ends the run: reads the product's own counters, refuses a
    /// disagreement with the client's, stops the server (its files
    /// removed) and returns what the result records.
    func finish() throws(ProductError) -> ProductReport

    /// The simulated policies to replay the same stream through at this
    /// product's effective entry capacity, for the comparison in the
    /// result: exact LRU, and the product's model where there is one.
    var comparisonModels: [ModelRequest] { get }
}

/// A product's view of its memory at one moment.
public struct ProductMemory: Sendable, Equatable {
    /// Keys resident.
    public var entries: Int
    /// Bytes of the stored items by the product's accounting (Redis
    /// `used_memory_dataset`, memcached `bytes`).
    public var datasetBytes: Int
    /// Bytes its allocator holds (Redis `used_memory`, memcached
    /// `total_malloced`).
    public var allocatorBytes: Int
    /// Resident set of its process (Redis `used_memory_rss`; memcached's
    /// from /proc).
    public var rssBytes: Int

    public init(entries: Int, datasetBytes: Int, allocatorBytes: Int, rssBytes: Int) {
        self.entries = entries
        self.datasetBytes = datasetBytes
        self.allocatorBytes = allocatorBytes
        self.rssBytes = rssBytes
    }
}

/// A simulated policy to compare a product with: a registered policy's
/// name and options.
public struct ModelRequest: Sendable, Equatable {
    public var policy: String
    public var options: [String: PolicyOptionValue]

    public init(_ policy: String, _ options: [String: PolicyOptionValue] = [:]) {
        self.policy = policy
        self.options = options
    }
}

/// Counts of one side (the client, or the product) of a product run.
public struct ProductCounters: Codable, Sendable, Equatable {
    /// `get`s that found the key.
    public var hits: Int
    /// `get`s that did not.
    public var misses: Int
    /// Values stored after a miss (the product's count, where it keeps one).
    public var sets: Int?
    /// Stores the product refused (Redis `noeviction` past `maxmemory`).
    public var rejectedSets: Int?
    /// Keys evicted (the product's own count).
    public var evictions: Int?
    /// Keys resident at the end.
    public var keys: Int?
    /// Keys that expired (the product's own count, with the stream's
    /// lifetimes honoured).
    public var expirations: Int? = nil

    public init(
        hits: Int, misses: Int, sets: Int? = nil, rejectedSets: Int? = nil, evictions: Int? = nil, keys: Int? = nil
    ) {
        self.hits = hits
        self.misses = misses
        self.sets = sets
        self.rejectedSets = rejectedSets
        self.evictions = evictions
        self.keys = keys
    }
}

/// A simulated policy replayed on the same stream as a product, at the
/// product's effective entry capacity.
public struct ModelComparison: Codable, Sendable, Equatable {
    public var policy: String
    /// The options it ran with (the product's, where they carry over).
    public var options: [String: PolicyOptionValue]
    /// The entry capacity it ran at.
    public var capacity: Int
    public var hits: Int
    public var hitRatio: Double
    /// Entries it expired, when it honoured the stream's lifetimes.
    public var expirations: Int? = nil

    public init(
        policy: String, options: [String: PolicyOptionValue], capacity: Int, hits: Int, hitRatio: Double,
        expirations: Int? = nil
    ) {
        self.policy = policy
        self.options = options
        self.capacity = capacity
        self.hits = hits
        self.hitRatio = hitRatio
        self.expirations = expirations
    }
}

/// What a product run records beside the ordinary figures (documented in
/// Results/README.md).
public struct ProductReport: Codable, Sendable, Equatable {
    /// The product and its version: `redis-server 7.0.15`, `memcached 1.6.18`.
    public var product: String
    /// Where the harness reached it: `unix:/tmp/…/sock`,
    /// `tcp:127.0.0.1:40123`, or `in-process`.
    public var address: String
    /// How it was configured, as given to it (`maxmemory`, `maxmemory-policy`…).
    public var configuration: [String: String]
    /// `wall`: the server kept its own clock; `virtual`: each second of
    /// request time was replayed within one second of the server's clock.
    public var clock: String
    /// Seconds of request time that could not be replayed within one
    /// second of the server's clock (0 unless the replay fell behind).
    public var clockSlips: Int
    /// Requests sent per round trip.
    public var pipeline: Int
    /// The byte limit the product enforces (Redis `maxmemory`, memcached
    /// `limit_maxbytes`), or `nil` for none.
    public var memoryLimitBytes: Int?
    /// The client's counts.
    public var client: ProductCounters
    /// The product's own counts, which must agree with the client's
    /// (`nil` for a product that keeps none, such as `NSCache`).
    public var server: ProductCounters?
    /// Mean resident entries over the second half of the run: the entry
    /// capacity the product's byte limit came to (filled in by the harness).
    public var effectiveEntries: Double
    /// Simulated policies on the same stream at that capacity (filled in by
    /// the harness).
    public var models: [ModelComparison]

    public init(
        product: String, address: String, configuration: [String: String], clock: String, clockSlips: Int,
        pipeline: Int, memoryLimitBytes: Int?, client: ProductCounters, server: ProductCounters?,
        effectiveEntries: Double = 0, models: [ModelComparison] = []
    ) {
        self.product = product
        self.address = address
        self.configuration = configuration
        self.clock = clock
        self.clockSlips = clockSlips
        self.pipeline = pipeline
        self.memoryLimitBytes = memoryLimitBytes
        self.client = client
        self.server = server
        self.effectiveEntries = effectiveEntries
        self.models = models
    }
}

/// A product that could not be started, stopped serving, or disagreed with
/// the client: one line a person can act on.
public struct ProductError: Error, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ description: String) { self.description = description }
}
