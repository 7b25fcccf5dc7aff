import Caches
import Foundation
import Harness
import TestSupport
import Testing
import Workload

/// Runs honouring the stream's lifetimes, through the whole harness, against
/// a naive model fed the same records; misses by cause; and the plateau
/// Little's law predicts.
@Suite struct LifetimeRunTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    /// Written for this test (a seeded script, kept with the commit that
    /// added it): 4,000 Twitter-format records over 300 keys, reads, writes
    /// and deletes, each key with a TTL of 0 (none) or 5–120 s, spread over
    /// about 30 minutes so that most TTLs run out within it.
    static let fixture = root.appendingPathComponent("Fixtures/twitter-ttl.csv").path
    /// The sample the project reads already (no TTLs at all).
    static let sample = root.deletingLastPathComponent().appendingPathComponent("FuzzCorpus/twitter/ops.csv").path

    /// What the naive model makes of a Twitter trace, read here on its own
    /// (commas split by hand), for a cache of `capacity` entries.
    struct NaiveRun {
        var hits = 0
        var requests = 0
        var model: ExpiringModel
    }

    static func naive(_ path: String, policy: String, capacity: Capacity, ttl: Int64?) throws -> NaiveRun {
        let base: any ReferenceModel =
            policy == "ttl"
            ? QueueModel(capacity == .unbounded ? .unbounded : .lru, capacity: capacity)
            : try #require(referenceModel(for: policy, capacity: capacity))
        var run = NaiveRun(model: ExpiringModel(base, fixedLifetime: ttl))
        var keys: [String: UInt64] = [:]
        var written: [String: Int64] = [:]
        var first: Int64?
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            let field = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let time = Int64(field[0])!
            first = first ?? time
            let now = (time - first!) * 1_000_000_000
            let key = keys[field[1]] ?? UInt64(keys.count)
            keys[field[1]] = key
            let size = max(1, Int(field[2])! + Int(field[3])!)
            let ttl = Int64(field[6])! * 1_000_000_000
            switch field[5] {
            case "get", "gets", "incr", "decr":
                run.requests += 1
                let lifetime = ttl > 0 ? ttl : written[field[1]] ?? 0
                if run.model.request(key, size: size, now: now, lifetime: lifetime) { run.hits += 1 }
            case "delete":
                run.model.remove(key)
            default:
                written[field[1]] = ttl > 0 ? ttl : nil
                run.model.set(key, size: size, now: now, lifetime: ttl)
            }
        }
        return run
    }

    static let cases: [(policy: String, capacity: Capacity, ttl: Double?)] = [
        ("lru", .entries(40), nil), ("s3fifo", .entries(40), nil), ("ttl", .entries(40), 30),
        ("ttl", .unbounded, 1e6), ("lru", .entries(400), nil), ("unbounded", .unbounded, nil),
    ]

    @Test(arguments: [fixture, sample])
    func expiriesAndCausesEqualTheNaiveModels(path: String) throws {
        let caches = Self.cases.enumerated().map { index, entry in
            var options: [String: PolicyOptionValue] = ["expiry": "stream"]
            if let ttl = entry.ttl { options["ttl"] = .number(ttl) }
            return CacheSpec(
                policy: entry.policy, capacities: entry.capacity == .unbounded ? [] : [entry.capacity],
                options: options, jsonPath: "caches[\(index)]")
        }
        let spec = WorkloadSpec(
            name: "t", seed: 1, requests: nil, keys: .trace(TraceSource(path: path, format: .twitter)), caches: caches)
        let plan = try RunPlan(spec: spec)
        for (chunkSize, timedEvery) in [(1024, 1_000_000), (7, 5), (1, 3)] {
            var options = HarnessOptions()
            options.chunkSize = chunkSize
            options.latencySampleEvery = timedEvery
            let results = try RunExecutor.execute(
                plan: plan, indices: Array(plan.runs.indices), options: options, timerCost: 0)
            for (result, entry) in zip(results, Self.cases) {
                let naive = try Self.naive(
                    path, policy: entry.policy, capacity: entry.capacity,
                    ttl: entry.ttl.map { Int64(($0 * 1e9).rounded()) })
                let context = "\(result.label), chunks of \(chunkSize), every \(timedEvery)th timed"
                #expect(result.requests == naive.requests, "\(context)")
                #expect(result.hits == naive.hits, "\(context)")
                #expect(result.expirations == naive.model.expirations, "\(context)")
                #expect(result.missCauses == naive.model.causes, "\(context)")
                #expect(result.memory.finalEntries == naive.model.count, "\(context)")
                if path == Self.fixture {
                    #expect(naive.model.expirations > 100, "\(context): the fixture expires keys")
                }
            }
        }
    }

    /// Every policy on generated streams: the causes sum to the misses, the
    /// compulsory misses are the distinct keys (counted here with a set),
    /// and without lifetimes nothing is expired.
    @Test(arguments: ["zipf", "unique-repeats", "loop"])
    func causesSumToTheMissesAndCompulsoryAreTheDistinctKeys(source: String) throws {
        let keys: KeySource =
            switch source {
            case "zipf": .zipf(alpha: 0.8, universe: 3000)
            case "unique-repeats": .unique(repeats: 3, window: 30)
            default: .loop(keys: 500)
            }
        let policies = PolicyRegistry.builtIn.filter { $0.name != "noop" }
        for lifetimes in [nil, Lifetimes(.exponential(meanSeconds: 2), neverShare: 0.1, perKey: false)] {
            var spec = WorkloadSpec(
                name: "t", seed: 3, requests: 20_000, keys: keys, arrivals: .poisson(ratePerSecond: 1000),
                caches: policies.enumerated().map { index, descriptor in
                    var options: [String: PolicyOptionValue] = [:]
                    if lifetimes != nil, !descriptor.needsFuture { options["expiry"] = "stream" }
                    return CacheSpec(
                        policy: descriptor.name, capacities: descriptor.name == "unbounded" ? [] : [.entries(300)],
                        options: options, jsonPath: "caches[\(index)]")
                })
            spec.lifetimes = lifetimes
            var stream = try WorkloadStream(spec)
            var chunk = RequestChunk(capacity: 20_000)
            _ = try stream.next(into: &chunk, limit: 20_000)
            let distinct = Set(chunk.keys).count
            let plan = try RunPlan(spec: spec)
            var options = HarnessOptions()
            options.chunkSize = 4096
            let results = try RunExecutor.execute(
                plan: plan, indices: Array(plan.runs.indices), options: options, timerCost: 0)
            for result in results {
                let causes = try #require(result.missCauses)
                let context = "\(result.label) on \(source), lifetimes \(lifetimes != nil)"
                #expect(causes.total == result.misses, "\(context)")
                #expect(causes.compulsory == distinct, "\(context)")
                #expect(causes.removed == 0, "\(context): nothing deletes")
                if lifetimes == nil && result.policy != "ttl" {
                    #expect(causes.expired == 0 && result.expirations == nil, "\(context)")
                }
                if lifetimes != nil && result.policy != "belady" && source != "unique-repeats" {
                    #expect(causes.expired > 0, "\(context): keys come back after their lifetime")
                }
            }
        }
    }

    /// Unique IDs at λ = 1000/s living 5 s on average (exponential): an LRU
    /// of 20,000 entries honouring them holds λ·E[T] = 5,000 (Little's law),
    /// well below its capacity.
    @Test func expiringUniqueIDsPlateauAtLittlesLaw() throws {
        var spec = WorkloadSpec(
            name: "t", seed: 11, requests: 300_000, keys: .unique(repeats: 1, window: 1),
            arrivals: .poisson(ratePerSecond: 1000),
            caches: [
                CacheSpec(
                    policy: "lru", capacities: [.entries(20_000)], options: ["expiry": "stream"],
                    jsonPath: "caches[0]")
            ])
        spec.lifetimes = Lifetimes(.exponential(meanSeconds: 5), perKey: false)
        let result = try Experiment.run(plan: RunPlan(spec: spec), jobs: 1, executable: nil).runs[0]
        let series = result.memory.series.filter { $0.request >= 150_000 }
        let total: Int = series.map(\.entries).reduce(0, +)
        let level = Double(total) / Double(series.count)
        #expect(abs(level - 5000) / 5000 < 0.05, "the second half holds \(level) entries on average")
        #expect(series.allSatisfy { $0.entries < 20_000 }, "never up to the capacity")
        let prediction = try #require(result.ttlPrediction, "Little's law is stated beside the run")
        #expect(abs(prediction.entries - 5000) < 1e-6 * 5000)
        #expect(result.evictions == 0 && result.missCauses?.compulsory == 300_000)
        let expirations = try #require(result.expirations)
        #expect(expirations > 280_000, "every ID leaves by expiring: \(expirations)")
    }
}
