import Foundation
import Stats

/// Whether one set of round timings is slower than another: the test a
/// bench comparison gates wall-clock time with. Timings on a shared
/// machine are skewed and their spread changes from minute to minute, so
/// the test uses ranks (Mann–Whitney U) rather than means, and the size of
/// the change is the ratio of the medians.
public struct SlowdownTest: Sendable, Equatable {
    /// median(current) / median(baseline) − 1: +0.05 is 5 % slower.
    public let change: Double
    /// One-sided p-value of "current is slower".
    public let slowerPValue: Double
    /// One-sided p-value of "current is faster".
    public let fasterPValue: Double

    /// Compares per-round figures where larger is slower (times, or times
    /// over the reference's). O((m + n) log(m + n)).
    public init(baseline: [Double], current: [Double]) {
        let before = Summary.quantile(baseline.sorted(), 0.5)
        let after = Summary.quantile(current.sorted(), 0.5)
        change = before > 0 ? after / before - 1 : 0
        slowerPValue = MannWhitney.greater(current, than: baseline).pValue
        fasterPValue = MannWhitney.greater(baseline, than: current).pValue
    }

    /// Each run's round times over that round's index: the geometric mean
    /// of the round's times of every run named in `labels`. Measured here,
    /// the whole machine ran 20–25 % faster from one bench to the next,
    /// every cache alike, while the noop reference (a microsecond-scale
    /// replay) moved by 47 %: over four fresh benches of one spec the
    /// median time over the index of the round spread by 2.6 % (6.5 % at
    /// most), over the noop's by 55 %, and raw times by 14 %. A slowdown s
    /// of one run among n moves its relative time by (1 + s)^(1 − 1/n); one
    /// that slows every run alike cancels, and is for the instruction count
    /// to catch. Keyed by label; runs outside `labels` get times over the
    /// same index. O(runs × rounds).
    public static func relativeTimes(_ runs: [BenchRun], over labels: Set<String>) -> [String: [Double]] {
        let members = runs.filter { labels.contains($0.label) }
        let rounds = runs.map(\.roundNanoseconds.count).min() ?? 0
        guard !members.isEmpty, rounds > 0 else { return [:] }
        let index = (0..<rounds).map { k in
            exp(members.reduce(0.0) { $0 + log(Double($1.roundNanoseconds[k])) } / Double(members.count))
        }
        var out: [String: [Double]] = [:]
        for run in runs { out[run.label] = (0..<rounds).map { Double(run.roundNanoseconds[$0]) / index[$0] } }
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
