import Caches

/// Everything one `cachesim run` measured: written as `result.json`
/// (documented field by field in Results/README.md) and read back by
/// `cachesim report` and `cachesim compare`.
public struct ExperimentResult: Codable, Sendable, Equatable {
    /// The version of this format; readers refuse other versions.
    public static let currentFormatVersion = 1

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

/// A capacity as recorded in results.
public struct CapacityValue: Codable, Sendable, Hashable {
    /// "entries" or "bytes".
    public var unit: String
    public var value: Int
}

/// One policy at one capacity on one seed.
public struct RunResult: Codable, Sendable, Equatable {
    public var policy: String
    /// `lru(4096)`, `unbounded`, `ttl(60s)`: how tables and charts name the run.
    public var label: String
    /// `nil` for unbounded caches.
    public var capacity: CapacityValue?
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
    /// With a spec's `"tier"`: the nodes' loads and, after a node failure,
    /// the hit ratio over time. Absent otherwise.
    public var tier: TierReport? = nil
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

    public init(request: Int, entries: Int, objectBytes: Int, storageBytes: Int, allocatorBytes: Int, rssBytes: Int) {
        self.request = request
        self.entries = entries
        self.objectBytes = objectBytes
        self.storageBytes = storageBytes
        self.allocatorBytes = allocatorBytes
        self.rssBytes = rssBytes
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

/// Whether memory keeps growing, from a linear fit over the second half of
/// the series (allocator bytes against requests).
public struct MemoryVerdict: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case grows, plateau
    }
    public var kind: Kind
    /// The series the fit was made on (`allocatorBytes`).
    public var measure: String
    /// Fitted growth in bytes per request, with its 95 % interval.
    public var bytesPerRequest: Double
    public var bytesPerRequestLow: Double
    public var bytesPerRequestHigh: Double
    /// grows: the fitted size after 10× the requests of this run.
    public var projectedBytes: Double?
    public var projectedAtRequest: Int?
    /// plateau: the level held over the second half, and the first request
    /// from which the series stayed within 2 % of it.
    public var plateauBytes: Double?
    public var plateauEntries: Double?
    public var plateauReachedAtRequest: Int?
    /// One sentence for tables and reports.
    public var summary: String
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
    public var capacity: CapacityValue?
    public var repetitions: Int
    public var hitRatio: Double
    /// Half-width of the 95 % Student-t interval of the mean (0 for one run).
    public var hitRatioHalfWidth: Double
    public var byteHitRatio: Double
    public var requestsPerSecond: Double
    public var requestsPerSecondHalfWidth: Double
    public var cheHitRatio: Double?
}
