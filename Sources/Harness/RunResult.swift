import Caches
import Products
import Stats
import Workload

/// Everything one `cachesim run` measured: written as `result.json`
/// (documented field by field in Results/README.md) and read back by
/// `cachesim report` and `cachesim compare`.
public struct ExperimentResult: Codable, Sendable, Equatable {
    /// The version of this format. Version 2 added growth models and
    /// forecasts to the verdict (and the kind `saturating`), virtual time
    /// and cumulative hits to the memory series, warm-up and Little's law
    /// for TTL; every field it added is optional, so a version 1 file reads
    /// as one that lacks them.
    public static let currentFormatVersion = 2
    /// The versions a reader accepts; others are refused naming the file.
    public static let readableFormatVersions = 1...2

    public var formatVersion: Int
    /// When the run finished, ISO 8601 UTC.
    public var createdAt: String
    public var workload: WorkloadSummary
    /// Median cost of one empty timed interval, subtracted from latency samples.
    public var timerCostNanoseconds: Int64
    /// How runs were executed and measured (one cache at a time per process).
    public var measurement: MeasurementInfo
    public var runs: [RunResult]
    /// One row per policy and capacity, over the repetitions (seeds).
    public var summaries: [RunSummary]
    /// Each policy's hit-ratio curve over a range of sizes, when the spec
    /// asked for them (`"curves": {…}`); from the first repetition's stream.
    public var curves: CurveSet? = nil

    public init(
        createdAt: String, workload: WorkloadSummary, timerCostNanoseconds: Int64,
        measurement: MeasurementInfo, runs: [RunResult], summaries: [RunSummary]
    ) {
        self.formatVersion = Self.currentFormatVersion
        self.createdAt = createdAt
        self.workload = workload
        self.timerCostNanoseconds = timerCostNanoseconds
        self.measurement = measurement
        self.runs = runs
        self.summaries = summaries
    }
}

/// The workload a result came from.
public struct WorkloadSummary: Codable, Sendable, Equatable {
    public var name: String
    public var specPath: String
    /// The spec file's JSON, as it was when the run started.
    public var spec: JSONValue
    public var seed: UInt64
    public var repetitions: Int
    /// The most distinct keys the stream can produce (its key universe, or
    /// its requests if fewer); absent when unbounded or unknown (unique IDs,
    /// a trace), and in results written before format 2.
    public var distinctKeyLimit: Int? = nil
}

/// How the figures were taken.
public struct MeasurementInfo: Codable, Sendable, Equatable {
    /// Worker processes used.
    public var jobs: Int
    /// One request in this many is timed individually.
    public var latencySampleEvery: Int
    /// Requests between memory samples at the end of the run.
    public var memorySampleEvery: Int
    /// How allocator and RSS figures are attributed to one cache.
    public var attribution: String
}

/// One policy at one capacity on one seed.
public struct RunResult: Codable, Sendable, Equatable {
    public var policy: String
    /// `lru(4096)`, `unbounded`, `ttl(60s)`: how tables and charts name the run.
    public var label: String
    /// `nil` for unbounded caches.
    public var capacity: Capacity?
    public var options: [String: PolicyOptionValue]
    public var seed: UInt64
    public var repetition: Int

