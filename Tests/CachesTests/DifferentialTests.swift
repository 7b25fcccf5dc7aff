import Caches
import TestSupport
import Testing

/// The simulator's path against the library's: every registered policy's
/// fused `replay` must do exactly what one `get` — and on a miss one `set`
/// — per request does through the public API, on random traffic with
/// sizes that vary (some larger than the whole cache), entry and byte
/// capacities, and removals and re-sets of keys between chunks.
@Suite("Replay equals get then set")
struct DifferentialTests {
    /// Every policy with its defaults and each other choice word.
    static let variants: [(String, [String: PolicyOptionValue])] = PolicyRegistry.all.flatMap { descriptor in
        optionVariants(of: descriptor).map { (descriptor.name, $0) }
    }

    /// One request of the random traffic.
    struct Request {
        var key: UInt64
        var size: Int
        var time: Int64
        var next: Int64
    }

    /// `count` requests over `keys` keys; each key has a usual size that
    /// some requests change, times advance by 0...`tick`, and each request
    /// knows when its key comes next (for the offline optimum).
    static func traffic(
        count: Int, keys: UInt64, maxSize: Int, tick: Int64, using random: inout SplitMix64
    )
        -> [Request]
    {
        var time: Int64 = 0
        var requests: [Request] = (0..<count).map { _ in
            let key = UInt64.random(in: 0..<keys, using: &random)
            time += Int64.random(in: 0...tick, using: &random)
            let usual = Int(key % UInt64(maxSize + 1))
            let size = Int.random(in: 0..<8, using: &random) == 0 ? Int.random(in: 0...maxSize, using: &random) : usual
            return Request(key: key, size: size, time: time, next: .max)
        }
        var nextSeen: [UInt64: Int64] = [:]
        for i in requests.indices.reversed() {
            requests[i].next = nextSeen[requests[i].key] ?? -1
            nextSeen[requests[i].key] = Int64(i)
        }
        return requests
    }

    /// What differs between the two caches, or `nil`.
    static func difference(_ a: any ReplayableCache, _ b: any ReplayableCache, keys: UInt64, now: Int64) -> String? {
        if a.count != b.count { return "count \(a.count) vs \(b.count)" }
        if a.evictions != b.evictions { return "evictions \(a.evictions) vs \(b.evictions)" }
        if a.residentBytes != b.residentBytes { return "resident bytes \(a.residentBytes) vs \(b.residentBytes)" }
        for key in 0..<keys where a.holds(key, now: now) != b.holds(key, now: now) {
            return "key \(key) resident \(a.holds(key, now: now)) vs \(b.holds(key, now: now))"
        }
        return nil
    }

    @Test("hits, evictions and residents after every chunk", arguments: variants.indices)
    func replayEqualsGetThenSet(variant: Int) throws {
        let (policy, choices) = Self.variants[variant]
        let descriptor = try #require(PolicyRegistry.named(policy))
        for trial in UInt64(0)..<24 {
            var random = SplitMix64(seed: trial &* 1_000_003 &+ UInt64(policy.utf8.count))
            let countsBytes = trial % 2 == 1
            // Byte capacities from none to a few objects, so that some
            // objects are larger than the whole cache.
            let maxSize = countsBytes ? Int.random(in: 1...60, using: &random) : 4
            let capacity: Capacity =
                countsBytes
                ? .bytes(Int.random(in: 0...(4 * maxSize), using: &random))
                : .entries(Int.random(in: 0...40, using: &random))
            let keys = UInt64.random(in: 1...120, using: &random)
            var options = choices
            if descriptor.needsTime { options["ttl"] = .number(2e-8 * Double(trial + 1)) }
            let configuration = CacheConfiguration(capacity: capacity, options: options, seed: trial)
            let fused = try descriptor.make(configuration)
            let stepwise = try descriptor.make(configuration)
            let requests = Self.traffic(count: 3_000, keys: keys, maxSize: maxSize, tick: 3, using: &random)
            var start = 0
            var stepwiseHits = 0
            var tally = ReplayTally()
            while start < requests.count {
                let chunk = requests[start..<min(requests.count, start + Int.random(in: 1...300, using: &random))]
                replay(fused, chunk, tally: &tally)
                for request in chunk where serve(stepwise, request) { stepwiseHits += 1 }
                let now = chunk.last!.time
                let context = "\(policy) \(choices) trial \(trial) \(capacity) after request \(chunk.endIndex)"
                try #require(tally.hits == stepwiseHits, "\(context): hits \(tally.hits) vs \(stepwiseHits)")
                if let difference = Self.difference(fused, stepwise, keys: keys, now: now) {
                    Issue.record("\(context): \(difference)")
                    return
                }
                // Between chunks: removals, and sets of resident and absent
                // keys with new sizes, the same on both.
                for _ in 0..<Int.random(in: 0...6, using: &random) {
                    let key = UInt64.random(in: 0..<keys, using: &random)
                    if Bool.random(using: &random) {
                        #expect(fused.discard(key) == stepwise.discard(key), "\(context): discard(\(key))")
                    } else {
                        let size = Int.random(in: 0...maxSize, using: &random)
                        admit(fused, key, size: size, now: now)
                        admit(stepwise, key, size: size, now: now)
                    }
                }
                if let difference = Self.difference(fused, stepwise, keys: keys, now: now) {
                    Issue.record("\(context), after removals and sets: \(difference)")
                    return
                }
                start = chunk.endIndex
            }
        }
    }

    /// The chunk through the policy's fused loop, with next accesses for
    /// the offline optimum.
    func replay(_ cache: any ReplayableCache, _ chunk: ArraySlice<Request>, tally: inout ReplayTally) {
        let keys = chunk.map(\.key)
        let sizes = chunk.map { UInt32($0.size) }
        let times = chunk.map(\.time)
        let next = chunk.map(\.next)
        keys.withUnsafeBufferPointer { keys in
            sizes.withUnsafeBufferPointer { sizes in
                times.withUnsafeBufferPointer { times in
                    if let oracle = cache as? any FutureAwareCache {
                        next.withUnsafeBufferPointer {
                            oracle.replay(keys: keys, sizes: sizes, times: times, nextAccess: $0, tally: &tally)
                        }
                    } else {
                        cache.replay(keys: keys, sizes: sizes, times: times, tally: &tally)
                    }
                }
            }
        }
    }

    /// One request through the public API: `get`, and on a miss `set`.
    func serve(_ cache: any ReplayableCache, _ request: Request) -> Bool {
        if let oracle = cache as? any FutureAwareCache {
            if oracle.lookup(request.key, now: request.time, nextAccess: request.next) { return true }
            oracle.admit(request.key, size: request.size, now: request.time, nextAccess: request.next)
            return false
        }
        if cache.lookup(request.key, now: request.time) { return true }
        cache.admit(request.key, size: request.size, now: request.time)
        return false
    }

    func admit(_ cache: any ReplayableCache, _ key: UInt64, size: Int, now: Int64) {
        cache.admit(key, size: size, now: now)
    }
}
