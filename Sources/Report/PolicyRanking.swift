import Caches
import Harness
import Stats

/// Who wins where: for each workload and capacity, the policies ranked by
/// miss ratio, each with its distance from LRU and from FIFO — in
/// percentage points of miss ratio and as the relative miss-ratio
/// reduction the S3-FIFO and SIEVE papers compare policies by,
/// `(baseline − policy) / baseline` — and, with repetitions, whether that
/// distance is more than the seeds' noise.
///
/// Significance pairs runs by seed (every policy at a seed sees the same
/// stream), so the interval is that of the mean per-seed difference
/// (Student t, 95 %): a difference counts when the interval excludes 0.
/// Unbounded caches and runs without a capacity are left out: they have no
/// size to rank at.
public struct PolicyRanking: Sendable, Equatable {
    /// One policy at one capacity.
    public struct Entry: Sendable, Equatable {
        /// The run label, `s3fifo(4000)`.
        public var label: String
        public var policy: String
        /// The label without its capacity, `s3fifo` or `redis(samples=10)`:
        /// what is compared across capacities and workloads.
        public var series: String
        /// 1 for the lowest miss ratio; equal miss ratios share a rank.
        public var rank: Int
        /// Mean over seeds.
        public var missRatio: Double
        public var seeds: Int
        /// Against LRU and FIFO at the same capacity; `nil` when the
        /// workload has no such run there.
        public var lru: Distance?
        public var fifo: Distance?
        public var isBest: Bool { rank == 1 }
    }

    /// How far a policy is from a baseline policy at the same capacity.
    public struct Distance: Sendable, Equatable {
        /// Policy minus baseline, in percentage points of miss ratio:
        /// negative means fewer misses.
        public var points: Double
        /// `(baseline − policy) / baseline`: positive means fewer misses;
        /// `nil` when the baseline misses nothing.
        public var reduction: Double?
        /// With ≥ 2 seeds paired: whether the 95 % interval of the per-seed
        /// difference excludes 0. `nil` with one seed, and for the baseline itself.
        public var significant: Bool?
    }

    /// One workload at one capacity, its entries ranked.
    public struct Group: Sendable, Equatable {
        public var workload: String
        public var capacity: Capacity
        public var entries: [Entry]
    }

    /// Groups in report order: workload, then capacity unit and size.
    public var groups: [Group]

    /// The ranking of `sections` (name, result): one group per capacity
    /// with at least two ranked policies. O(runs log runs).
    public init(_ sections: [(name: String, result: ExperimentResult)]) {
        groups = sections.flatMap { Self.groups(name: $0.name, result: $0.result) }
    }

    /// A ranking of groups already made (a report's sections').
    public init(groups: [Group]) {
        self.groups = groups
    }