    public var requests: Int
    public var hits: Int
    public var misses: Int
    public var hitRatio: Double
    public var bytesRequested: Int
    public var bytesHit: Int
    public var byteHitRatio: Double
    public var evictions: Int
    /// Distinct keys seen by this run's stream (from the unbounded map's
    /// count when the spec has one, else `nil`).
    public var memory: MemoryReport
    public var latency: LatencyReport
    public var throughput: Throughput
    public var serviceLatency: ServiceLatency?
    /// Che's approximation of the LRU hit ratio, for LRU runs on Zipf keys.
    public var cheHitRatio: Double?
    /// LRU's whole hit-ratio curve on this run's stream, from one pass of
    /// stack distances (``MissRatioCurve``), for LRU runs with an entry
    /// capacity: log-spaced capacities plus the spec's LRU capacities.
    /// Absent in results written before it existed.
    public var lruCurve: [MissRatioPoint]? = nil
    /// For a real product (Redis, memcached, NSCache): its own figures,
    /// counters checked against the client's, and simulated policies on
    /// the same stream at its effective entry capacity.
    public var product: ProductReport? = nil
    /// When the cache became warm, from the hit ratio of each window
    /// between memory samples (``WarmState``); absent with too few
    /// windows, and in results written before format 2.
    public var warm: WarmState? = nil
    /// Requests left out of the counted figures as warm-up (the spec's
    /// `warmup`): `requests`, `hits`, `misses`, the byte figures and
    /// `evictions` count only what came after them. Absent without warm-up.
    public var warmupRequests: Int? = nil
    /// Little's law beside the measured plateau, for a TTL cache without a
    /// capacity on a workload whose key popularity is known.
    public var ttlPrediction: TTLPrediction? = nil
    /// With a spec's `"tier"`: the nodes' loads and, after a node failure,
    /// the hit ratio over time. Absent otherwise.
    public var tier: TierReport? = nil
    /// Why the counted misses missed; they sum to `misses`. Absent in
    /// results written before it existed.
    public var missCauses: MissCauses? = nil
    /// Entries that left because they expired (counted after the warm-up,
    /// like `evictions`, which they are not part of). Absent for caches
    /// whose entries cannot expire.
    public var expirations: Int? = nil
}

/// Why each miss missed, counted exactly, request by request:
///
/// - `compulsory`: the first request for a key the stream had never
///   carried (neither requested nor written): every cache misses it, so it
///   is the stream's distinct keys when nothing is written first;
/// - `expired`: the key's entry had expired (its lifetime was over) and
///   nothing set it since;
/// - `capacity`: the key's entry had been evicted, or never admitted;
/// - `removed`: a trace's delete had removed the entry (0 unless the
///   trace has deletes; the offline optimum, whose replay carries the
///   future instead, counts these as capacity misses).
///
/// The four sum to the misses. `expired` is what longer lifetimes could
/// win back; `capacity` what more room (or a better policy) could.
public struct MissCauses: Codable, Sendable, Equatable {
    public var compulsory: Int
    public var expired: Int
    public var capacity: Int
    public var removed: Int

    public init(compulsory: Int = 0, expired: Int = 0, capacity: Int = 0, removed: Int = 0) {
        self.compulsory = compulsory
        self.expired = expired
        self.capacity = capacity
        self.removed = removed
    }

    /// Every miss, whatever its cause.
    public var total: Int { compulsory + expired + capacity + removed }

    /// The counts from `start` to `self`, for figures counted after a warm-up.
    func since(_ start: MissCauses) -> MissCauses {
        MissCauses(
            compulsory: compulsory - start.compulsory, expired: expired - start.expired,
            capacity: capacity - start.capacity, removed: removed - start.removed)
    }
}

/// When a cache's hit ratio reached its steady state.
///
/// The windows are the stretches between memory samples; the steady
/// level is the hit ratio over the second half of the run's requests,
/// and the tolerance max(1 percentage point, 3 × the standard deviation
/// of the second half's window ratios). The cache is warm from the start
/// of the first window after which no window's ratio falls more than the
/// tolerance below the steady level.
public struct WarmState: Codable, Sendable, Equatable {
    /// Requests replayed when the cache became warm.
    public var request: Int
    /// The same in seconds of virtual time (absent without request times).
    public var seconds: Double?
    /// The steady hit ratio (second half).
    public var steadyHitRatio: Double
    /// The tolerance used, as a ratio (0.01 = one percentage point).
    public var tolerance: Double

    public init(request: Int, seconds: Double?, steadyHitRatio: Double, tolerance: Double) {
        self.request = request
        self.seconds = seconds
        self.steadyHitRatio = steadyHitRatio
        self.tolerance = tolerance
    }
}

