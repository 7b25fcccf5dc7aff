// The registered policies: one descriptor each, the single place a policy's
// name, summary, options (with defaults and ranges), capabilities and family
// are written, and how to build its `UInt64`-keyed, value-less form.

extension PolicyDescriptor {
    /// `noop`: no cache at all, the floor every speed figure is read against.
    public static let noop = PolicyDescriptor(
        name: "noop", summary: "no cache at all: every request misses; the replay loop's own cost, the speed floor",
        family: .reference,
        options: [
            .integer(
                "work", default: 0, in: 0...1_000_000,
                "rounds of busy work per request: a known slowdown, to calibrate a speed gate")
        ],
        capabilities: [.allowsUnbounded, .isReference]
    ) { configuration throws(PolicyError) in NoOpCache<UInt64, Void>(work: configuration.integer("work")) }

    /// `unbounded`: the map that never evicts.
    public static let unbounded = PolicyDescriptor(
        name: "unbounded", summary: "a map that never evicts: the leak under study", family: .reference,
        capabilities: .allowsUnbounded
    ) { _ throws(PolicyError) in UnboundedCache<UInt64, Void>() }

    /// `fifo`: first in, first out.
    public static let fifo = PolicyDescriptor(
        name: "fifo", summary: "evicts the oldest insertion; hits change nothing", family: .fifo
    ) { configuration throws(PolicyError) in FIFOCache<UInt64, Void>(capacity: configuration.capacity) }

    /// `lru`: least recently used.
    public static let lru = PolicyDescriptor(
        name: "lru", summary: "evicts the least recently used; a hit moves the key to the front", family: .recency,
        capabilities: [.hasOnePassCurve, .followsCheApproximation]
    ) { configuration throws(PolicyError) in LRUCache<UInt64, Void>(capacity: configuration.capacity) }

    /// `clock`: second chance with an n-bit counter.
    public static let clock = PolicyDescriptor(
        name: "clock", summary: "second chance: a hit earns a pass of the hand, new keys earn none", family: .fifo,
        options: [.integer("bits", default: 1, in: 1...8, "bits of each entry's reference counter")]
    ) { configuration throws(PolicyError) in
        ClockCache<UInt64, Void>(capacity: configuration.capacity, bits: configuration.integer("bits"))
    }

    /// `2q`: full 2Q with A1in, ghost A1out and Am.
    public static let twoQueue = PolicyDescriptor(
        name: "2q", summary: "full 2Q: FIFO A1in for new keys, ghost A1out, LRU Am for keys seen again",
        family: .recency,
        options: [
            .real("kin", default: 0.25, in: 0...1, "A1in's share of the capacity (Kin)"),
            .real("kout", default: 0.5, in: 0...4, "ghost A1out's size as a share of the capacity (Kout)"),
        ]
    ) { configuration throws(PolicyError) in
        TwoQueueCache<UInt64, Void>(
            capacity: configuration.capacity, kin: configuration.real("kin"), kout: configuration.real("kout"))
    }

    /// `ttl`: fixed lifetime, optionally LRU-bounded.
    public static let ttl = PolicyDescriptor(
        name: "ttl", summary: "entries expire a fixed lifetime after they were set; LRU among the live if bounded",
        family: .expiry,
        options: [.real("ttl", default: 60, in: 1e-9...31_536_000, "lifetime in seconds of virtual time")],
        capabilities: [.needsTime, .allowsUnbounded]
    ) { configuration throws(PolicyError) in
        let seconds = configuration.real("ttl")
        let lifetime = Int64((seconds * 1e9).rounded())
        guard lifetime > 0 else { throw PolicyError("must be at least 1 ns, got \(seconds) s", option: "ttl") }
        return TTLCache<UInt64, Void>(lifetime: lifetime, capacity: configuration.capacity)
    }
}

