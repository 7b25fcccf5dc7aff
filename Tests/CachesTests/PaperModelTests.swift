import Caches
import TestSupport
import Testing

/// ARC and S3-FIFO against models written from their papers
/// (Tests/TestSupport/PaperModels.swift), not from our sources: request by
/// request, on traffic with updates and removals, and through the fused
/// `replay`. The rules and extensions passed here are the exact list of
/// ways our policies depart from the papers, or fill in what the papers
/// leave out; the last tests show each one is needed.
@Suite("Paper models")
struct PaperModelTests {
    /// Entry capacities from none to some dozens.
    static let capacities = [0, 1, 2, 3, 4, 7, 10, 13, 50]

    /// Our ARC departs from Figure 4 in nothing; beyond the paper it does
    /// what ``ARCPaperModel/Extensions/standard`` says.
    static let arcExtensions = ARCPaperModel.Extensions(
        updateIsRequest: true, removeForgetsGhost: true, upkeepOnlyWhenFull: true, caseAAsksB1: true,
        replaceOnlyWhenFull: true)

    /// Our S3-FIFO against Algorithm 1, with its options: its departures
    /// are named here and nowhere else.
    static func s3fifoRules(small: Double = 0.1, ghost: Double = 0.9, threshold: Int = 2) -> S3FIFOPaperModel.Rules {
        S3FIFOPaperModel.Rules(
            small: small, ghost: ghost, promotionThreshold: threshold, roundSmallShareDown: true,
            resetCounterOnPromotion: true, evictMainImmediately: false, fillMainBeforeFirstEviction: true,
            ghostLookupBeforeEviction: true)
    }

    /// What our S3-FIFO does beyond Algorithm 1.
    static let s3fifoExtensions = S3FIFOPaperModel.Extensions(updateIsHit: true, removeForgetsGhost: true)

    /// S3-FIFO option sets: the defaults, then others worth a case (no
    /// ghosts, no small FIFO, all small FIFO, the highest threshold).
    static let s3fifoOptions: [(small: Double, ghost: Double, threshold: Int)] = [
        (0.1, 0.9, 2), (0.5, 0, 1), (0.25, 2, 3), (0, 0.5, 2), (1, 1, 2),
    ]

    /// One policy at one capacity, with its paper model.
    struct Case: CustomStringConvertible {
        var policy: String
        var capacity: Int
        var options: [String: PolicyOptionValue] = [:]
        var arc = PaperModelTests.arcExtensions
        var s3fifo = PaperModelTests.s3fifoRules()
        var s3fifoExtensions = PaperModelTests.s3fifoExtensions

        var description: String { "\(policy) \(options) capacity \(capacity)" }

        func cache() throws -> any ReplayableCache {
            let descriptor = try #require(PolicyRegistry.named(policy))
            return try descriptor.make(CacheConfiguration(capacity: .entries(capacity), options: options))
        }

        func model() -> any PaperModel {
            policy == "arc"
                ? ARCPaperModel(entries: capacity, extensions: arc)
                : S3FIFOPaperModel(entries: capacity, rules: s3fifo, extensions: s3fifoExtensions)
        }
    }

    /// Every policy × capacity × option set the tests run.
    static let cases: [Case] =
        capacities.map { Case(policy: "arc", capacity: $0) }
        + capacities.flatMap { capacity in
            s3fifoOptions.map { small, ghost, threshold in
                Case(
                    policy: "s3fifo", capacity: capacity,
                    options: [
                        "small": .number(small), "ghost": .number(ghost), "threshold": .number(Double(threshold)),
                    ],
                    s3fifo: s3fifoRules(small: small, ghost: ghost, threshold: threshold))
            }
        }

    static let seeds = UInt64(0)..<12

    /// Keys the traffic at `capacity` names.
    static func keys(_ capacity: Int) -> UInt64 { UInt64(5 * capacity + 6) }

    /// The paper's traffic for case `index`: 400 requests, each a `get` and
    /// on a miss a `set`, half to a hot set about half the cache, half to a
    /// cold range four times it, so that hits, ghost hits and scans all
    /// occur.
    static func requests(_ index: Int, seed: UInt64, count: Int = 400) -> [CacheOperation] {
        var random = SplitMix64(seed: seed &* 0x9E37 &+ UInt64(index))
        let hot = UInt64(cases[index].capacity / 2 + 1)
        let cold = keys(cases[index].capacity) - hot
        return (0..<count).map { _ in
            Bool.random(using: &random)
                ? .get(UInt64.random(in: 0..<hot, using: &random))
                : .get(hot + UInt64.random(in: 0..<cold, using: &random))
        }
    }