/// What Little's law predicts for a TTL cache without a capacity, printed
/// beside the measured plateau as Che's approximation is beside LRU.
///
/// Entries = rate at which keys are inserted × lifetime. A key is inserted
/// by the first request after it expired, and lives exactly the lifetime
/// T (hits do not extend it); under independent Poisson requests of rate
/// λᵢ for key i, an insertion cycle lasts T + 1/λᵢ on average, so keys
/// are inserted at Σᵢ 1/(T + 1/λᵢ) per second and the cache holds
/// Σᵢ λᵢT/(1 + λᵢT) entries; its hit ratio is 1 − (that rate)/λ.
public struct TTLPrediction: Codable, Sendable, Equatable {
    /// Keys inserted per second of virtual time.
    public var insertionsPerSecond: Double
    /// The lifetime T, in seconds.
    public var lifetimeSeconds: Double
    /// Predicted resident entries: insertions per second × T.
    public var entries: Double
    /// Predicted bytes: the entries × the bytes per entry measured at the
    /// plateau (absent when the run held no entries).
    public var bytes: Double?
    /// Predicted hit ratio in the steady state.
    public var hitRatio: Double
}

/// One point of the memory series.
public struct MemorySample: Codable, Sendable, Equatable {
    /// Requests replayed when the sample was taken.
    public var request: Int
    /// Resident entries.
    public var entries: Int
    /// Sum of resident object sizes.
    public var objectBytes: Int
    /// The cache's own accounting of its storage.
    public var storageBytes: Int
    /// Allocator bytes (mallinfo2 uordblks + hblkhd) attributed to this cache.
    public var allocatorBytes: Int
    /// Process RSS growth attributed to this cache.
    public var rssBytes: Int
    /// Virtual time of the latest request replayed, in seconds; absent when
    /// the workload has no request times (and before format 2).
    public var seconds: Double?
    /// Hits so far, warm-up included: between two samples, the difference
    /// of `hits` over the difference of `request` is that window's hit
    /// ratio. Absent before format 2.
    public var hits: Int?

    public init(
        request: Int, entries: Int, objectBytes: Int, storageBytes: Int, allocatorBytes: Int, rssBytes: Int,
        seconds: Double? = nil, hits: Int? = nil
    ) {
        self.request = request
        self.entries = entries
        self.objectBytes = objectBytes
        self.storageBytes = storageBytes
        self.allocatorBytes = allocatorBytes
        self.rssBytes = rssBytes
        self.seconds = seconds
        self.hits = hits
    }
}

/// The memory series and what it says.
public struct MemoryReport: Codable, Sendable, Equatable {
    public var series: [MemorySample]
    public var verdict: MemoryVerdict
    public var finalEntries: Int
    public var peakEntries: Int
    public var finalAllocatorBytes: Int
    public var peakAllocatorBytes: Int
    public var finalStorageBytes: Int
    public var peakStorageBytes: Int
    public var finalRSSBytes: Int
    public var peakRSSBytes: Int
}