extension PolicyDescriptor {
    /// `arc`: Adaptive Replacement Cache, ghosts in the same index.
    public static let arc = PolicyDescriptor(
        name: "arc",
        summary:
            "ARC (Megiddo & Modha, FAST '03): LRU lists for keys seen once and twice, sized by ghost hits; ghosts counted in memory",
        family: .adaptive
    ) { configuration throws(PolicyError) in ARCCache<UInt64, Void>(capacity: configuration.capacity) }

    /// `sieve`: FIFO with a visited bit and a hand that stays put.
    public static let sieve = PolicyDescriptor(
        name: "sieve",
        summary:
            "SIEVE (Zhang et al., NSDI '24): FIFO order, visited bits, a hand that keeps its place between evictions",
        family: .fifo
    ) { configuration throws(PolicyError) in SieveCache<UInt64, Void>(capacity: configuration.capacity) }

    /// `s3fifo`: small, main and ghost FIFOs.
    public static let s3fifo = PolicyDescriptor(
        name: "s3fifo",
        summary: "S3-FIFO (Yang et al., SOSP '23): small FIFO for new keys, main FIFO with 2-bit CLOCK, ghost FIFO",
        family: .fifo,
        options: [
            .real("small", default: 0.1, in: 0...1, "small FIFO's share of the capacity"),
            .real("ghost", default: 0.9, in: 0...4, "ghost FIFO's size as a share of the capacity"),
            .integer("threshold", default: 2, in: 1...3, "hits a new key needs in the small FIFO to move to main"),
        ]
    ) { configuration throws(PolicyError) in
        S3FIFOCache<UInt64, Void>(
            capacity: configuration.capacity, small: configuration.real("small"), ghost: configuration.real("ghost"),
            threshold: configuration.integer("threshold"))
    }

    /// `wtinylfu`: window LRU, TinyLFU admission, segmented LRU main.
    public static let wtinylfu = PolicyDescriptor(
        name: "wtinylfu",
        summary:
            "W-TinyLFU (Einziger et al., Caffeine): LRU window, SLRU main, admission by a count-min sketch with doorkeeper and aging",
        family: .frequency,
        options: [
            .real("window", default: 0.01, in: 0...1, "window LRU's share of the capacity (at least 1)"),
            .real("protected", default: 0.8, in: 0...1, "protected segment's share of the main cache"),
        ]
    ) { configuration throws(PolicyError) in
        WTinyLFUCache<UInt64, Void>(
            capacity: configuration.capacity, window: configuration.real("window"),
            protected: configuration.real("protected"))
    }

    /// `lirs`: low inter-reference recency set.
    public static let lirs = PolicyDescriptor(
        name: "lirs",
        summary:
            "LIRS (Jiang & Zhang, SIGMETRICS '02): keeps blocks re-referenced soon after their last use; ghosts in the same index",
        family: .adaptive,
        options: [.real("hir", default: 0.01, in: 0...1, "resident HIR blocks' share of the capacity (at least 1)")]
    ) { configuration throws(PolicyError) in
        LIRSCache<UInt64, Void>(capacity: configuration.capacity, hir: configuration.real("hir"))
    }

    /// `lfu`: least frequently used, O(1) frequency lists.
    public static let lfu = PolicyDescriptor(
        name: "lfu",
        summary: "evicts the least frequently used (hits since entry), then the least recent; O(1) frequency lists",
        family: .frequency
    ) { configuration throws(PolicyError) in LFUCache<UInt64, Void>(capacity: configuration.capacity) }

    /// `random`: evict a uniformly random resident.
    public static let random = PolicyDescriptor(
        name: "random", summary: "evicts a resident chosen uniformly at random, seeded from the spec's seed",
        family: .random
    ) { configuration throws(PolicyError) in
        RandomCache<UInt64, Void>(capacity: configuration.capacity, seed: configuration.seed)
    }

    /// `belady`: the offline optimum.
    public static let belady = PolicyDescriptor(
        name: "belady",
        summary:
            "Belady's MIN, the offline optimum: evicts the key needed farthest in the future (needs the whole stream)",
        family: .optimal, capabilities: .needsFuture
    ) { configuration throws(PolicyError) in BeladyCache<UInt64, Void>(capacity: configuration.capacity) }
}