    /// Look-aside traffic for case `index`: gets, updates and removals.
    static func lookAside(_ index: Int, seed: UInt64) -> [CacheOperation] {
        var random = SplitMix64(seed: seed &* 7919 &+ UInt64(index))
        return ModelChecker.operations(count: 400, keys: keys(cases[index].capacity), sizes: 1...1, using: &random)
    }

    /// The first key resident in one and not the other, or `nil`.
    static func residentDifference(_ cache: any ReplayableCache, _ model: some PaperModel, keys: UInt64) -> String? {
        for key in 0..<keys where cache.holds(key, now: 0) != model.holds(key) {
            return "key \(key) resident \(cache.holds(key, now: 0)), model \(model.holds(key))"
        }
        return nil
    }

    /// Runs `operations` through a fresh cache and model; the first
    /// disagreement in hits, removals, counts or bytes, or else in the
    /// residents at the end.
    static func mismatch(_ test: Case, _ operations: [CacheOperation]) throws -> String? {
        let cache = try test.cache()
        var model = test.model()
        if let mismatch = ModelChecker.compare(cache, &model, operations: operations) { return mismatch.description }
        return residentDifference(cache, model, keys: keys(test.capacity))
    }

    @Test("request by request, as the paper serves them", arguments: cases.indices)
    func requestsMatch(index: Int) throws {
        let test = Self.cases[index]
        for seed in Self.seeds {
            if let mismatch = try Self.mismatch(test, Self.requests(index, seed: seed)) {
                Issue.record("\(test) seed \(seed): \(mismatch)")
                return
            }
        }
    }

    @Test("with updates and removals between requests", arguments: cases.indices)
    func lookAsideMatches(index: Int) throws {
        let test = Self.cases[index]
        for seed in Self.seeds {
            if let mismatch = try Self.mismatch(test, Self.lookAside(index, seed: seed)) {
                Issue.record("\(test) seed \(seed): \(mismatch)")
                return
            }
        }
    }

    @Test("the fused replay against the model's get, then set on a miss", arguments: cases.indices)
    func replayMatches(index: Int) throws {
        let test = Self.cases[index]
        for seed in Self.seeds.prefix(4) {
            var random = SplitMix64(seed: seed)
            let cache = try test.cache()
            var model = test.model()
            let keys = Self.requests(index, seed: seed, count: 2_000).map { operation in
                guard case .get(let key) = operation else { preconditionFailure("requests are gets") }
                return key
            }
            var tally = ReplayTally()
            var modelHits = 0
            var start = 0
            while start < keys.count {
                let chunk = Array(keys[start..<min(keys.count, start + Int.random(in: 1...200, using: &random))])
                let sizes = [UInt32](repeating: 1, count: chunk.count)
                let times = [Int64](repeating: 0, count: chunk.count)
                chunk.withUnsafeBufferPointer { keys in
                    sizes.withUnsafeBufferPointer { sizes in
                        times.withUnsafeBufferPointer {
                            cache.replay(keys: keys, sizes: sizes, times: $0, tally: &tally)
                        }
                    }
                }
                for key in chunk {
                    if model.get(key, now: 0) { modelHits += 1 } else { _ = model.set(key, size: 1, now: 0) }
                }
                start += chunk.count
                let context = "\(test) seed \(seed) after request \(start)"
                try #require(tally.hits == modelHits, "\(context): hits \(tally.hits), model \(modelHits)")
                try #require(cache.count == model.count, "\(context): count \(cache.count), model \(model.count)")
                if let difference = Self.residentDifference(cache, model, keys: Self.keys(test.capacity)) {
                    Issue.record("\(context): \(difference)")
                    return
                }
            }
        }
    }
}

extension PaperModelTests {
    /// The request traffic of ``requestsMatch(index:)`` through the models
    /// of `policy` alone: each model after its run.
    static func models(_ policy: String) -> [any PaperModel] {
        cases.indices.filter { cases[$0].policy == policy }.flatMap { index in
            seeds.map { seed in
                var model = cases[index].model()
                for case .get(let key) in requests(index, seed: seed) {
                    if !model.get(key, now: 0) { _ = model.set(key, size: 1, now: 0) }
                }
                return model
            }
        }
    }

