import Stats

extension WarmState {
    /// Windows needed before a run is judged warm or not.
    public static let minimumWindows = 4

    /// When the run's windowed hit ratio reached its steady state (the rule
    /// is ``WarmState``'s), from the cumulative hits of its memory series;
    /// nil without hits, or with fewer than ``minimumWindows`` windows. O(samples).
    public static func detect(_ series: [MemorySample]) -> WarmState? {
        let windows = hitRatioWindows(series)
        guard windows.count >= minimumWindows, let last = series.last else { return nil }
        let half = windows.filter { $0.start >= last.request / 2 }
        let halfRequests = half.reduce(0) { $0 + $1.requests }
        guard halfRequests > 0 else { return nil }
        let steady = Double(half.reduce(0) { $0 + $1.hits }) / Double(halfRequests)
        let tolerance = min(1, max(0.01, 3 * Summary.standardDeviation(half.map(\.ratio))))
        // The last window that fell too far below, and the cache is warm from the next one.
        let lastCold = windows.lastIndex { $0.ratio < steady - tolerance }
        let first = lastCold.map { $0 + 1 } ?? 0
        let start = first < windows.count ? windows[first].start : last.request
        let seconds = series.first { $0.request == start }?.seconds
        return WarmState(
            request: start, seconds: seconds, steadyHitRatio: min(1, max(0, steady)), tolerance: tolerance)
    }

    /// One window between consecutive samples.
    public struct Window: Sendable, Equatable {
        /// Requests replayed at its start.
        public var start: Int
        public var requests: Int
        public var hits: Int
        /// Its hit ratio, hits / requests.
        public var ratio: Double { Double(hits) / Double(requests) }
    }

    /// The windows between consecutive samples that both carry hits and
    /// hold at least one request; a window of fewer than half the median
    /// window's requests (the run's last, cut short where the stream ended)
    /// is merged into the one before it, so a handful of requests cannot
    /// pass for a window. O(samples log samples).
    public static func hitRatioWindows(_ series: [MemorySample]) -> [Window] {
        let raw = zip(series, series.dropFirst()).compactMap { before, after -> Window? in
            // Overflow-checked: a result file read back is untrusted.
            guard let a = before.hits, let b = after.hits, after.request > before.request else { return nil }
            let (requests, requestsOverflow) = after.request.subtractingReportingOverflow(before.request)
            let (hits, hitsOverflow) = b.subtractingReportingOverflow(a)
            guard !requestsOverflow, !hitsOverflow else { return nil }
            return Window(start: before.request, requests: requests, hits: hits)
        }
        guard raw.count > 1 else { return raw }
        let median = raw.map(\.requests).sorted()[raw.count / 2]
        var windows: [Window] = []
        for window in raw {
            if let previous = windows.last, window.requests < median / 2,
                previous.start.addingReportingOverflow(previous.requests).partialValue == window.start
            {
                let (requests, overflow) = previous.requests.addingReportingOverflow(window.requests)
                let (hits, hitsOverflow) = previous.hits.addingReportingOverflow(window.hits)
                if !overflow, !hitsOverflow {
                    windows[windows.count - 1] = Window(start: previous.start, requests: requests, hits: hits)
                    continue
                }
            }
            windows.append(window)
        }
        return windows
    }
}