extension PolicyDescriptor {
    /// `redis-lru`: a model of Redis's sampled, pooled LRU on its coarse clock.
    public static let redisLRU = PolicyDescriptor(
        name: "redis-lru",
        summary:
            "a model of Redis's allkeys-lru: samples keys into a pool of 16 by idle time on an LRU clock of 1 s; the idlest leaves",
        family: .recency,
        options: [
            .integer("samples", default: 5, in: 1...64, "keys drawn per eviction (maxmemory-samples)"),
            .real(
                "clockResolution", default: 1, in: 1e-9...86_400,
                "seconds of request time per tick of the LRU clock (Redis: 1)"),
        ]
    ) { configuration throws(PolicyError) in
        RedisLRUCache<UInt64, Void>(
            capacity: configuration.capacity, samples: configuration.integer("samples"),
            clockResolution: Swift.max(1, Int64((configuration.real("clockResolution") * 1e9).rounded())),
            seed: configuration.seed)
    }

    /// `redis-lfu`: a model of Redis's sampled, pooled LFU with its log counter.
    public static let redisLFU = PolicyDescriptor(
        name: "redis-lfu",
        summary:
            "a model of Redis's allkeys-lfu: an 8-bit logarithmic counter that decays by the minute, sampled into a pool of 16",
        family: .frequency,
        options: [
            .integer("samples", default: 5, in: 1...64, "keys drawn per eviction (maxmemory-samples)"),
            .integer("lfuLogFactor", default: 10, in: 0...1_000_000, "how slowly the counter grows (lfu-log-factor)"),
            .integer(
                "lfuDecayTime", default: 1, in: 0...1_000_000,
                "minutes of request time per decrement of an idle key's counter; 0: never (lfu-decay-time)"),
        ]
    ) { configuration throws(PolicyError) in
        RedisLFUCache<UInt64, Void>(
            capacity: configuration.capacity, samples: configuration.integer("samples"),
            lfuLogFactor: configuration.integer("lfuLogFactor"), lfuDecayTime: configuration.integer("lfuDecayTime"),
            seed: configuration.seed)
    }
}

extension PolicyDescriptor {
    /// `slru`: segmented LRU, a hit climbs one segment.
    public static let slru = PolicyDescriptor(
        name: "slru",
        summary:
            "segmented LRU (Huang et al., SOSP '13): new keys enter the lowest segment, a hit climbs one, overflow falls one",
        family: .recency,
        options: [
            .integer("segments", default: 4, in: 1...16, "number of LRU segments"),
            .choice(
                "insertion", default: "probation", of: SLRUInsertion.allCases.map(\.rawValue),
                "probation: new keys in the lowest segment, shares summing to the capacity; libcachesim: libCacheSim 0.3.5's rules, for its numbers"
            ),
        ]
    ) { configuration throws(PolicyError) in
        SLRUCache<UInt64, Void>(
            capacity: configuration.capacity, segments: configuration.integer("segments"),
            insertion: SLRUInsertion(rawValue: configuration.word("insertion"))!)
    }

    /// `lfuda`: LFU with dynamic aging.
    public static let lfuda = PolicyDescriptor(
        name: "lfuda",
        summary:
            "LFU with dynamic aging (Arlitt et al., 2000): evicts the least hits + age, the age rising to each evicted priority",
        family: .frequency
    ) { configuration throws(PolicyError) in LFUDACache<UInt64, Void>(capacity: configuration.capacity) }

    /// `clockpro`: CLOCK-Pro, LIRS on a clock.
    public static let clockpro = PolicyDescriptor(
        name: "clockpro",
        summary:
            "CLOCK-Pro (Jiang, Chen & Zhang, USENIX ATC '05): hot and cold pages and test periods on one clock, three hands; ghosts in the same index",
        family: .adaptive
    ) { configuration throws(PolicyError) in ClockProCache<UInt64, Void>(capacity: configuration.capacity) }
}
