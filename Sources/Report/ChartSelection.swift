import Harness

/// Which runs a per-run chart draws, so a chart stays readable: every run
/// when there are few; otherwise, per policy, the run with the largest
/// capacity (the one holding the most memory). The tables keep every run.
public enum ChartSelection {
    /// Beyond this many lines, a chart draws one line per policy.
    public static let maximumLines = 8

    /// The representative runs (repetition 0) of real caches — reference
    /// policies such as the no-op floor measure only the replay's own cost,
    /// with no hit ratio or memory to show — thinned as
    /// described, and a sentence saying what was left out (`nil` if nothing). O(runs).
    public static func runs(_ result: ExperimentResult) -> (runs: [RunResult], note: String?) {
        let caches = result.representativeRuns.filter { !PolicyPalette.isReference($0.policy) }
        guard caches.count > maximumLines else { return (caches, nil) }
        var largest: [String: RunResult] = [:]
        for run in caches {
            if let kept = largest[run.policy], (kept.capacity?.limit ?? Int.max) >= (run.capacity?.limit ?? Int.max) {
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