    static func groups(name: String, result: ExperimentResult) -> [Group] {
        let ranked = result.summaries.filter { summary in
            guard let capacity = summary.capacity, capacity != .unbounded else { return false }
            return !PolicyPalette.isReference(summary.policy)
        }
        let byCapacity = Dictionary(grouping: ranked, by: { $0.capacity! })
        let runsByLabel = Dictionary(grouping: result.runs, by: \.label)
        func missesBySeed(_ label: String) -> [UInt64: Double] {
            Dictionary(
                (runsByLabel[label] ?? []).map { ($0.seed, missRatio($0)) }, uniquingKeysWith: { first, _ in first })
        }
        return byCapacity.keys.sorted { ($0.unit, $0.limit) < ($1.unit, $1.limit) }.compactMap { capacity in
            let summaries = byCapacity[capacity]!
            guard summaries.count >= 2 else { return nil }
            let means = summaries.map { ($0, 1 - $0.hitRatio) }
            // The plain policy (no options) is the baseline; else its first variant.
            func baseline(_ policy: String) -> (label: String, missRatio: Double)? {
                let candidates = means.filter { $0.0.policy == policy }
                let plain = candidates.first { series($0.0.label, policy: policy, capacity: capacity) == policy }
                return (plain ?? candidates.first).map { ($0.0.label, $0.1) }
            }
            let lru = baseline("lru")
            let fifo = baseline("fifo")
            let sorted = means.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.label < $1.0.label }
            var entries: [Entry] = []
            for (index, (summary, missRatio)) in sorted.enumerated() {
                let rank = index > 0 && sorted[index - 1].1 == missRatio ? entries[index - 1].rank : index + 1
                func distance(to base: (label: String, missRatio: Double)?) -> Distance? {
                    guard let base else { return nil }
                    return Distance(
                        points: (missRatio - base.missRatio) * 100,
                        reduction: base.missRatio > 0 ? (base.missRatio - missRatio) / base.missRatio : nil,
                        significant: significance(
                            missesBySeed(summary.label), missesBySeed(base.label), same: summary.label == base.label))
                }
                entries.append(
                    Entry(
                        label: summary.label, policy: summary.policy,
                        series: series(summary.label, policy: summary.policy, capacity: capacity), rank: rank,
                        missRatio: missRatio,
                        seeds: summary.repetitions, lru: distance(to: lru), fifo: distance(to: fifo)))
            }
            return Group(workload: name, capacity: capacity, entries: entries)
        }
    }

    /// `label` without the capacity ``RunPlan/label`` puts first inside
    /// its parentheses: `lru(4096)` → `lru`, `redis(64B, samples=10)` →
    /// `redis(samples=10)`.
    static func series(_ label: String, policy: String, capacity: Capacity) -> String {
        guard label.hasPrefix(policy + "("), label.hasSuffix(")") else { return label }
        var parts = label.dropFirst(policy.count + 1).dropLast().components(separatedBy: ", ")
        let written = capacity.unit == "bytes" ? "\(capacity.limit)B" : String(capacity.limit)
        if parts.first == written { parts.removeFirst() }
        return parts.isEmpty ? policy : "\(policy)(\(parts.joined(separator: ", ")))"
    }

    /// Across groups: each series' relative miss-ratio reductions against
    /// a baseline (`\.fifo` or `\.lru`), with how often it ranked first.
    public struct Spread: Sendable, Equatable {
        public var series: String
        public var policy: String
        /// Ascending; one per group with the baseline (and a nonzero baseline miss ratio).
        public var reductions: [Double]
        /// Groups the series was in, and those where it ranked first.
        public var groups: Int
        public var wins: Int

        public init(series: String, policy: String, reductions: [Double], groups: Int, wins: Int) {
            self.series = series
            self.policy = policy
            self.reductions = reductions
            self.groups = groups
            self.wins = wins
        }

        /// The `p` quantile (0…1) of the reductions, linearly interpolated
        /// between order statistics (Hyndman & Fan type 7, R's default).
        public func quantile(_ p: Double) -> Double? {
            guard !reductions.isEmpty else { return nil }
            let position = p * Double(reductions.count - 1)
            let low = Int(position.rounded(.down))
            let high = Swift.min(low + 1, reductions.count - 1)
            return reductions[low] + (reductions[high] - reductions[low]) * (position - Double(low))
        }
    }

    /// One ``Spread`` per series, in palette order, over every group.
    /// O(entries log entries).
    public func spreads(against baseline: KeyPath<Entry, Distance?>) -> [Spread] {
        var order: [String] = []
        var spreads: [String: Spread] = [:]
        for group in groups {
            for entry in group.entries {
                if spreads[entry.series] == nil {
                    order.append(entry.series)
                    spreads[entry.series] = Spread(
                        series: entry.series, policy: entry.policy, reductions: [], groups: 0, wins: 0)
                }
                spreads[entry.series]!.groups += 1
                if entry.isBest { spreads[entry.series]!.wins += 1 }
                if let reduction = entry[keyPath: baseline]?.reduction {
                    spreads[entry.series]!.reductions.append(reduction)
                }
            }
        }
        return order.map { series in
            var spread = spreads[series]!
            spread.reductions.sort()
            return spread
        }.sorted {
            let (a, b) = (PolicyPalette.sortKey($0.policy), PolicyPalette.sortKey($1.policy))
            return a != b ? a < b : $0.series < $1.series
        }
    }

    /// A run's miss ratio from its counts: misses over requests.
    static func missRatio(_ run: RunResult) -> Double {
        run.requests > 0 ? Double(run.misses) / Double(run.requests) : 0
    }

    /// Whether the per-seed differences of `policy` and `base` have a 95 %
    /// interval that excludes 0; `nil` with fewer than two seeds in common,
    /// or when `same` (the baseline against itself).
    static func significance(_ policy: [UInt64: Double], _ base: [UInt64: Double], same: Bool) -> Bool? {
        let seeds = policy.keys.filter { base[$0] != nil }.sorted()
        guard seeds.count >= 2, !same else { return nil }
        let differences = seeds.map { policy[$0]! - base[$0]! }
        let interval = MeanInterval.of(differences, confidence: 0.95)
        return abs(interval.mean) > interval.halfWidth
    }
}
