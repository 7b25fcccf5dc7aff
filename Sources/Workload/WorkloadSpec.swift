import Caches
import Foundation

/// A workload as read from a spec file (Workloads/*.json, documented field
/// by field in Workloads/README.md): where the keys come from, when they
/// arrive, how large the objects are, and which caches to run them through.
public struct WorkloadSpec: Sendable, Equatable {
    /// Names the workload in results (`Results/runs/<name>-<time>/`).
    public var name: String
    /// Seed of every random draw; the same seed gives the same stream.
    public var seed: UInt64
    /// Requests to generate; `nil` only for a trace, meaning the whole file.
    public var requests: Int?
    public var keys: KeySource
    /// Virtual request times; `nil` means every request happens at time 0.
    public var arrivals: Arrivals?
    /// Object sizes; `nil` means every object weighs 1 byte.
    public var sizes: SizeDistribution?
    /// How long objects live once set (`"lifetimes"`); `nil`: the stream
    /// carries none, unless its trace has a TTL column (twitter).
    public var lifetimes: Lifetimes?
    /// The caches to run (read and structurally checked here; policy names
    /// and options are checked against the registry by the harness).
    public var caches: [CacheSpec]
    /// Replays with seeds `seed`, `seed + 1`, …: `"repeat"` in the file.
    public var repetitions: Int
    /// Modeled cost of a miss for the service-latency model, if given.
    public var missPenalty: LatencyModel?
    /// Modeled cost of a hit, if given (0 when only `missPenalty` is).
    public var hitCost: LatencyModel?
    /// Whether to compute, beside the simulated points, the whole hit-ratio
    /// curve of every policy that has a one-pass curve (LRU's stack
    /// distances): asked for, since it costs about one more replay.
    public var curves: Bool
    /// Every policy's curve over a range of sizes (`"curves": {…}`), drawn
    /// in the report beside the simulated points.
    public var policyCurves: CurveSpec?
    /// Whether every cache is simulated as a sharded tier of nodes (`"tier"`).
    public var tier: TierSpec?
    /// The memory budget the verdicts forecast against, in bytes
    /// (`"memoryBudget"`: bytes, or `"4G"`); `cachesim run --memory-budget` overrides it.
    public var memoryBudget: Int?
    /// The first part of the stream that warms the caches and is left out
    /// of the counted figures (hits, misses, byte hits, evictions); `nil`: nothing is.
    public var warmup: Warmup?
    /// The file this spec was read from; trace paths resolve against its folder.
    public var path: String
    /// The spec as written (`.null` for one built in code), read in the same
    /// single parse: results carry it verbatim.
    public var document: JSONValue = .null

    public init(
        name: String, seed: UInt64, requests: Int?, keys: KeySource, arrivals: Arrivals? = nil,
        sizes: SizeDistribution? = nil, caches: [CacheSpec] = [], repetitions: Int = 1,
        missPenalty: LatencyModel? = nil, hitCost: LatencyModel? = nil, curves: Bool = false,
        memoryBudget: Int? = nil, warmup: Warmup? = nil, tier: TierSpec? = nil, path: String = "<memory>"
    ) {
        self.name = name
        self.seed = seed
        self.requests = requests
        self.keys = keys
        self.arrivals = arrivals
        self.sizes = sizes
        self.caches = caches
        self.repetitions = repetitions
        self.missPenalty = missPenalty
        self.hitCost = hitCost
        self.curves = curves
        self.memoryBudget = memoryBudget
        self.warmup = warmup
        self.tier = tier
        self.path = path
    }
}

/// Where keys come from (`keys.source` in a spec).
public indirect enum KeySource: Sendable, Equatable {
    /// Every ID new; with `repeats` > 1 each ID is requested that many times
    /// within a window of `window` requests and then never again.
    case unique(repeats: Int, window: Int)
    /// Popularity ∝ 1/rank^alpha over `universe` keys, ranks scrambled to keys.
    case zipf(alpha: Double, universe: UInt64)
    case uniform(universe: UInt64)
    /// A fraction `hotRequests` of requests go to a fraction `hotKeys` of the universe.
    case hotset(universe: UInt64, hotKeys: Double, hotRequests: Double)
    /// Cycles over `keys` keys: 0, 1, …, keys−1, 0, 1, …
    case loop(keys: UInt64)
    /// Sequential runs of `length` keys over a range of `universe` keys.
    case scan(length: Int, universe: UInt64)
    /// A weighted mixture; each component keeps its own state.
    case mix([MixComponent])
    /// A sequence of sources, each for a number of requests.
    case phases([Phase])
    /// A recorded trace.
    case trace(TraceSource)
}

