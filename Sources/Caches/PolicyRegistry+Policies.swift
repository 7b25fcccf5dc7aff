// The registered policies: one descriptor each, building the simulator's
// `UInt64`-keyed, value-less form of the policy's class.

extension PolicyDescriptor {
    /// `unbounded`: the map that never evicts.
    public static let unbounded = PolicyDescriptor(
        name: "unbounded", summary: "a map that never evicts: the leak under study", allowsUnbounded: true
    ) { _ throws(PolicyError) in UnboundedCache<UInt64, Void>() }

    /// `fifo`: first in, first out.
    public static let fifo = PolicyDescriptor(
        name: "fifo", summary: "evicts the oldest insertion; hits change nothing"
    ) { configuration throws(PolicyError) in FIFOCache<UInt64, Void>(capacity: configuration.capacity) }

    /// `lru`: least recently used.
    public static let lru = PolicyDescriptor(
        name: "lru", summary: "evicts the least recently used; a hit moves the key to the front"
    ) { configuration throws(PolicyError) in LRUCache<UInt64, Void>(capacity: configuration.capacity) }

    /// `clock`: second chance with an n-bit counter.
    public static let clock = PolicyDescriptor(
        name: "clock", summary: "second chance: a hit earns a pass of the hand, new keys earn none",
        options: [PolicyOption("bits", default: 1, range: 1...8, "bits of each entry's reference counter")]
    ) { configuration throws(PolicyError) in
        let bits = try configuration.integerOption("bits", policy: "clock")
        return ClockCache<UInt64, Void>(capacity: configuration.capacity, bits: bits)
    }

    /// `2q`: full 2Q with A1in, ghost A1out and Am.
    public static let twoQueue = PolicyDescriptor(
        name: "2q", summary: "full 2Q: FIFO A1in for new keys, ghost A1out, LRU Am for keys seen again",
        options: [
            PolicyOption("kin", default: 0.25, range: 0...1, "A1in's share of the capacity (Kin)"),
            PolicyOption("kout", default: 0.5, range: 0...4, "ghost A1out's size as a share of the capacity (Kout)"),
        ]
    ) { configuration throws(PolicyError) in
        TwoQueueCache<UInt64, Void>(
            capacity: configuration.capacity, kin: configuration.option("kin", default: 0.25),
            kout: configuration.option("kout", default: 0.5))
    }

    /// `ttl`: fixed lifetime, optionally LRU-bounded.
    public static let ttl = PolicyDescriptor(
        name: "ttl", summary: "entries expire a fixed lifetime after they were set; LRU among the live if bounded",
        options: [PolicyOption("ttl", default: 60, range: 1e-9...31_536_000, "lifetime in seconds of virtual time")],
        needsTime: true, allowsUnbounded: true
    ) { configuration throws(PolicyError) in
        let seconds = configuration.option("ttl", default: 60)
        let lifetime = Int64((seconds * 1e9).rounded())
        guard lifetime > 0 else { throw PolicyError("ttl.ttl: must be at least 1 ns, got \(seconds) s") }
        return TTLCache<UInt64, Void>(lifetime: lifetime, capacity: configuration.capacity)
    }
}

extension PolicyDescriptor {
    /// `arc`: Adaptive Replacement Cache, ghosts in the same index.
    public static let arc = PolicyDescriptor(
        name: "arc",
        summary:
            "ARC (Megiddo & Modha, FAST '03): LRU lists for keys seen once and twice, sized by ghost hits; ghosts counted in memory"
    ) { configuration throws(PolicyError) in ARCCache<UInt64, Void>(capacity: configuration.capacity) }

    /// `sieve`: FIFO with a visited bit and a hand that stays put.
    public static let sieve = PolicyDescriptor(
        name: "sieve",
        summary:
            "SIEVE (Zhang et al., NSDI '24): FIFO order, visited bits, a hand that keeps its place between evictions"
    ) { configuration throws(PolicyError) in SieveCache<UInt64, Void>(capacity: configuration.capacity) }