/// Whether memory keeps growing, how, and where it is heading: the
/// verdict on a memory series (``assess(_:budget:)``; the rules are in
/// Results/README.md). Numbers and enums only: the words are the report's.
public struct MemoryVerdict: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// Still growing, with no ceiling in sight (a linear or power-law fit).
        case grows
        /// The level is held.
        case plateau
        /// Still growing, but levelling off towards a ceiling (format 2).
        case saturating
    }
    public var kind: Kind
    /// The series the bytes figures come from: `allocatorBytes`, or
    /// `entries × allocatorBytes per entry` when the entries rise under
    /// bytes reserved ahead (or approach a ceiling).
    public var measure: String
    /// Growth in bytes per request at the end of the run (the fitted
    /// model's slope there), with its 95 % interval.
    public var bytesPerRequest: Double
    public var bytesPerRequestLow: Double
    public var bytesPerRequestHigh: Double
    /// grows, saturating: the fitted size after 10× the requests of this run.
    public var projectedBytes: Double?
    public var projectedAtRequest: Int?
    /// plateau: the level held over the second half, and the first request
    /// from which the series stayed within 2 % of it.
    public var plateauBytes: Double?
    public var plateauEntries: Double?
    public var plateauReachedAtRequest: Int?
    /// The verdict in one sentence, as results before format 2 carried it;
    /// no longer written (the report words the verdict from its numbers).
    public var summary: String? = nil

    // Format 2.

    /// The growth model chosen for the series (flat for a plateau).
    public var model: GrowthModel? = nil
    /// The requests per second of virtual time the per-second figures
    /// use (the run's requests over its virtual duration); absent without
    /// request times.
    public var requestsPerSecond: Double? = nil
    /// Growth in bytes per second of virtual time, with its 95 % interval:
    /// the per-request figures × `requestsPerSecond`.
    public var bytesPerSecond: Estimate? = nil
    /// saturating: the level the bytes approach, and the entries.
    public var ceilingBytes: Estimate? = nil
    public var ceilingEntries: Estimate? = nil
    /// A power-law fit's exponent β (y = a + b·x^β).
    public var exponent: Estimate? = nil
    /// When the memory budget is reached (absent without a budget).
    public var budget: BudgetForecast? = nil
    /// The forecast ahead of the data: fitted bytes and the 95 % prediction
    /// band, from the last sample to the horizon (grows and saturating only).
    public var forecast: [ForecastPoint]? = nil
    /// Every model fitted to each measure, with the one the rules chose.
    public var fits: [MeasureFit]? = nil

    public init(
        kind: Kind, measure: String, bytesPerRequest: Double, bytesPerRequestLow: Double,
        bytesPerRequestHigh: Double, projectedBytes: Double? = nil, projectedAtRequest: Int? = nil,
        plateauBytes: Double? = nil, plateauEntries: Double? = nil, plateauReachedAtRequest: Int? = nil
    ) {
        self.kind = kind
        self.measure = measure
        self.bytesPerRequest = bytesPerRequest
        self.bytesPerRequestLow = bytesPerRequestLow
        self.bytesPerRequestHigh = bytesPerRequestHigh
        self.projectedBytes = projectedBytes
        self.projectedAtRequest = projectedAtRequest
        self.plateauBytes = plateauBytes
        self.plateauEntries = plateauEntries
        self.plateauReachedAtRequest = plateauReachedAtRequest
    }
}

/// A fitted figure with its 95 % interval.
public struct Estimate: Codable, Sendable, Equatable {
    public var estimate: Double
    public var low: Double
    public var high: Double

    public init(estimate: Double, low: Double, high: Double) {
        self.estimate = estimate
        self.low = low
        self.high = high
    }

    /// `estimate`, `low` and `high` times `factor` (a negative factor swaps the ends).
    public func scaled(by factor: Double) -> Estimate {
        let a = low * factor, b = high * factor
        return Estimate(estimate: estimate * factor, low: min(a, b), high: max(a, b))
    }
}

/// When a series reaches its memory budget, forecast from its fitted model.
public struct BudgetForecast: Codable, Sendable, Equatable {
    /// The budget, in bytes.
    public var budgetBytes: Int
    /// The request at which the fitted bytes reach the budget (or the first
    /// sample at or above it, when the run already passed it); absent when
    /// the forecast does not reach it within 10,000× the run (a plateau or
    /// a ceiling below the budget never does).
    public var atRequest: Double?
    /// Where the upper and the lower edge of the 95 % prediction band
    /// reach it: the earliest and latest plausible requests (latest absent
    /// when the lower edge does not reach it).
    public var earliestRequest: Double?
    public var latestRequest: Double?
    /// The same three in seconds of virtual time (absent without request times).
    public var atSeconds: Double?
    public var earliestSeconds: Double?
    public var latestSeconds: Double?
    /// Whether the run itself already passed the budget (then the figures
    /// are the first such sample's, measured, not forecast).
    public var alreadyReached: Bool
}

