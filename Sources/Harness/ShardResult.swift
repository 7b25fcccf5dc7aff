import Foundation

/// What `cachesim run SPEC --shard I/N` writes (`shard.json`, documented in
/// Results/README.md): the results of the units of shard I of the plan's
/// partition into N, with the plan's content hash, so that `cachesim merge`
/// can check that a set of shards is one whole plan, each unit once.
public struct ShardResult: Codable, Sendable, Equatable {
    /// The version of this format; readers refuse other versions.
    public static let currentFormatVersion = 1
    /// The file a shard's directory holds.
    public static let fileName = "shard.json"

    public var formatVersion: Int
    /// ``SweepPlan/specHash`` of the plan the shard belongs to.
    public var specHash: String
    /// This shard's index, from 0, and the number of shards.
    public var shard: Int
    public var shards: Int
    /// Units in the whole plan (over every shard).
    public var planUnits: Int
    /// When the shard finished, ISO 8601 UTC.
    public var createdAt: String
    /// The machine it ran on: its measured figures (latency, memory,
    /// throughput) are that machine's.
    public var host: String
    /// As in a result: the timer cost measured on that machine, worker
    /// processes used, latency sampling.
    public var timerCostNanoseconds: Int64
    public var jobs: Int
    public var latencySampleEvery: Int
    /// The workloads this shard ran units of, each with its runs.
    public var workloads: [ShardWorkload]

    public init(
        specHash: String, shard: Int, shards: Int, planUnits: Int, createdAt: String, host: String,
        timerCostNanoseconds: Int64, jobs: Int, latencySampleEvery: Int, workloads: [ShardWorkload]
    ) {
        formatVersion = Self.currentFormatVersion
        self.specHash = specHash
        self.shard = shard
        self.shards = shards
        self.planUnits = planUnits
        self.createdAt = createdAt
        self.host = host
        self.timerCostNanoseconds = timerCostNanoseconds
        self.jobs = jobs
        self.latencySampleEvery = latencySampleEvery
        self.workloads = workloads
    }

    /// `3/8` as people write it (shards counted from 0).
    public var label: String { "\(shard)/\(shards)" }

    /// Every unit index this shard holds, in file order.
    public var units: [Int] { workloads.flatMap { $0.runs.map(\.unit) } }

    /// `shard.json` as written: pretty-printed with sorted keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}

/// One workload's part of a shard.
public struct ShardWorkload: Codable, Sendable, Equatable {
    /// Its position in the sweep.
    public var index: Int
    /// Runs the workload's plan holds (over every shard).
    public var plannedRuns: Int
    public var workload: WorkloadSummary
    public var runs: [ShardRun]

    public init(index: Int, plannedRuns: Int, workload: WorkloadSummary, runs: [ShardRun]) {
        self.index = index
        self.plannedRuns = plannedRuns
        self.workload = workload
        self.runs = runs
    }
}

/// One unit's result.
public struct ShardRun: Codable, Sendable, Equatable {
    /// The unit's index in the sweep's plan, and the run's in its workload's plan.
    public var unit: Int
    public var run: Int
    public var result: RunResult

    public init(unit: Int, run: Int, result: RunResult) {
        self.unit = unit
        self.run = run
        self.result = result
    }
}

extension ShardResult {
    /// Reads and checks a `shard.json` (or a shard directory holding one):
    /// shard files travel between machines, so they are untrusted input and
    /// every refusal is one line naming the file and the field.
    public static func read(from path: String) throws(ResultFileError) -> ShardResult {
        let file = Self.filePath(path)
        let shard = try ExperimentResult.decodeFile(
            ShardResult.self, at: file, formatVersions: currentFormatVersion...currentFormatVersion,
            kind: "shard result")
        do {
            try shard.check()
        } catch {
            throw ResultFileError("\(file): \(error.field): \(error.problem)")
        }
        return shard
    }

    /// `DIR/shard.json` for a directory, the path itself otherwise.
    public static func filePath(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return (path as NSString).appendingPathComponent(fileName)
        }
        return path
    }

    private func check() throws(ValidationProblem) {
        let top = ResultField("")
        guard specHash.count == 64, specHash.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            throw top["specHash"].fail("must be 64 lowercase hexadecimal digits (SHA-256), got \"\(specHash)\"")
        }
        try top["shards"].count(shards, atLeast: 1)
        guard shard >= 0, shard < shards else {
            throw top["shard"].fail("must be between 0 and shards − 1 (\(shards - 1)), got \(shard)")
        }
        try top["planUnits"].count(planUnits, atLeast: 1)
        try top["timerCostNanoseconds"].count(Int(clamping: timerCostNanoseconds))
        try top["jobs"].count(jobs, atLeast: 1)
        try top["latencySampleEvery"].count(latencySampleEvery, atLeast: 1)
        var seenUnits: Set<Int> = []
        var seenWorkloads: Set<Int> = []
        for (w, workload) in workloads.enumerated() {
            let field = top["workloads"][w]
            try field["index"].count(workload.index)
            guard seenWorkloads.insert(workload.index).inserted else {
                throw field["index"].fail("workload \(workload.index) is listed twice")
            }
            try field["plannedRuns"].count(workload.plannedRuns, atLeast: 1)
            try field["workload"]["repetitions"].count(workload.workload.repetitions, atLeast: 1)
            var seenRuns: Set<Int> = []
            for (r, run) in workload.runs.enumerated() {
                let entry = field["runs"][r]
                guard run.unit >= 0, run.unit < planUnits else {
                    throw entry["unit"].fail("must be between 0 and planUnits − 1 (\(planUnits - 1)), got \(run.unit)")
                }
                guard seenUnits.insert(run.unit).inserted else {
                    throw entry["unit"].fail("unit \(run.unit) is listed twice")
                }
                guard run.run >= 0, run.run < workload.plannedRuns else {
                    throw entry["run"].fail(
                        "must be between 0 and plannedRuns − 1 (\(workload.plannedRuns - 1)), got \(run.run)")
                }
                guard seenRuns.insert(run.run).inserted else {
                    throw entry["run"].fail("run \(run.run) is listed twice")
                }
                try run.result.check(entry["result"])
            }
        }
    }
}
