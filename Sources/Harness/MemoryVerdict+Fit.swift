import Stats

extension MemoryVerdict {
    /// A series of fewer samples is too short to judge: its verdict says
    /// so in words, and tables show none (``MemoryReport/isJudged``).
    public static let minimumSamples = 4

    /// The verdict on a memory series, from least-squares lines (GSL) through
    /// its second half against requests: one through the allocator bytes and
    /// one through the resident entries.
    ///
    /// A line *rises* when its slope's 95 % interval lies above zero and the
    /// fitted growth over that half is at least 1 % of the final level (so
    /// allocator noise and Poisson wobble do not count as a leak). The series
    /// *grows* when the bytes rise, or when the entries rise — a table that
    /// reserves room in doublings can hold its bytes flat for a long while
    /// as it fills, and the leak is still there; its growth in bytes is then
    /// the entries' slope times the bytes each entry costs now. Otherwise it
    /// is a *plateau*: the mean level of the second half, reached at the
    /// first request from which both bytes and entries stayed within 2 % of
    /// their levels.
    public static func assess(_ series: [MemorySample]) -> MemoryVerdict {
        guard let last = series.last, series.count >= minimumSamples else {
            return MemoryVerdict(
                kind: .plateau, measure: "allocatorBytes", bytesPerRequest: 0, bytesPerRequestLow: 0,
                bytesPerRequestHigh: 0,
                plateauBytes: series.last.map { Double($0.allocatorBytes) },
                plateauEntries: series.last.map { Double($0.entries) },
                plateauReachedAtRequest: series.first?.request,
                summary: "too few samples to judge (\(series.count))")
        }
        let half = series.filter { $0.request * 2 >= last.request }
        let x = half.map { Double($0.request) }
        let bytes = Trend(x: x, y: half.map { Double($0.allocatorBytes) })
        let entries = Trend(x: x, y: half.map { Double($0.entries) })
        let at = last.request * 10
        if let fit = bytes.fit, bytes.rises {
            let projected = fit.predict(Double(at))
            return MemoryVerdict(
                kind: .grows, measure: "allocatorBytes", bytesPerRequest: fit.slope,
                bytesPerRequestLow: bytes.interval.lowerBound, bytesPerRequestHigh: bytes.interval.upperBound,
                projectedBytes: projected, projectedAtRequest: at,
                summary:
                    "grows ~\(Formatting.bytes(fit.slope)) per request, never levels off (≈ \(Formatting.bytes(projected)) after \(Formatting.count(Double(at))) requests)"
            )
        }
        if let fit = entries.fit, entries.rises, last.entries > 0 {
            let perEntry = Double(last.allocatorBytes) / Double(last.entries)
            let slope = fit.slope * perEntry
            let projected = fit.predict(Double(at)) * perEntry
            return MemoryVerdict(
                kind: .grows, measure: "entries × allocatorBytes per entry", bytesPerRequest: slope,
                bytesPerRequestLow: entries.interval.lowerBound * perEntry,
                bytesPerRequestHigh: entries.interval.upperBound * perEntry,
                projectedBytes: projected, projectedAtRequest: at,
                summary:
                    "grows ~\(Formatting.bytes(slope)) per request (entries keep rising: \(Formatting.fixed(fit.slope * 1000, digits: 1)) per 1,000 requests), never levels off (≈ \(Formatting.bytes(projected)) after \(Formatting.count(Double(at))) requests)"
            )
        }
        let plateau = bytes.mean
        let plateauEntries = entries.mean
        var reached = last.request
        for sample in series.reversed() {
            guard abs(Double(sample.allocatorBytes) - plateau) <= 0.02 * max(plateau, 1),
                abs(Double(sample.entries) - plateauEntries) <= max(0.02 * plateauEntries, 1)
            else { break }
            reached = sample.request
        }
        // The mean of Int counts: rounded, it fits an Int but for the last few ulps below 2⁶³.
        let entriesText =
            Int(exactly: plateauEntries.rounded()).map(Formatting.grouped) ?? Formatting.whole(plateauEntries)
        return MemoryVerdict(
            kind: .plateau, measure: "allocatorBytes", bytesPerRequest: bytes.fit?.slope ?? 0,
            bytesPerRequestLow: bytes.interval.lowerBound, bytesPerRequestHigh: bytes.interval.upperBound,
            plateauBytes: plateau, plateauEntries: plateauEntries, plateauReachedAtRequest: reached,
            summary:
                "plateau at \(Formatting.bytes(plateau)) (\(entriesText) entries) from request \(Formatting.grouped(reached))"
        )
    }
}

extension MemoryReport {
    /// Whether the series is long enough for its verdict to mean anything
    /// (at least ``MemoryVerdict/minimumSamples`` samples).
    public var isJudged: Bool { series.count >= MemoryVerdict.minimumSamples }
}

/// A line through one measure of the second half of a memory series.
private struct Trend {
    let fit: LinearFit?
    let interval: ClosedRange<Double>
    let mean: Double
    /// The slope's 95 % interval lies above zero and the fitted growth over
    /// the span is at least 1 % of the final level.
    let rises: Bool

    init(x: [Double], y: [Double]) {
        fit = try? LinearFit.fit(x: x, y: y)
        interval = fit?.slopeInterval(confidence: 0.95) ?? 0...0
        mean = y.reduce(0, +) / Double(max(1, y.count))
        let span = (x.last ?? 0) - (x.first ?? 0)
        let level = max(abs(y.last ?? 0), 1)
        rises = interval.lowerBound > 0 && (fit?.slope ?? 0) * span >= 0.01 * level
    }
}