    /// `s3fifo`: small, main and ghost FIFOs.
    public static let s3fifo = PolicyDescriptor(
        name: "s3fifo",
        summary: "S3-FIFO (Yang et al., SOSP '23): small FIFO for new keys, main FIFO with 2-bit CLOCK, ghost FIFO",
        options: [
            PolicyOption("small", default: 0.1, range: 0...1, "small FIFO's share of the capacity"),
            PolicyOption("ghost", default: 0.9, range: 0...4, "ghost FIFO's size as a share of the capacity"),
            PolicyOption(
                "threshold", default: 2, range: 1...3, "hits a new key needs in the small FIFO to move to main"),
        ]
    ) { configuration throws(PolicyError) in
        S3FIFOCache<UInt64, Void>(
            capacity: configuration.capacity, small: configuration.option("small", default: 0.1),
            ghost: configuration.option("ghost", default: 0.9),
            threshold: try configuration.integerOption("threshold", policy: "s3fifo"))
    }

    /// `wtinylfu`: window LRU, TinyLFU admission, segmented LRU main.
    public static let wtinylfu = PolicyDescriptor(
        name: "wtinylfu",
        summary:
            "W-TinyLFU (Einziger et al., Caffeine): LRU window, SLRU main, admission by a count-min sketch with doorkeeper and aging",
        options: [
            PolicyOption("window", default: 0.01, range: 0...1, "window LRU's share of the capacity (at least 1)"),
            PolicyOption("protected", default: 0.8, range: 0...1, "protected segment's share of the main cache"),
        ]
    ) { configuration throws(PolicyError) in
        WTinyLFUCache<UInt64, Void>(
            capacity: configuration.capacity, window: configuration.option("window", default: 0.01),
            protected: configuration.option("protected", default: 0.8))
    }

    /// `lirs`: low inter-reference recency set.
    public static let lirs = PolicyDescriptor(
        name: "lirs",
        summary:
            "LIRS (Jiang & Zhang, SIGMETRICS '02): keeps blocks re-referenced soon after their last use; ghosts in the same index",
        options: [
            PolicyOption("hir", default: 0.01, range: 0...1, "resident HIR blocks' share of the capacity (at least 1)")
        ]
    ) { configuration throws(PolicyError) in
        LIRSCache<UInt64, Void>(capacity: configuration.capacity, hir: configuration.option("hir", default: 0.01))
    }

    /// `lfu`: least frequently used, O(1) frequency lists.
    public static let lfu = PolicyDescriptor(
        name: "lfu",
        summary: "evicts the least frequently used (hits since entry), then the least recent; O(1) frequency lists"
    ) { configuration throws(PolicyError) in LFUCache<UInt64, Void>(capacity: configuration.capacity) }

    /// `random`: evict a uniformly random resident.
    public static let random = PolicyDescriptor(
        name: "random", summary: "evicts a resident chosen uniformly at random, seeded from the spec's seed"
    ) { configuration throws(PolicyError) in
        RandomCache<UInt64, Void>(capacity: configuration.capacity, seed: configuration.seed)
    }

    /// `belady`: the offline optimum.
    public static let belady = PolicyDescriptor(
        name: "belady",
        summary:
            "Belady's MIN, the offline optimum: evicts the key needed farthest in the future (needs the whole stream)",
        needsFuture: true
    ) { configuration throws(PolicyError) in BeladyCache<UInt64, Void>(capacity: configuration.capacity) }
}

extension CacheConfiguration {
    /// Option `name` as a whole number, refusing fractions.
    func integerOption(_ name: String, policy: String) throws(PolicyError) -> Int {
        let value = options[name] ?? 0
        guard let whole = Int(exactly: value) else {
            throw PolicyError("\(policy).\(name): must be a whole number, got \(value)")
        }
        return whole
    }
}
