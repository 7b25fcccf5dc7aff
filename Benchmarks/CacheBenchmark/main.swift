import CMallocInfo
// CacheBenchmark: replay speed and memory per entry of every policy.
//
//   swift run -c release CacheBenchmark [POLICY…]   (or Scripts/bench-caches)
//
// Speed: 10^7 pre-generated Zipf(0.99) keys over a 10^6-key universe, one
// core, through each policy at 10^3, 10^4 and 10^5 entries, beside a no-op
// cache (the replay floor) and an LRU written the obvious way (Dictionary
// of linked node objects). Replays go through `any ReplayableCache` one
// chunk at a time, as the harness drives them.
//
// Memory: each policy filled with 10^6 distinct keys at capacity 10^6;
// bytes per entry from the allocator (mallinfo2, before and after) beside
// the cache's own accounting, and what is left after the cache is released.
import Caches
import Glibc

let requestCount = 10_000_000
let universe = 1_000_000
let capacities = [1_000, 10_000, 100_000]
let chunkSize = 65_536
/// Virtual time between requests, and the TTL policy's lifetime: 10^7
/// requests span 10 s, so entries expire throughout the run.
let tick: Int64 = 1_000
let ttlSeconds = 1.0

// MARK: - The key stream

/// splitmix64, seeded.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return mix64(state)
    }
    /// Uniform in [0, 1).
    mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }
}

/// `count` draws of Zipf(`exponent`) ranks over 1...`universe` (inverse CDF
/// by binary search), scrambled into keys with the bijection `mix64`.
func zipfKeys(count: Int, universe: Int, exponent: Double, seed: UInt64) -> [UInt64] {
    var cdf = [Double](repeating: 0, count: universe)
    var total = 0.0
    for rank in 1...universe {
        total += 1 / pow(Double(rank), exponent)
        cdf[rank - 1] = total
    }
    var random = SplitMix64(state: seed)
    return (0..<count).map { _ in
        let u = random.nextUnit() * total
        var (low, high) = (0, universe - 1)
        while low < high {
            let mid = (low + high) / 2
            if cdf[mid] < u { low = mid + 1 } else { high = mid }
        }
        return mix64(UInt64(low + 1))
    }
}

// MARK: - The obvious LRU

/// An LRU as one writes it without thinking about memory: a Dictionary from
/// key to a node object, nodes in a doubly linked list.
final class ObviousLRU: ReplayableCache {
    final class Node {
        let key: UInt64
        var newer: Node?
        var older: Node?
        init(key: UInt64) { self.key = key }
    }

    let limit: Int
    var nodes: [UInt64: Node] = [:]
    var newest: Node?
    var oldest: Node?
    var evictions = 0

    init(capacity: Int) { limit = capacity }

    /// Nodes link each other strongly both ways; break the cycles.
    deinit {
        var node = newest
        while let current = node {
            node = current.older
            current.older = nil
            current.newer = nil
        }
    }

    func unlink(_ node: Node) {
        if let newer = node.newer { newer.older = node.older } else { newest = node.older }
        if let older = node.older { older.newer = node.newer } else { oldest = node.newer }
        node.newer = nil
        node.older = nil
    }

    func pushFront(_ node: Node) {
        node.older = newest
        newest?.newer = node
        newest = node
        if oldest == nil { oldest = node }
    }

    func holds(_ key: UInt64, now: Int64) -> Bool { nodes[key] != nil }

    func lookup(_ key: UInt64, now: Int64) -> Bool {
        guard let node = nodes[key] else { return false }
        unlink(node)
        pushFront(node)
        return true
    }

    func admit(_ key: UInt64, size: Int, now: Int64) {
        if nodes.count >= limit, let victim = oldest {
            unlink(victim)
            nodes[victim.key] = nil
            evictions += 1
        }
        let node = Node(key: key)
        nodes[key] = node
        pushFront(node)
    }

    func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>, tally: inout ReplayTally
    ) {
        for i in 0..<keys.count {
            if lookup(keys[i], now: times[i]) { tally.hits += 1 } else { admit(keys[i], size: 1, now: times[i]) }
        }
        tally.requests += keys.count
    }

    var count: Int { nodes.count }
    var capacity: Capacity { .entries(limit) }
    var residentBytes: Int { nodes.count }
    var storageBytes: Int { 0 }
}

// MARK: - Measuring

/// Every policy of the registry, then the floor and the baseline.
struct Contender {
    let name: String
    let make: (Capacity) -> any ReplayableCache
}

// belady needs each request's next access: PolicyBenchmark times it. The
// reference policies (the no-op floor) come first.
let registered = (PolicyRegistry.all.filter(\.isReference) + PolicyRegistry.all.filter { !$0.isReference })
    .filter { !$0.needsFuture }.map { descriptor in
        Contender(name: descriptor.name) { capacity in
            let options: [String: PolicyOptionValue] = descriptor.needsTime ? ["ttl": .number(ttlSeconds)] : [:]
            return try! descriptor.make(CacheConfiguration(capacity: capacity, options: options))
        }
    }
