import Foundation
import Stats

/// Whether one set of round timings is slower than another: the test a
/// bench comparison gates wall-clock time with. Timings on a shared
/// machine are skewed and their spread changes from minute to minute, so
/// the test uses ranks (Mann–Whitney U) rather than means, and the size of
/// the change is the ratio of the medians.
public struct SlowdownTest: Sendable, Equatable {
    /// The default time tolerance for the two files of one
    /// `bench --against`, which met the machine in the same state.
    public static let pairedTolerance = 0.05
    /// The default for benches taken apart (a committed baseline): 21
    /// fresh benches of one spec here drifted by up to 23 % in a run's
    /// relative time over a few minutes; at 35 % none of 20 was flagged.
    public static let unpairedTolerance = 0.35

    /// median(current) / median(baseline) − 1: +0.05 is 5 % slower.
    public let change: Double
    /// One-sided p-value of "current is slower".
    public let slowerPValue: Double
    /// One-sided p-value of "current is faster".
    public let fasterPValue: Double

    /// What the test compared: `rounds`, or `processes` (each worker
    /// process's median) when both sides spread their rounds over several.
    public let unit: String
    /// How many of them on each side.
    public let counts: (baseline: Int, current: Int)

    public static func == (a: SlowdownTest, b: SlowdownTest) -> Bool {
        a.change == b.change && a.slowerPValue == b.slowerPValue && a.fasterPValue == b.fasterPValue
            && a.unit == b.unit && a.counts == b.counts
    }

    /// Compares per-round figures where larger is slower (times, or times
    /// relative to the round's index). When both sides say which process
    /// took each round and have two processes or more, the test compares
    /// the processes' medians — rounds of one process share its memory
    /// layout and are not independent of one another — else the rounds.
    /// The change is the ratio of the medians of all rounds either way.
    /// O((m + n) log(m + n)).
    public init(
        baseline: [Double], current: [Double], baselineProcesses: [Int]? = nil, currentProcesses: [Int]? = nil
    ) {
        let before = Summary.quantile(baseline.sorted(), 0.5)
        let after = Summary.quantile(current.sorted(), 0.5)
        change = before > 0 ? after / before - 1 : 0
        var xs = baseline
        var ys = current
        var unit = "rounds"
        if let old = baselineProcesses, let new = currentProcesses, old.count == baseline.count,
            new.count == current.count, Set(old).count >= 2, Set(new).count >= 2
        {
            xs = Self.medians(baseline, by: old)
            ys = Self.medians(current, by: new)
            unit = "processes"
        }
        self.unit = unit
        counts = (xs.count, ys.count)
        slowerPValue = MannWhitney.greater(ys, than: xs).pValue
        fasterPValue = MannWhitney.greater(xs, than: ys).pValue
    }

    /// The median of `values` of each group, in the groups' order. O(n log n).
    static func medians(_ values: [Double], by groups: [Int]) -> [Double] {
        Dictionary(grouping: values.indices, by: { groups[$0] }).sorted { $0.key < $1.key }.map { _, indices in
            Summary.quantile(indices.map { values[$0] }.sorted(), 0.5)
        }
    }

    /// Each run's round times over that round's index: the geometric mean
    /// of the round's times of the *other* runs named in `labels` (all of
    /// them, for a run not named). Measured here, the whole machine ran
    /// 20–25 % faster from one bench to the next, every cache alike, while
    /// the noop reference (a replay of well under a millisecond) moved by
    /// 47 %: over four fresh benches of one spec the median time over the
    /// geometric mean of all the round's runs spread by 2.6 % (6.5 % at
    /// most), over the noop's by 55 %, and raw times by 14 %. A slowdown of one run shows in full in
    /// its own relative time and as (1 + s)^(−1/(n − 1)) in the n − 1
    /// others'; one that slows every run alike cancels, and is for the
    /// instruction count to catch. With one other run, that run is the
    /// index. Keyed by label. O(runs × rounds).
    public static func relativeTimes(_ runs: [BenchRun], over labels: Set<String>) -> [String: [Double]] {
        let members = runs.filter { labels.contains($0.label) }
        let rounds = runs.map(\.roundNanoseconds.count).min() ?? 0
        guard !members.isEmpty, rounds > 0 else { return [:] }
        let logSums = (0..<rounds).map { k in members.reduce(0.0) { $0 + log(Double($1.roundNanoseconds[k])) } }
        var out: [String: [Double]] = [:]
        for run in runs {
            let isMember = labels.contains(run.label)
            let others = members.count - (isMember ? 1 : 0)
            out[run.label] = (0..<rounds).map { k in
                let own = log(Double(run.roundNanoseconds[k]))
                guard others > 0 else { return 1 }
                let index = exp((logSums[k] - (isMember ? own : 0)) / Double(others))
                return Double(run.roundNanoseconds[k]) / index
            }
        }
        return out
    }

    /// The smallest one-sided p-value any difference can reach with
    /// samples of `m` and `n` untied values: 1 / C(m + n, m), when every
    /// current value is above every baseline value.
    public static func smallestPValue(_ m: Int, _ n: Int) -> Double {
        guard m > 0, n > 0 else { return 1 }
        var p = 1.0
        // 1 / C(m+n, m) = Π i/(n+i) for i in 1...m
        for i in 1...m { p *= Double(i) / Double(n + i) }
        return p
    }
}
