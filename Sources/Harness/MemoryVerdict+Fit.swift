import Stats

extension MemoryVerdict {
    /// The verdict on a memory series: a least-squares line (GSL) through the
    /// allocator bytes of its second half, against requests.
    ///
    /// *grows* when the slope's 95 % interval lies above zero and the fitted
    /// growth over that half is at least 1 % of the final level (so allocator
    /// noise does not count as a leak); otherwise *plateau*, with the mean
    /// level of the second half and the first request from which every
    /// sample stayed within 2 % of it.
    public static func assess(_ series: [MemorySample]) -> MemoryVerdict {
        let measure = "allocatorBytes"
        guard let last = series.last, series.count >= 4 else {
            return MemoryVerdict(
                kind: .plateau, measure: measure, bytesPerRequest: 0, bytesPerRequestLow: 0, bytesPerRequestHigh: 0,
                plateauBytes: series.last.map { Double($0.allocatorBytes) }, plateauEntries: series.last.map { Double($0.entries) },
                plateauReachedAtRequest: series.first?.request,
                summary: "too few samples to judge (\(series.count))")
        }
        let half = series.filter { $0.request * 2 >= last.request }
        let x = half.map { Double($0.request) }
        let y = half.map { Double($0.allocatorBytes) }
        let fit = try? LinearFit.fit(x: x, y: y)
        let slope = fit?.slope ?? 0
        let interval = fit?.slopeInterval(confidence: 0.95) ?? 0...0
        let span = (x.last ?? 0) - (x.first ?? 0)
        let level = max(abs(y.last ?? 0), 1)
        if interval.lowerBound > 0 && slope * span >= 0.01 * level, let fit {
            let at = last.request * 10
            let projected = fit.intercept + fit.slope * Double(at)
            return MemoryVerdict(
                kind: .grows, measure: measure, bytesPerRequest: slope, bytesPerRequestLow: interval.lowerBound,
                bytesPerRequestHigh: interval.upperBound, projectedBytes: projected, projectedAtRequest: at,
                summary: "grows ~\(Formatting.bytes(slope)) per request, never levels off (≈ \(Formatting.bytes(projected)) after \(Formatting.count(Double(at))) requests)")
        }
        let plateau = y.reduce(0, +) / Double(y.count)
        let entries = Double(half.map(\.entries).reduce(0, +)) / Double(half.count)
        var reached = last.request
        for sample in series.reversed() {
            guard abs(Double(sample.allocatorBytes) - plateau) <= 0.02 * max(plateau, 1) else { break }
            reached = sample.request
        }
        return MemoryVerdict(
            kind: .plateau, measure: measure, bytesPerRequest: slope, bytesPerRequestLow: interval.lowerBound,
            bytesPerRequestHigh: interval.upperBound, plateauBytes: plateau, plateauEntries: entries,
            plateauReachedAtRequest: reached,
            summary: "plateau at \(Formatting.bytes(plateau)) (\(Formatting.grouped(Int(entries.rounded()))) entries) from request \(Formatting.grouped(reached))")
    }
}