/// One point of a forecast: the fitted bytes and their 95 % prediction band.
public struct ForecastPoint: Codable, Sendable, Equatable {
    /// Where: in requests, and in seconds of virtual time when there are times.
    public var atRequest: Double
    public var seconds: Double?
    public var bytes: Double
    public var low: Double
    public var high: Double
    /// When the bytes are forecast from the entries (they rise under room
    /// reserved ahead, or approach a ceiling): the fitted entries and their band.
    public var fittedEntries: Double? = nil
    public var entriesLow: Double? = nil
    public var entriesHigh: Double? = nil
}

/// The growth models fitted to one measure of a memory series (against
/// requests; against seconds for `cachesim forecast`).
public struct MeasureFit: Codable, Sendable, Equatable {
    /// `entries`, `storageBytes` or `allocatorBytes` (`bytes` for a service's series).
    public var measure: String
    /// The model the verdict's rules chose for this measure, with its
    /// parameters (absent when no model could be fitted).
    public var chosen: ModelFit?
    /// How well every model that could be fitted fits, in the order flat,
    /// linear, power, saturating.
    public var candidates: [ModelScore]
}

/// One fitted model: its parameters with 95 % intervals and how well it fits.
public struct ModelFit: Codable, Sendable, Equatable {
    public var model: GrowthModel
    public var parameters: [FittedParameter]
    public var residualSumOfSquares: Double
    /// Akaike's and the Bayesian information criterion (lower is better).
    public var aic: Double
    public var bic: Double
}

/// How well one model fits: Σ residual², AIC and BIC (lower is better).
public struct ModelScore: Codable, Sendable, Equatable {
    public var model: GrowthModel
    public var residualSumOfSquares: Double
    public var aic: Double
    public var bic: Double
}

/// A model parameter (`slope`, `ceiling`, `exponent`, …) with its 95 % interval,
/// in the units of the measure and of requests.
public struct FittedParameter: Codable, Sendable, Equatable {
    public var name: String
    public var estimate: Double
    public var low: Double
    public var high: Double
}

/// Latency percentiles of one operation, in nanoseconds (timer cost removed).
public struct Percentiles: Codable, Sendable, Equatable {
    public var count: Int
    public var p50: Int
    public var p90: Int
    public var p99: Int
    public var p999: Int
    public var max: Int
    public var mean: Double
}

/// Sampled per-operation latency.
public struct LatencyReport: Codable, Sendable, Equatable {
    public var get: Percentiles
    /// `set` after a miss; empty for a cache that never misses.
    public var set: Percentiles
    public var sampleEvery: Int
    public var timerCostNanoseconds: Int64
}

/// Requests per second of the un-timed replay (generation, sampling and
/// timed requests excluded).
public struct Throughput: Codable, Sendable, Equatable {
    public var requestsPerSecond: Double
    public var replayedRequests: Int
    public var replaySeconds: Double
}

/// The request latency a service would see: a hit costs `hitCost`, a miss
/// `missPenalty`; drawn with GSL for this run's hit ratio.
public struct ServiceLatency: Codable, Sendable, Equatable {
    public var meanNanoseconds: Double
    public var p50Nanoseconds: Double
    public var p99Nanoseconds: Double
    public var samples: Int
}

/// A policy at a capacity over all repetitions: means with 95 % intervals.
public struct RunSummary: Codable, Sendable, Equatable {
    public var policy: String
    public var label: String
    public var capacity: Capacity?
    public var repetitions: Int
    public var hitRatio: Double
    /// Half-width of the 95 % Student-t interval of the mean (0 for one run).
    public var hitRatioHalfWidth: Double
    public var byteHitRatio: Double
    public var requestsPerSecond: Double
    public var requestsPerSecondHalfWidth: Double
    public var cheHitRatio: Double?
}
