import Caches
import Foundation
import Stats
import Workload

/// What `cachesim bench SPEC` writes (`bench.json`, documented in
/// Results/README.md): for each cache of the spec, its bare replay timed
/// over several interleaved rounds, the same replay's ratio to the `noop`
/// reference measured in the same rounds, and optionally the instructions
/// it executes per request under Valgrind. `cachesim compare` reads two of
/// them and gates a slowdown.
public struct BenchResult: Codable, Sendable, Equatable {
    /// The version of this format; readers refuse other versions.
    public static let currentFormatVersion = 1
    /// The word in ``format`` that tells a bench file from a `result.json`.
    public static let formatName = "cachesim-bench"

    public var format: String
    public var formatVersion: Int
    /// When the bench finished, ISO 8601 UTC.
    public var createdAt: String
    /// The machine it ran on (host name, cores): times are that machine's.
    public var host: String
    public var cores: Int
    /// The workload, identified by what decides its requests.
    public var workload: BenchWorkload
    /// Timed rounds per run (after ``warmupRounds`` untimed ones).
    public var rounds: Int
    public var warmupRounds: Int
    /// The label of the reference run every ratio is to (`noop`).
    public var reference: String
    /// The confidence of every interval (0.95).
    public var confidence: Double
    /// Shared by the two files of one `bench --against`, whose rounds
    /// alternated; `nil` for a bench of one build. Two files of one pairing
    /// met the machine in the same state, so their times compare finely.
    public var pairing: String?
    public var runs: [BenchRun]

    public init(
        createdAt: String, host: String, cores: Int, workload: BenchWorkload, rounds: Int, warmupRounds: Int,
        reference: String, confidence: Double, runs: [BenchRun]
    ) {
        format = Self.formatName
        formatVersion = Self.currentFormatVersion
        self.createdAt = createdAt
        self.host = host
        self.cores = cores
        self.workload = workload
        self.rounds = rounds
        self.warmupRounds = warmupRounds
        self.reference = reference
        self.confidence = confidence
        self.runs = runs
    }

    /// The file as written: pretty-printed, keys sorted.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}

/// The workload a bench replayed.
public struct BenchWorkload: Codable, Sendable, Equatable {
    public var name: String
    public var specPath: String
    /// SHA-256 (hex) of what decides the requests: the spec's document
    /// without its `name` and `caches` (keys sorted), and a trace's size.
    /// Two bench files are comparable only when it is the same.
    public var streamDigest: String
    /// Requests each replay served.
    public var requests: Int

    public init(name: String, specPath: String, streamDigest: String, requests: Int) {
        self.name = name
        self.specPath = specPath
        self.streamDigest = streamDigest
        self.requests = requests
    }

    /// ``streamDigest`` of `spec`, limited to its first `requests` requests.
    public static func streamDigest(of spec: WorkloadSpec, requests: Int) -> String {
        var document = spec.document
        if case .object(let members) = document {
            document = .object(JSONMembers(members.members.filter { $0.key != "caches" && $0.key != "name" }))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var hash = SHA256()
        hash.update(Array("cachesim bench stream 1\n".utf8))
        hash.update(Array((try? encoder.encode(document)) ?? Data()))
        if case .trace(let trace) = spec.keys {
            let size = (try? FileManager.default.attributesOfItem(atPath: trace.path)[.size] as? Int) ?? -1
            hash.update(Array("\ntrace bytes \(size)".utf8))
        }
        hash.update(Array("\nrequests \(requests)".utf8))
        return hash.hexDigest()
    }
}

/// One cache's figures in a bench.
public struct BenchRun: Codable, Sendable, Equatable {
    public var label: String
    public var policy: String
    public var capacity: Capacity?
    public var options: [String: PolicyOptionValue]
    /// Hits of one replay (every round's are the same: checked).
    public var hits: Int
    public var requests: Int
    /// Each timed round's replay, in nanoseconds, in round order.
    public var roundNanoseconds: [Int64]
    /// Nanoseconds per request: the rounds' median and its interval.
    public var nanosecondsPerRequest: MedianInterval
    /// Requests per second: the rounds' median and its interval.
    public var requestsPerSecond: MedianInterval
    /// This replay's time over the reference's in the same round, per
    /// round (1 for the reference itself): the machine's speed of the
    /// moment cancels out. The figure compared between bench files.
    public var roundRatios: [Double]
    /// The median of ``roundRatios`` and its interval.
    public var ratioToReference: MedianInterval
    /// Instructions per request under Valgrind, with `--instructions`.
    public var instructions: InstructionCount?
    /// Which worker process took each round (`bench --against` spreads the
    /// rounds over several); `nil` when one process took them all.
    public var roundProcesses: [Int]?

    public init(
        label: String, policy: String, capacity: Capacity?, options: [String: PolicyOptionValue], hits: Int,
        requests: Int, roundNanoseconds: [Int64], roundRatios: [Double], confidence: Double,
        instructions: InstructionCount? = nil, roundProcesses: [Int]? = nil
    ) {
        self.roundProcesses = roundProcesses
        self.label = label
        self.policy = policy
        self.capacity = capacity
        self.options = options
        self.hits = hits
        self.requests = requests
        self.roundNanoseconds = roundNanoseconds
        self.roundRatios = roundRatios
        let perRequest = roundNanoseconds.map { Double($0) / Double(max(1, requests)) }
        nanosecondsPerRequest = MedianInterval.of(perRequest, confidence: confidence)
        let rates = perRequest.map { $0 > 0 ? 1e9 / $0 : 0 }
        requestsPerSecond = MedianInterval.of(rates, confidence: confidence)
        ratioToReference = MedianInterval.of(roundRatios, confidence: confidence)
        self.instructions = instructions
    }
}

/// What Valgrind's callgrind counted for one replay, and only the replay:
/// collection is switched on at the replay function and off at its
/// return, so start-up, the stream's generation and the cache's
/// construction are not in it.
public struct InstructionCount: Codable, Sendable, Equatable {
    /// Requests replayed under Valgrind (a prefix of the bench's stream).
    public var requests: Int
    /// Instructions executed (callgrind's `Ir`) in the replay, in all.
    public var instructions: Int
    /// Simulated last-level cache misses (`ILmr + DLmr + DLmw`), in all.
    public var lastLevelMisses: Int
    /// The tool and its version (`valgrind-3.19.0 callgrind`).
    public var tool: String

    public init(requests: Int, instructions: Int, lastLevelMisses: Int, tool: String) {
        self.requests = requests
        self.instructions = instructions
        self.lastLevelMisses = lastLevelMisses
        self.tool = tool
    }

    /// Instructions per request.
    public var perRequest: Double { Double(instructions) / Double(max(1, requests)) }
    /// Simulated last-level misses per request.
    public var lastLevelMissesPerRequest: Double { Double(lastLevelMisses) / Double(max(1, requests)) }
}
