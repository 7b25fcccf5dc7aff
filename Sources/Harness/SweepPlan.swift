import Caches
import Foundation
import Workload

/// One unit of a sweep's plan: run `run` of workload `workload` (a cache at
/// one capacity on one seed). Units are numbered across the sweep, workload
/// by workload, in plan order.
public struct PlanUnit: Codable, Sendable, Hashable {
    public var workload: Int
    public var run: Int
    public init(workload: Int, run: Int) {
        self.workload = workload
        self.run = run
    }
}

/// Every run a spec or sweep asks for, as one list of units, with the
/// content hash that ties shard results to it and the partition into shards.
///
/// The partition is a pure function of the plan and the shard count: the
/// same spec (the same text, the same trace sizes) and N give the same
/// shards on any machine, so independent jobs agree on who runs what
/// without talking to each other.
public struct SweepPlan: Sendable {
    public let sweep: Sweep
    /// One run plan per workload, in sweep order.
    public let plans: [RunPlan]
    /// Every unit, workload by workload.
    public let units: [PlanUnit]
    /// SHA-256 (hex) of the plan's content: each workload's spec document
    /// with sorted keys, and each trace's size in bytes (not its contents, which
    /// would cost a full read per shard).
    public let specHash: String

    /// Expands every workload's plan; a refusal of a cache that came from
    /// the sweep file names the sweep file.
    public init(sweep: Sweep) throws(WorkloadError) {
        self.sweep = sweep
        var plans: [RunPlan] = []
        for member in sweep.members {
            do {
                plans.append(try RunPlan(spec: member.spec))
            } catch  where member.cachesFromSweep && error.location.hasPrefix("caches") {
                throw WorkloadError(
                    file: sweep.path, location: error.location, "\(error.message) (for workload '\(member.spec.name)')")
            }
        }
        self.plans = plans
        units = plans.enumerated().flatMap { workload, plan in
            plan.runs.map { PlanUnit(workload: workload, run: $0.index) }
        }
        var hash = SHA256()
        hash.update(Array("cachesim plan 1\n".utf8))
        for member in sweep.members {
            hash.update(Array(member.canonicalDocument))
            if case .trace(let trace) = member.spec.keys {
                hash.update(Array("\ntrace bytes \(Self.fileSize(trace.path) ?? -1)".utf8))
            }
            hash.update([0x0A])
        }
        specHash = hash.hexDigest()
    }

    /// Loads a spec or a sweep file and expands it.
    public static func load(path: String) throws(WorkloadError) -> SweepPlan {
        try SweepPlan(sweep: try Sweep.load(path: path))
    }

    /// The planned run of `unit`.
    public func run(_ unit: PlanUnit) -> PlannedRun { plans[unit.workload].runs[unit.run] }

    /// The estimated cost of `unit`, for balancing shards: its stream's
    /// requests (a trace's: its size over 8 bytes a request, a rough
    /// figure) times 2 for a policy that needs the future (a pass of its
    /// own), else 1.
    public func cost(_ unit: PlanUnit) -> Double {
        let run = run(unit)
        let weight = PolicyRegistry.named(run.policy)?.needsFuture == true ? 2.0 : 1.0
        return Double(streamRequests(unit.workload)) * weight
    }

    /// Requests of workload `workload`'s stream, as given or estimated.
    func streamRequests(_ workload: Int) -> Int {
        let spec = plans[workload].spec
        if let requests = spec.requests { return requests }
        if case .trace(let trace) = spec.keys { return max(1, Int((Self.fileSize(trace.path) ?? 8) / 8)) }
        return 1
    }

    /// The units of shard `index` of `count`, in unit order.
    ///
    /// Longest first onto the least loaded shard (LPT, within 4/3 of the
    /// best balance), where a shard that does not yet generate the unit's
    /// stream (workload × repetition) is charged half a replay more for
    /// generating it: units sharing a stream tend to the same shard. Ties
    /// go to the lower unit and the lower shard, so the partition is a
    /// pure function of the plan and `count`. O(units · (log units + count)).
    public func shard(_ index: Int, of count: Int) -> [Int] {
        partition(count)[index]
    }

    /// Every shard's units (unit indices, ascending), for `count` shards.
    public func partition(_ count: Int) -> [[Int]] {
        precondition(count >= 1)
        let order = units.indices.sorted { a, b in
            let (ca, cb) = (cost(units[a]), cost(units[b]))
            return ca != cb ? ca > cb : a < b
        }
        var load = [Double](repeating: 0, count: count)
        var streams = [Set<[Int]>](repeating: [], count: count)
        var shards = [[Int]](repeating: [], count: count)
        for unit in order {
            let stream = [units[unit].workload, run(units[unit]).repetition]
            let generation = Double(streamRequests(units[unit].workload)) / 2
            var best = 0
            var bestLoad = Double.infinity
            for shard in 0..<count {
                let total = load[shard] + (streams[shard].contains(stream) ? 0 : generation)
                if total < bestLoad {
                    best = shard
                    bestLoad = total
                }
            }
            if !streams[best].contains(stream) { load[best] += generation }
            load[best] += cost(units[unit])
            streams[best].insert(stream)
            shards[best].append(unit)
        }
        return shards.map { $0.sorted() }
    }

    static func fileSize(_ path: String) -> Int64? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
    }
}
