import Harness

/// Miss ratio against capacity per policy: the miss-ratio curve the
/// caching literature draws, on a log axis when the misses span a decade
/// or more, so a policy that halves LRU's misses at a large size shows it.
/// The figures are ``HitRatioChart``'s, drawn as misses.
public enum MissRatioChart {
    /// `nil` when no run of `result` has a capacity. O(summaries).
    public static func make(_ result: ExperimentResult, id: String) -> SVGChart? {
        HitRatioChart.make(result, id: id, view: .miss)
    }
}
