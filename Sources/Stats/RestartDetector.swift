/// Finds where a service was restarted in its memory series: a sudden drop
/// back to near the level its current run started from ("restart it and
/// the clock resets"). The pieces between restarts are fitted on their own.
///
/// A drop at point i (from y[i−1] to y[i]) is a restart when
/// - it undoes at least 75 % of the rise since the segment began:
///   y[i] − s ≤ 0.25·(y[i−1] − s), where s is the segment's first value;
/// - it is large against the series' own step size: more than 10 × the
///   median |y[j] − y[j−1]| (a garbage collector's ripple is not a restart);
/// - and it is at least 5 % of y[i−1] (measurement noise on a flat line is not either).
public enum RestartDetector {
    /// The indices at which a new segment starts (each the first point
    /// after a restart), ascending; empty when there is none. O(n log n).
    public static func restarts(in y: [Double]) -> [Int] {
        guard y.count >= 3 else { return [] }
        var steps = (1..<y.count).map { abs(y[$0] - y[$0 - 1]) }
        steps.sort()
        let typicalStep = steps[steps.count / 2]
        var found: [Int] = []
        var segmentStart = y[0]
        for i in 1..<y.count {
            let before = y[i - 1], after = y[i]
            let drop = before - after
            let rise = before - segmentStart
            if rise > 0, drop > 10 * typicalStep, drop >= 0.05 * abs(before), after - segmentStart <= 0.25 * rise {
                found.append(i)
                segmentStart = after
            }
        }
        return found
    }

    /// The index ranges of the segments `restarts` cut `count` points into.
    public static func segments(count: Int, restarts: [Int]) -> [Range<Int>] {
        var bounds = [0] + restarts.filter { $0 > 0 && $0 < count } + [count]
        bounds = Array(Set(bounds)).sorted()
        return zip(bounds, bounds.dropFirst()).map { $0..<$1 }
    }
}
