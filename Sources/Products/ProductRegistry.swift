import Caches

/// The real caches cachesim can drive, as descriptors like the policies'
/// (name, summary, typed options with defaults, capabilities, family), so
/// specs name and configure them the same way. They are kept apart from
/// ``PolicyRegistry``: the policies' shared suites build every registered
/// policy many times, and a product starts a server.
public enum ProductRegistry {
    /// Every product, in the order `cachesim policies` lists them.
    public static let all: [PolicyDescriptor] = [.redis, .memcached, .nscache]

    /// The product registered as `name`, or `nil`.
    public static func named(_ name: String) -> PolicyDescriptor? { all.first { $0.name == name } }
}

/// Options every server product takes.
private let serverOptions: [PolicyOption] = [
    .integer("pipeline", default: 64, in: 1...10_000, "requests sent per round trip (1: one at a time)"),
    .choice("transport", default: "unix", of: ["unix", "tcp"], "a Unix socket in a private directory, or 127.0.0.1"),
    .integer("port", default: 0, in: 0...65_535, "the port on 127.0.0.1 with transport tcp (0: a free one)"),
]

/// Builds a product, a start-up failure reported as the refusal it is.
private func building(_ make: () throws(ProductError) -> any ProductCache) throws(PolicyError) -> any ReplayableCache {
    do throws(ProductError) {
        return try make()
    } catch {
        throw PolicyError(error.description)
    }
}

extension PolicyDescriptor {
    /// `redis`: a real redis-server with maxmemory and a maxmemory-policy.
    public static let redis = PolicyDescriptor(
        name: "redis",
        summary:
            "a real redis-server started for the run (maxmemory = capacityBytes, none without), driven over a socket, its counters checked against the client's",
        family: .recency,
        options: [
            .choice(
                "maxmemoryPolicy", default: "allkeys-lru",
                of: ["allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"], "Redis's maxmemory-policy"),
            .integer("samples", default: 5, in: 1...64, "keys drawn per eviction (maxmemory-samples)"),
            .integer("lfuLogFactor", default: 10, in: 0...1_000_000, "lfu-log-factor"),
            .integer("lfuDecayTime", default: 1, in: 0...1_000_000, "lfu-decay-time, in minutes"),
            .choice(
                "clock", default: "wall", of: ["wall", "virtual"],
                "wall: as fast as it goes; virtual: each second of request time within one second of the server's clock (as the redis-lru/lfu models see it)"
            ),
        ] + serverOptions + [.path("server", default: "redis-server", "the redis-server binary")],
        capabilities: [.isProduct, .allowsUnbounded, .needsByteCapacity]
    ) { configuration throws(PolicyError) in
        try building { () throws(ProductError) in try RedisCache(configuration) }
    }

    /// `memcached`: a real memcached with -m.
    public static let memcached = PolicyDescriptor(
        name: "memcached",
        summary:
            "a real memcached started for the run (-m = capacityBytes, whole MiB; segmented LRU per slab class), its counters checked against the client's",
        family: .recency,
        options: [.integer("threads", default: 4, in: 1...64, "worker threads (-t)")] + serverOptions + [
            .path("server", default: "memcached", "the memcached binary")
        ],
        capabilities: [.isProduct, .needsByteCapacity]
    ) { configuration throws(PolicyError) in
        try building { () throws(ProductError) in try MemcachedCache(configuration) }
    }

    /// `nscache`: Foundation's NSCache in this process.
    public static let nscache = PolicyDescriptor(
        name: "nscache",
        summary:
            "Foundation's NSCache in this process (countLimit = capacity, totalCostLimit = capacityBytes); on Linux it keeps the cheapest entries, the newest leaving first",
        family: .fifo, capabilities: [.isProduct]
    ) { configuration throws(PolicyError) in
        try building { () throws(ProductError) in try NSCacheProduct(configuration) }
    }
}

extension ProductRegistry {
    /// Refuses, before anything starts, what would stop product `name`
    /// from starting at `capacity` with `options` (checked and complete):
    /// a server binary that is missing, a port without TCP, a memcached
    /// limit that is not whole MiB. The refusal names the option at fault.
    public static func preflight(
        _ name: String, capacity: Capacity, options: [String: PolicyOptionValue]
    ) throws(PolicyError) {
        let configuration = CacheConfiguration(capacity: capacity, options: options)
        if options[PolicyOption.expiry.name] == "stream", named(name) != nil {
            switch name {
            case "redis" where options["clock"] != "virtual":
                throw PolicyError(
                    "Redis honours the stream's lifetimes only on request time: add \"clock\": \"virtual\" (each second of request time then takes a second)",
                    option: "clock")
            case "redis": break
            case "memcached":
                throw PolicyError(
                    "memcached cannot honour the stream's lifetimes here: it expires by its own clock in whole seconds of wall time, which this harness does not pace to request time; use redis with \"clock\": \"virtual\"",
                    option: PolicyOption.expiry.name)
            default:
                throw PolicyError(
                    "\(name) has no per-entry lifetimes to honour the stream's with", option: PolicyOption.expiry.name)
            }
        }
        guard let package = ["redis": "redis-server", "memcached": "memcached"][name] else { return }
        do throws(ProductError) {
            _ = try ServerBinary.locate(configuration.word("server"), package: package)
        } catch {
            throw PolicyError(error.description, option: "server")
        }
        do throws(ProductError) {
            _ = try ServerTransport(configuration)
        } catch {
            throw PolicyError(error.description, option: "port")
        }
        if name == "memcached", case .bytes(let bytes) = capacity, let problem = MemcachedCache.limitProblem(bytes) {
            throw PolicyError(problem, option: "capacityBytes")
        }
    }
}