    @Test("the request traffic reaches every branch of Figure 4")
    func arcCoverage() {
        let runs = Self.models("arc").compactMap { ($0 as? ARCPaperModel)?.coverage }
        let branches: [(String, KeyPath<ARCPaperModel.Coverage, Int>)] = [
            ("Case I", \.hits), ("Case II", \.b1Hits), ("Case III", \.b2Hits),
            ("Case IV A, |T1| < c", \.fullL1Replaces), ("Case IV A, |T1| = c", \.fullL1Deletes),
            ("Case IV B at 2c", \.fullDirectoryDeletes), ("REPLACE's tie |T1| = p", \.ties),
            ("a fractional p", \.fractionalTargets),
        ]
        for (branch, count) in branches {
            #expect(runs.contains { $0[keyPath: count] > 0 }, "no run reached \(branch)")
        }
    }

    @Test("the request traffic reaches every branch of Algorithm 1 our S3-FIFO takes")
    func s3fifoCoverage() {
        let runs = Self.models("s3fifo").compactMap { ($0 as? S3FIFOPaperModel)?.coverage }
        let branches: [(String, KeyPath<S3FIFOPaperModel.Coverage, Int>)] = [
            ("a hit at the cap of 3", \.cappedHits), ("a ghost hit", \.ghostHits),
            ("a new key into M before the first eviction", \.earlyMainInserts), ("a promotion", \.promotions),
            ("S's tail to G", \.ghosted), ("G's oldest pushed out", \.ghostsDropped),
            ("M's tail put back", \.reinsertions), ("M's tail evicted", \.mainEvictions),
        ]
        for (branch, count) in branches {
            #expect(runs.contains { $0[keyPath: count] > 0 }, "no run reached \(branch)")
        }
        // Lines 25–26 are a departure (evictMainImmediately): never run.
        #expect(runs.allSatisfy { $0.promotionEvictions == 0 })
    }

    /// Whether some case of `policy`, changed by `change`, disagrees with
    /// the cache on some of `traffic` (request or look-aside).
    static func someMismatch(
        _ policy: String, traffic: (Int, UInt64) -> [CacheOperation], seeds: Range<UInt64> = seeds,
        _ change: (inout Case) -> Void
    ) throws -> Bool {
        for index in cases.indices where cases[index].policy == policy {
            var test = cases[index]
            change(&test)
            for seed in seeds where try mismatch(test, traffic(index, seed)) != nil { return true }
        }
        return false
    }

    /// Our S3-FIFO's departures from Algorithm 1, each as the change that
    /// sets it back to the paper's value.
    static let s3fifoDepartures: [String: @Sendable (inout S3FIFOPaperModel.Rules) -> Void] = [
        "roundSmallShareDown": { $0.roundSmallShareDown = false },
        "resetCounterOnPromotion": { $0.resetCounterOnPromotion = false },
        "evictMainImmediately": { $0.evictMainImmediately = true },
        "fillMainBeforeFirstEviction": { $0.fillMainBeforeFirstEviction = false },
        "ghostLookupBeforeEviction": { $0.ghostLookupBeforeEviction = false },
    ]

    @Test(
        "each S3-FIFO departure, set back to the paper's value, disagrees with the cache on requests",
        arguments: s3fifoDepartures.keys.sorted())
    func s3fifoDepartureMatters(name: String) throws {
        let paper = try #require(Self.s3fifoDepartures[name])
        #expect(
            try Self.someMismatch("s3fifo", traffic: { Self.requests($0, seed: $1) }) { paper(&$0.s3fifo) },
            "\(name) at the paper's value still matches the cache on every request sequence")
    }

    /// What our policies do beyond the papers, each as the change that
    /// does otherwise.
    static let extensionChanges: [String: @Sendable (inout Case) -> Void] = [
        "arc updateIsRequest": { $0.arc.updateIsRequest = false },
        "arc removeForgetsGhost": { $0.arc.removeForgetsGhost = false },
        "arc upkeepOnlyWhenFull": { $0.arc.upkeepOnlyWhenFull = false },
        "arc caseAAsksB1": { $0.arc.caseAAsksB1 = false },
        "arc replaceOnlyWhenFull": { $0.arc.replaceOnlyWhenFull = false },
        "s3fifo updateIsHit": { $0.s3fifoExtensions.updateIsHit = false },
        "s3fifo removeForgetsGhost": { $0.s3fifoExtensions.removeForgetsGhost = false },
    ]

    @Test(
        "each extension, changed, disagrees with the cache on updates and removals",
        arguments: extensionChanges.keys.sorted())
    func extensionMatters(name: String) throws {
        let change = try #require(Self.extensionChanges[name])
        let policy = String(name.prefix { $0 != " " })
        #expect(
            try Self.someMismatch(policy, traffic: Self.lookAside, seeds: 0..<40, change),
            "\(name) changed still matches the cache on every look-aside sequence")
    }
}
