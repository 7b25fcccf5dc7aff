import Harness

/// Which runs a per-run chart draws, so a chart stays readable: every run
/// when there are few; otherwise, per policy, the run with the largest
/// capacity (the one holding the most memory). The tables keep every run.
public enum ChartSelection {
    /// The no-op cache: it measures the replay's own cost, so it is a
    /// throughput reference, not a cache with a hit ratio or memory to show.
    public static let replayFloorPolicy = "noop"
    /// Beyond this many lines, a chart draws one line per policy.
    public static let maximumLines = 8

    /// The representative runs (repetition 0) of real caches, thinned as
    /// described, and a sentence saying what was left out (`nil` if nothing). O(runs).
    public static func runs(_ result: ExperimentResult) -> (runs: [RunResult], note: String?) {
        let caches = result.representativeRuns.filter { $0.policy != replayFloorPolicy }
        guard caches.count > maximumLines else { return (caches, nil) }
        var largest: [String: RunResult] = [:]
        for run in caches {
            if let kept = largest[run.policy], (kept.capacity?.value ?? Int.max) >= (run.capacity?.value ?? Int.max) {
                continue
            }
            largest[run.policy] = run
        }
        let kept = caches.filter { largest[$0.policy]?.label == $0.label }
        return (
            kept,
            "Drawn: the largest capacity of each policy (\(kept.count) of \(caches.count) runs); the tables list every run."
        )
    }
}