/// Policies named on the command line (all when none), always with the
/// floor and the baseline beside them.
let selected = Set(CommandLine.arguments.dropFirst())
let allContenders =
    registered
    + [
        Contender(name: "obvious-lru") { capacity in
            guard case .entries(let n) = capacity else { fatalError("entries only") }
            return ObviousLRU(capacity: n)
        }
    ]
let contenders = allContenders.filter {
    selected.isEmpty || selected.contains($0.name) || $0.name == "noop" || $0.name == "obvious-lru"
}

/// CPU seconds this thread has run: the machine is shared, and wall time
/// would count the time other processes hold the core.
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
}

/// CPU seconds to replay the whole stream through `cache`, and its hit ratio.
func timeReplay(_ cache: any ReplayableCache, keys: [UInt64], sizes: [UInt32], times: [Int64]) -> (Double, Double) {
    var tally = ReplayTally()
    let start = threadCPUSeconds()
    do {
        keys.withUnsafeBufferPointer { k in
            sizes.withUnsafeBufferPointer { s in
                times.withUnsafeBufferPointer { t in
                    var start = 0
                    while start < k.count {
                        let end = min(start + chunkSize, k.count)
                        cache.replay(
                            keys: UnsafeBufferPointer(rebasing: k[start..<end]),
                            sizes: UnsafeBufferPointer(rebasing: s[start..<end]),
                            times: UnsafeBufferPointer(rebasing: t[start..<end]), tally: &tally)
                        start = end
                    }
                }
            }
        }
    }
    return (threadCPUSeconds() - start, Double(tally.hits) / Double(tally.requests))
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

func format(_ value: Double, _ digits: Int) -> String {
    let scale = pow(10.0, Double(digits))
    let rounded = (value * scale).rounded() / scale
    var text = "\(rounded)"
    if let dot = text.firstIndex(of: ".") {
        let decimals = text.distance(from: dot, to: text.endIndex) - 1
        text += String(repeating: "0", count: max(0, digits - decimals))
    }
    return text
}

print("Generating \(requestCount) Zipf(0.99) keys over \(universe) …")
let keys = zipfKeys(count: requestCount, universe: universe, exponent: 0.99, seed: 42)
let sizes = [UInt32](repeating: 1, count: requestCount)
let times = (0..<Int64(requestCount)).map { $0 * tick }

print("\nReplay speed, M requests per CPU-second (best of 3; hit ratio in brackets; ×obvious = speed / obvious LRU's)")
print(pad("policy", 12) + capacities.map { pad("C=\($0)", 26) }.joined())
var rates: [String: [Double]] = [:]
for contender in contenders {
    var row = pad(contender.name, 12)
    var rowRates: [Double] = []
    for capacity in capacities {
        var best = Double.infinity
        var ratio = 0.0
        for _ in 0..<3 {
            let (seconds, hitRatio) = timeReplay(
                contender.make(.entries(capacity)), keys: keys, sizes: sizes, times: times)
            best = min(best, seconds)
            ratio = hitRatio
        }
        rowRates.append(Double(requestCount) / best / 1e6)
        row += pad("\(format(rowRates.last!, 1)) [\(format(ratio, 3))]", 16) + pad("", 10)
    }
    rates[contender.name] = rowRates
    print(row)
}
if let baseline = rates["obvious-lru"] {
    print("\n×obvious LRU")
    for contender in contenders where contender.name != "obvious-lru" {
        let ratios = zip(rates[contender.name]!, baseline).map { format($0 / $1, 2) + "×" }
        print(pad(contender.name, 12) + ratios.map { pad($0, 26) }.joined())
    }
}

print("\nMemory at 10^6 resident entries (UInt64 keys, no values; 10^6 distinct keys into capacity 10^6)")
print(pad("policy", 12) + pad("allocator B/entry", 20) + pad("own B/entry", 14) + pad("left after release", 22))
let residentTarget = 1_000_000
for contender in contenders where contender.name != "noop" {
    let before = Int(cachesim_allocated_bytes())
    var cache: (any ReplayableCache)? = contender.make(
        contender.name == "unbounded" ? .unbounded : .entries(residentTarget))
    for key in 0..<UInt64(residentTarget) { cache!.admit(mix64(key), size: 1, now: 0) }
    let during = Int(cachesim_allocated_bytes())
    let count = cache!.count
    let own = cache!.storageBytes
    cache = nil
    let after = Int(cachesim_allocated_bytes())
    print(
        pad(contender.name, 12) + pad(format(Double(during - before) / Double(count), 1), 20)
            + pad(own == 0 ? "-" : format(Double(own) / Double(count), 1), 14) + pad("\(after - before) B", 22))
}
