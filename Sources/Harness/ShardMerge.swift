import Foundation

/// Joins shard results into the results of the whole plan: one
/// ``ExperimentResult`` per workload whose runs, hit counts and every other
/// deterministic figure are those an unsharded run gives, with summaries and
/// intervals recomputed over the merged runs. Measured figures (latency,
/// memory from the allocator, throughput) stay those of the machine each
/// unit ran on.
public enum ShardMerge {
    /// Checks that `shards` (each with the path it was read from) are one
    /// plan's partition, every shard there once and every unit once, and
    /// merges them. Every refusal names the shards at fault.
    public static func merge(_ shards: [(path: String, shard: ShardResult)]) throws(MergeError) -> [ExperimentResult] {
        let shards = try checkedComplete(shards)
        var byWorkload: [Int: (summary: WorkloadSummary, planned: Int, runs: [Int: RunResult], from: String)] = [:]
        for (path, shard) in shards {
            for part in shard.workloads {
                if let known = byWorkload[part.index] {
                    guard known.summary == part.workload, known.planned == part.plannedRuns else {
                        throw MergeError(
                            "\(path): workload \(part.index) ('\(part.workload.name)') differs from the same workload in \(known.from)"
                        )
                    }
                } else {
                    byWorkload[part.index] = (part.workload, part.plannedRuns, [:], path)
                }
                for run in part.runs {
                    byWorkload[part.index]!.runs[run.run] = run.result
                }
            }
        }
        let timerCost = shards.map(\.shard.timerCostNanoseconds).sorted()[shards.count / 2]
        let hosts = Array(Set(shards.map(\.shard.host))).sorted()
        let attribution =
            "merged from \(shards.count) shards run on \(hosts.joined(separator: ", ")); in each, "
            + Experiment.attribution
        var results: [ExperimentResult] = []
        for index in byWorkload.keys.sorted() {
            let workload = byWorkload[index]!
            guard workload.runs.count == workload.planned else {
                let missing = (0..<workload.planned).filter { workload.runs[$0] == nil }
                throw MergeError(
                    "workload \(index) ('\(workload.summary.name)') lacks runs \(missing.map(String.init).joined(separator: ", ")) though every shard is there: the shards do not cover its plan"
                )
            }
            results.append(
                Experiment.assemble(
                    workload: workload.summary, runs: (0..<workload.planned).map { workload.runs[$0]! },
                    timerCost: timerCost, jobs: shards.count, latencySampleEvery: shards[0].shard.latencySampleEvery,
                    attribution: attribution))
        }
        guard results.count == (byWorkload.keys.max() ?? -1) + 1 else {
            let missing = (0..<(byWorkload.keys.max() ?? 0)).filter { byWorkload[$0] == nil }
            throw MergeError("no shard holds workloads \(missing.map(String.init).joined(separator: ", ")) of the plan")
        }
        return results
    }

    /// The shard indices of a partition into `count` that `shards` lack, with
    /// the shards that cannot count (another spec, another count): what a
    /// resubmission must run again.
    public static func missing(
        _ shards: [(path: String, shard: ShardResult)], specHash: String, count: Int
    ) -> (missing: [Int], foreign: [String]) {
        var present: Set<Int> = []
        var foreign: [String] = []
        for (path, shard) in shards {
            if shard.specHash == specHash, shard.shards == count {
                present.insert(shard.shard)
            } else {
                foreign.append(path)
            }
        }
        return ((0..<count).filter { !present.contains($0) }, foreign)
    }

    /// The shards in index order, once checked to be of one spec and one
    /// shard count, each index once and none missing, every unit once.
    private static func checkedComplete(
        _ shards: [(path: String, shard: ShardResult)]
    ) throws(MergeError) -> [(path: String, shard: ShardResult)] {
        guard let first = shards.first else { throw MergeError("no shard results given; expected shard directories") }
        let hash = majority(shards.map(\.shard.specHash))
        if let odd = shards.first(where: { $0.shard.specHash != hash }) {
            let others = shards.filter { $0.shard.specHash == hash }.map(\.path)
            throw MergeError(
                "\(odd.path): shard \(odd.shard.label) comes from another spec (hash \(odd.shard.specHash.prefix(12))…, while \(describe(others)) have \(hash.prefix(12))…): its plan is not theirs"
            )
        }
        let count = majority(shards.map { String($0.shard.shards) })
        if let odd = shards.first(where: { String($0.shard.shards) != count }) {
            throw MergeError(
                "\(odd.path): shard \(odd.shard.label) is of a partition into \(odd.shard.shards), the others into \(count)"
            )
        }
        var byIndex: [Int: String] = [:]
        for (path, shard) in shards {
            if let other = byIndex[shard.shard] {
                throw MergeError("shard \(shard.label) is given twice: \(other) and \(path); give each shard once")
            }
            byIndex[shard.shard] = path
        }
        let n = first.shard.shards
        let missing = (0..<n).filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            throw MergeError(
                "missing \(missing.count == 1 ? "shard" : "shards") \(missing.map { "\($0)/\(n)" }.joined(separator: ", ")) of \(n): run \(missing.count == 1 ? "it" : "them") (cachesim run SPEC --shard I/\(n)) and merge again"
            )
        }
        var unitFrom: [Int: String] = [:]
        for (path, shard) in shards {
            guard shard.planUnits == first.shard.planUnits else {
                throw MergeError(
                    "\(path): a plan of \(shard.planUnits) units, while \(first.path) has \(first.shard.planUnits)")
            }
            for unit in shard.units {
                if let other = unitFrom[unit] {
                    throw MergeError("unit \(unit) of the plan is in both \(other) and \(path)")
                }
                unitFrom[unit] = path
            }
        }
        if unitFrom.count != first.shard.planUnits {
            let absent = (0..<first.shard.planUnits).filter { unitFrom[$0] == nil }.prefix(10)
            throw MergeError(
                "the shards hold \(unitFrom.count) of the plan's \(first.shard.planUnits) units (none has unit \(absent.map(String.init).joined(separator: ", ")))"
            )
        }
        return shards.sorted { $0.shard.shard < $1.shard.shard }
    }

    /// The most common value; among equally common ones, the first given.
    private static func majority(_ values: [String]) -> String {
        var counts: [String: Int] = [:]
        for value in values { counts[value, default: 0] += 1 }
        let most = counts.values.max() ?? 0
        return values.first { counts[$0] == most } ?? ""
    }

    private static func describe(_ paths: [String]) -> String {
        paths.count <= 3
            ? paths.joined(separator: ", ") : "\(paths.prefix(3).joined(separator: ", ")) and \(paths.count - 3) more"
    }
}

/// Shards that do not make one whole plan.
public struct MergeError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