/// One weighted component of a `mix`.
public struct MixComponent: Sendable, Equatable {
    public var weight: Double
    public var source: KeySource
    public init(weight: Double, source: KeySource) {
        self.weight = weight
        self.source = source
    }
}

/// One phase of a `phases` source.
public struct Phase: Sendable, Equatable {
    public var requests: Int
    public var source: KeySource
    public init(requests: Int, source: KeySource) {
        self.requests = requests
        self.source = source
    }
}

/// A trace file and how to read it. Compression (gzip, zstd, xz) is
/// recognised from the file's first bytes, whatever the format.
public struct TraceSource: Sendable, Equatable {
    /// The record layout of a trace file (`keys.format`; Workloads/README.md).
    public enum Format: String, Sendable, Equatable, CaseIterable {
        /// One key per line.
        case text
        /// Comma-separated fields; key, time and size from chosen columns.
        case csv
        /// libCacheSim's 24-byte binary records (time, id, size, next access).
        case oracleGeneral
        /// The LIRS paper's traces: a block number per line, `*` lines skipped.
        case lirs
        /// The ARC paper's traces: `start n ignored request_no`, n sequential blocks.
        case arc
        /// The Twitter cache trace CSV (timestamp, key, key size, value size, client, op, TTL).
        case twitter
        /// Bare fixed-width integer keys (`integers` gives width and byte order).
        case binary
    }
    /// Resolved path (relative paths in a spec resolve against the spec's folder).
    public var path: String
    public var format: Format
    /// CSV: zero-based columns of key, time and size; whether a header line comes first.
    public var keyColumn: Int
    public var timeColumn: Int?
    public var sizeColumn: Int?
    public var hasHeader: Bool
    /// Binary: the width, byte order and signedness of each key.
    public var integers: IntegerLayout
    /// When set, each request (key = byte address, size = length in bytes)
    /// becomes one request per `pageSize`-byte page it touches, keyed by page
    /// number: for block traces recorded as (offset, length).
    public var pageSize: Int?
    /// Whether `format` was guessed from the file name rather than given;
    /// commands print the guess.
    public var formatGuessed: Bool

    public init(
        path: String, format: Format = .text, keyColumn: Int = 0, timeColumn: Int? = nil, sizeColumn: Int? = nil,
        hasHeader: Bool = false, integers: IntegerLayout = IntegerLayout(), pageSize: Int? = nil,
        formatGuessed: Bool = false
    ) {
        self.path = path
        self.format = format
        self.keyColumn = keyColumn
        self.timeColumn = timeColumn
        self.sizeColumn = sizeColumn
        self.hasHeader = hasHeader
        self.integers = integers
        self.pageSize = pageSize
        self.formatGuessed = formatGuessed
    }

    /// Whether the file gives each request a time: a csv time column, or a
    /// format that has times (oracleGeneral, twitter).
    public var suppliesTimes: Bool {
        switch format {
        case .csv: timeColumn != nil
        case .oracleGeneral, .twitter: true
        case .text, .lirs, .arc, .binary: false
        }
    }

    /// Whether the file gives each request a lifetime: a TTL column
    /// (twitter; 0 there means no expiry).
    public var suppliesLifetimes: Bool { format == .twitter }

    /// Whether the file records each request's next access (oracleGeneral's
    /// fourth field), so the offline optimum need not compute it: only
    /// when requests are the file's records (no page splitting).
    public var suppliesNextAccess: Bool { format == .oracleGeneral && pageSize == nil }

    /// Whether the file gives each request a size: a csv size column, a
    /// format that has sizes (oracleGeneral, twitter), or pages.
    public var suppliesSizes: Bool {
        if pageSize != nil { return true }
        switch format {
        case .csv: return sizeColumn != nil
        case .oracleGeneral, .twitter: return true
        case .text, .lirs, .arc, .binary: return false
        }
    }

    /// Equal when the same file is read the same way; whether the format
    /// was guessed does not matter.
    public static func == (a: TraceSource, b: TraceSource) -> Bool {
        (a.path, a.format, a.keyColumn, a.timeColumn, a.sizeColumn, a.hasHeader)
            == (b.path, b.format, b.keyColumn, b.timeColumn, b.sizeColumn, b.hasHeader)
            && a.integers == b.integers && a.pageSize == b.pageSize
    }

    /// The format a file name suggests, after any `.gz`, `.zst` or `.xz`:
    /// `.csv` csv; `.oracleGeneral`, `.oracleGeneral.bin` oracleGeneral;
    /// `.lirs` lirs; `.lis` arc; a name containing `twitter` or `cluster`
    /// (the Twitter traces' names) twitter; anything else text. O(length).
    public static func guessFormat(path: String) -> Format {
        var name = URL(fileURLWithPath: path).lastPathComponent.lowercased()
        for suffix in [".gz", ".zst", ".xz"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
        }
        if name.hasSuffix(".csv") { return name.contains("twitter") ? .twitter : .csv }
        if name.hasSuffix(".oraclegeneral") || name.hasSuffix(".oraclegeneral.bin") { return .oracleGeneral }
        if name.hasSuffix(".lirs") { return .lirs }
        if name.hasSuffix(".lis") { return .arc }
        if name.contains("twitter") || name.hasPrefix("cluster") { return .twitter }
        return .text
    }
}

/// How a `binary` trace packs each key.
public struct IntegerLayout: Sendable, Equatable {
    /// Byte order of each integer: `"big"` (network order, as Java's
    /// DataOutputStream writes) or `"little"` in a spec.
    public enum ByteOrder: String, Sendable, Equatable {
        case bigEndian = "big", littleEndian = "little"
    }
    /// Bytes per key: 4 or 8.
    public var width: Int
    public var byteOrder: ByteOrder
    /// Whether keys are two's-complement signed (int32/int64) or unsigned.
    public var signed: Bool

    /// Big-endian int64 unless told otherwise.
    public init(width: Int = 8, byteOrder: ByteOrder = .bigEndian, signed: Bool = true) {
        precondition(width == 4 || width == 8, "integer width must be 4 or 8")
        self.width = width
        self.byteOrder = byteOrder
        self.signed = signed
    }
}

/// When requests arrive, in virtual time.
public enum Arrivals: Sendable, Equatable {
    /// Evenly spaced at `ratePerSecond`.
    case fixed(ratePerSecond: Double)
    /// Exponential gaps with mean 1/`ratePerSecond`.
    case poisson(ratePerSecond: Double)
}

/// The warm-up a spec excludes from the counted figures, as libCacheSim's
/// `--warmup-sec` does: the first `requests`, or every request before
/// `seconds` of virtual time. The caches still replay it; only the counting waits.
public enum Warmup: Sendable, Equatable {
    case requests(Int)
    case seconds(Double)
}

/// Object sizes in bytes; each key keeps one size (derived from the key and
/// the seed, so it is the same every time the key recurs).
public enum SizeDistribution: Sendable, Equatable {
    case fixed(bytes: Int)
    case uniform(min: Int, max: Int)
    case lognormal(medianBytes: Double, sigma: Double)
    case pareto(minBytes: Double, shape: Double)
}

/// A modeled latency (service-latency model), in nanoseconds.
public enum LatencyModel: Sendable, Equatable {
    case fixed(nanoseconds: Double)
    /// Lognormal with the given median and shape.
    case lognormal(medianNanoseconds: Double, sigma: Double)
}

/// One `caches[]` entry: a policy, the capacities to run it at, and options.
public struct CacheSpec: Sendable, Equatable {
    /// Policy name as in `cachesim policies`.
    public var policy: String
    /// Capacities to run, each a separate run: entries (`"capacity"`) or
    /// bytes (`"capacityBytes"`), never `.unbounded`. Empty for policies
    /// that need none.
    public var capacities: [Capacity]
    /// Every other field of the entry: policy options by name, numbers or
    /// words (checked against the registry by the harness).
    public var options: [String: PolicyOptionValue]
    /// JSON path of the entry in the spec (`caches[1]`), for error messages.
    public var jsonPath: String

    public init(
        policy: String, capacities: [Capacity] = [], options: [String: PolicyOptionValue] = [:],
        jsonPath: String = "caches[0]"
    ) {
        self.policy = policy
        self.capacities = capacities
        self.options = options
        self.jsonPath = jsonPath
    }
}

/// Bad input: names the file, where in it (a JSON path or a line number)
/// and what was expected. The command line prints it on one line and exits 2.
public struct WorkloadError: Error, CustomStringConvertible, Equatable {
    public let file: String
    /// A JSON path such as `keys.alpha`, `line 12` or `byte 1234`; empty when the whole file is meant.
    public let location: String
    public let message: String

    public init(file: String, location: String = "", _ message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    public var description: String {
        location.isEmpty ? "\(file): \(message)" : "\(file): \(location): \(message)"
    }
}
