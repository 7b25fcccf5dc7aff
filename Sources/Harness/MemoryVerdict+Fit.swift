import Stats

extension MemoryVerdict {
    /// A series of fewer samples is too short to judge: its verdict is a
    /// bare plateau at the last level, with no fits; its words say so, and
    /// tables show none (``MemoryReport/isJudged``).
    public static let minimumSamples = 4
    /// Forecasts look no further than this many times the run's length.
    public static let forecastReach = 10_000.0

    /// The verdict on a memory series, against requests (rules in
    /// ``GrowthChoice``, applied to the resident entries, the cache's own
    /// storage bytes and the allocator bytes; the verdict follows the
    /// entries and the allocator bytes):
    ///
    /// - neither rises: a *plateau* — the mean level of the second half,
    ///   reached at the first request from which both bytes and entries
    ///   stayed within 2 % of their levels;
    /// - the entries approach a ceiling K: *saturating*. The bytes then
    ///   level off at K entries at the densest packing the run showed
    ///   (the lowest allocator bytes per entry among samples holding at
    ///   least 10 % of the peak entries), but never below what is held now:
    ///   a table that reserves room in doublings may already hold room for K;
    /// - the entries rise without a ceiling: *grows*, with the entries'
    ///   model fitted to the allocator bytes — or, when the bytes stay flat
    ///   because the table reserved its room ahead, the entries' fit × the
    ///   bytes each entry costs now (the leak is there all the same);
    /// - only the bytes rise: the bytes' own model decides.
    ///
    /// Growth per request is the chosen curve's slope at the last sample;
    /// with request times it is also given per second (× the run's
    /// requests per second of virtual time). With a `budget` (bytes) the
    /// verdict says when the forecast reaches it, with the requests (and
    /// seconds) at which the 95 % prediction band's edges do. O(samples ×
    /// fit iterations).
    public static func assess(_ series: [MemorySample], budget: Int? = nil) -> MemoryVerdict {
        guard let last = series.last, series.count >= minimumSamples else {
            return MemoryVerdict(
                kind: .plateau, measure: "allocatorBytes", bytesPerRequest: 0, bytesPerRequestLow: 0,
                bytesPerRequestHigh: 0, plateauBytes: series.last.map { Double($0.allocatorBytes) },
                plateauEntries: series.last.map { Double($0.entries) },
                plateauReachedAtRequest: series.first?.request)
        }
        let x = series.map { Double($0.request) }
        let points = GrowthChoice.pointsOfARun
        let entries = GrowthChoice(x: x, y: series.map { Double($0.entries) }, maximumPoints: points)
        let storage = GrowthChoice(x: x, y: series.map { Double($0.storageBytes) }, maximumPoints: points)
        let bytes = GrowthChoice(x: x, y: series.map { Double($0.allocatorBytes) }, maximumPoints: points)
        let end = Double(last.request)
        var verdict: MemoryVerdict
        let curve = BytesCurve(series, entries: entries, bytes: bytes)
        if let curve {
            let slope = curve.slope(at: end)
            let interval = curve.slopeInterval(at: end)
            let at = last.request * 10
            verdict = MemoryVerdict(
                kind: curve.fit.model == .saturating ? .saturating : .grows, measure: curve.measure,
                bytesPerRequest: slope, bytesPerRequestLow: interval.lowerBound,
                bytesPerRequestHigh: interval.upperBound, projectedBytes: curve.bytes(at: Double(at)),
                projectedAtRequest: at)
            verdict.model = curve.fit.model
            verdict.ceilingBytes = curve.ceilingBytes
            if curve.fitsEntries { verdict.ceilingEntries = curve.ceiling }
            verdict.exponent = curve.fit.parameters(confidence: 0.95).first { $0.name == "exponent" }.map {
                Estimate(estimate: $0.value, low: $0.low, high: $0.high)
            }
        } else {
            verdict = plateau(series, bytes: bytes.secondHalf, entries: entries.secondHalf)
        }
        verdict.fits = [
            entries.measureFit("entries"), storage.measureFit("storageBytes"), bytes.measureFit("allocatorBytes"),
        ]
        let rate = requestsPerSecond(series)
        verdict.requestsPerSecond = rate
        verdict.bytesPerSecond = rate.map {
            Estimate(
                estimate: verdict.bytesPerRequest, low: verdict.bytesPerRequestLow,
                high: verdict.bytesPerRequestHigh
            ).scaled(by: $0)
        }
        if let budget { verdict.budget = budgetForecast(budget, series: series, curve: curve, rate: rate) }
        if let curve { verdict.forecast = curve.forecast(from: end, budget: verdict.budget, rate: rate) }
        verdict.keepWithinBounds()
        return verdict
    }

    /// The plateau of the second half, and when it was reached.
    static func plateau(_ series: [MemorySample], bytes: SecondHalfTrend, entries: SecondHalfTrend) -> MemoryVerdict {
        let level = bytes.mean, levelEntries = entries.mean
        var reached = series.last!.request
        for sample in series.reversed() {
            guard abs(Double(sample.allocatorBytes) - level) <= 0.02 * max(level, 1),
                abs(Double(sample.entries) - levelEntries) <= max(0.02 * levelEntries, 1)
            else { break }
            reached = sample.request
        }
        var verdict = MemoryVerdict(
            kind: .plateau, measure: "allocatorBytes", bytesPerRequest: bytes.fit?.slope ?? 0,
            bytesPerRequestLow: bytes.interval.lowerBound, bytesPerRequestHigh: bytes.interval.upperBound,
            plateauBytes: level, plateauEntries: levelEntries, plateauReachedAtRequest: reached)
        verdict.model = .flat
        return verdict
    }

    /// Requests per second of virtual time over the series; nil without times.
    static func requestsPerSecond(_ series: [MemorySample]) -> Double? {
        guard let first = series.first, let last = series.last, let end = last.seconds else { return nil }
        let elapsed = end - (first.seconds ?? 0)
        guard elapsed > 0, last.request > first.request else { return nil }
        return Double(last.request - first.request) / elapsed
    }

    /// When `budget` is reached: measured if the run passed it, else forecast.
    static func budgetForecast(
        _ budget: Int, series: [MemorySample], curve: BytesCurve?, rate: Double?
    )
        -> BudgetForecast
    {
        func seconds(_ request: Double?) -> Double? {
            guard let request, let rate else { return nil }
            return request / rate
        }
        if let passed = series.first(where: { $0.allocatorBytes >= budget }) {
            let at = Double(passed.request)
            let time = passed.seconds ?? seconds(at)
            return BudgetForecast(
                budgetBytes: budget, atRequest: at, earliestRequest: at, latestRequest: at, atSeconds: time,
                earliestSeconds: time, latestSeconds: time, alreadyReached: true)
        }
        guard let curve else {
            return BudgetForecast(budgetBytes: budget, alreadyReached: false)
        }
        let end = Double(series.last!.request)
        let limit = end * forecastReach
        let at = curve.crossing(Double(budget), from: end, limit: limit, on: .fitted)
        let earliest = curve.crossing(Double(budget), from: end, limit: limit, on: .bandHigh(confidence: 0.95))
        let latest = curve.crossing(Double(budget), from: end, limit: limit, on: .bandLow(confidence: 0.95))
        return BudgetForecast(
            budgetBytes: budget, atRequest: at, earliestRequest: earliest, latestRequest: latest,
            atSeconds: seconds(at), earliestSeconds: seconds(earliest), latestSeconds: seconds(latest),
            alreadyReached: false)
    }
}

extension BudgetForecast {
    init(budgetBytes: Int, alreadyReached: Bool) {
        self.init(
            budgetBytes: budgetBytes, atRequest: nil, earliestRequest: nil, latestRequest: nil, atSeconds: nil,
            earliestSeconds: nil, latestSeconds: nil, alreadyReached: alreadyReached)
    }
}

extension MemoryReport {
    /// Whether the series is long enough for its verdict to mean anything
    /// (at least ``MemoryVerdict/minimumSamples`` samples).
    public var isJudged: Bool { series.count >= MemoryVerdict.minimumSamples }
}

/// How the bytes of a growing series are forecast: `factor` × a fitted
/// curve — of the allocator bytes themselves (factor 1), or of the entries
/// (factor: bytes per entry) — never below `floor`, the bytes held at the
/// end, when the curve is the entries' approach to a ceiling.
struct BytesCurve {
    let fit: GrowthFit
    let factor: Double
    let floor: Double
    let measure: String

    /// The curve for a series whose entries or bytes rise; nil when neither does.
    init?(_ series: [MemorySample], entries: GrowthChoice, bytes: GrowthChoice) {
        let last = series.last!
        if entries.model != .flat, last.entries > 0, let entriesFit = entries.fit {
            if entriesFit.model == .saturating {
                let peak = series.map(\.entries).max() ?? 0
                let packings = series.filter { $0.entries > 0 && $0.entries * 10 >= peak && $0.allocatorBytes > 0 }
                    .map { Double($0.allocatorBytes) / Double($0.entries) }
                self.init(
                    fit: entriesFit, factor: packings.min() ?? Double(last.allocatorBytes) / Double(last.entries),
                    floor: Double(last.allocatorBytes), measure: "entries × allocatorBytes per entry")
                return
            }
            if bytes.model != .flat, let bytesFit = bytes.fits.first(where: { $0.model == entriesFit.model }) {
                self.init(fit: bytesFit, factor: 1, floor: -.infinity, measure: "allocatorBytes")
                return
            }
            self.init(
                fit: entriesFit, factor: Double(last.allocatorBytes) / Double(last.entries), floor: -.infinity,
                measure: "entries × allocatorBytes per entry")
            return
        }
        guard bytes.model != .flat, let bytesFit = bytes.fit else { return nil }
        self.init(fit: bytesFit, factor: 1, floor: -.infinity, measure: "allocatorBytes")
    }

    init(fit: GrowthFit, factor: Double, floor: Double, measure: String) {
        self.fit = fit
        self.factor = factor
        self.floor = floor
        self.measure = measure
    }

    /// Whether the curve is of the entries (else of the bytes themselves).
    var fitsEntries: Bool { measure != "allocatorBytes" }

    func bytes(at x: Double) -> Double { max(floor, factor * fit.value(at: x)) }

    /// Whether the floor holds the bytes at `x` (the curve is below what is held).
    func floored(at x: Double) -> Bool { factor * fit.value(at: x) < floor }

    func slope(at x: Double) -> Double { floored(at: x) ? 0 : factor * fit.slope(at: x) }

    func slopeInterval(at x: Double) -> ClosedRange<Double> {
        guard !floored(at: x) else { return 0...0 }
        let interval = fit.slopeInterval(at: x, confidence: 0.95)
        let a = factor * interval.lowerBound, b = factor * interval.upperBound
        // 0 × ∞ is not a number, whose bounds are not ordered: nothing is known.
        guard !a.isNaN, !b.isNaN else { return -Double.infinity...Double.infinity }
        return min(a, b)...max(a, b)
    }

    func band(at x: Double) -> ClosedRange<Double> {
        let band = fit.band(at: x, confidence: 0.95)
        return max(floor, factor * band.lowerBound)...max(floor, factor * band.upperBound)
    }

    /// A saturating fit's ceiling, in the fitted measure (entries or bytes).
    var ceiling: Estimate? {
        fit.parameters(confidence: 0.95).first { $0.name == "ceiling" }.map {
            Estimate(estimate: $0.value, low: $0.low, high: $0.high)
        }
    }

    /// The ceiling in bytes: factor × the fitted ceiling, floored.
    var ceilingBytes: Estimate? {
        ceiling.map {
            Estimate(
                estimate: max(floor, factor * $0.estimate), low: max(floor, factor * $0.low),
                high: max(floor, factor * $0.high))
        }
    }

    /// Where `curve` reaches `level` bytes, in `from`…`limit`.
    func crossing(_ level: Double, from: Double, limit: Double, on curve: GrowthFit.Curve) -> Double? {
        if floor >= level { return from }
        guard factor > 0 else { return nil }
        return fit.firstCrossing(of: level / factor, from: from, limit: limit, curve: curve)
    }

    /// 32 points from `start` (the last sample) to the horizon: twice the
    /// run, or just past where the budget is reached when that is within
    /// 100× the run.
    func forecast(from start: Double, budget: BudgetForecast?, rate: Double?) -> [ForecastPoint] {
        var horizon = 2 * start
        if let reached = budget?.atRequest ?? budget?.earliestRequest, reached > start, reached <= 100 * start {
            horizon = max(horizon, 1.15 * reached)
        }
        let count = 32
        return (0...count).map { i in
            let x = start + (horizon - start) * Double(i) / Double(count)
            let band = band(at: x)
            var point = ForecastPoint(
                atRequest: x, seconds: rate.map { x / $0 }, bytes: bytes(at: x), low: band.lowerBound,
                high: band.upperBound)
            if fitsEntries {
                let entries = fit.band(at: x, confidence: 0.95)
                point.fittedEntries = fit.value(at: x)
                point.entriesLow = entries.lowerBound
                point.entriesHigh = entries.upperBound
            }
            return point
        }
    }
}

extension MemoryVerdict {
    /// Keeps every figure within what a result may hold (finite; bytes and
    /// request positions within ±2⁶², seconds within 10¹⁵; an interval's
    /// ends around its estimate), so a fit that ran off the scale cannot
    /// write a result its own reader would refuse. NaN becomes 0.
    mutating func keepWithinBounds() {
        let bytes = Double(ExperimentResult.largestCount), seconds = ExperimentResult.largestRate
        func clamp(_ value: Double, _ limit: Double, low: Double? = nil) -> Double {
            value.isNaN ? 0 : min(max(value, low ?? -limit), limit)
        }
        func clamp(_ value: Double?, _ limit: Double, low: Double? = nil) -> Double? {
            value.map { clamp($0, limit, low: low) }
        }
        func clamp(_ estimate: Estimate?, _ limit: Double) -> Estimate? {
            guard let estimate else { return nil }
            let center = clamp(estimate.estimate, limit)
            return Estimate(
                estimate: center, low: min(center, clamp(estimate.low, limit)),
                high: max(center, clamp(estimate.high, limit)))
        }
        bytesPerRequest = clamp(bytesPerRequest, bytes)
        bytesPerRequestLow = min(bytesPerRequest, clamp(bytesPerRequestLow, bytes))
        bytesPerRequestHigh = max(bytesPerRequest, clamp(bytesPerRequestHigh, bytes))
        projectedBytes = clamp(projectedBytes, bytes)
        plateauBytes = clamp(plateauBytes, bytes)
        plateauEntries = clamp(plateauEntries, bytes, low: 0)
        requestsPerSecond = clamp(requestsPerSecond, seconds, low: 0)
        bytesPerSecond = clamp(bytesPerSecond, bytes)
        ceilingBytes = clamp(ceilingBytes, bytes)
        ceilingEntries = clamp(ceilingEntries, bytes)
        exponent = clamp(exponent, .greatestFiniteMagnitude)
        if var forecast = budget {
            forecast.atRequest = clamp(forecast.atRequest, bytes, low: 0)
            forecast.earliestRequest = clamp(forecast.earliestRequest, bytes, low: 0)
            forecast.latestRequest = clamp(forecast.latestRequest, bytes, low: 0)
            forecast.atSeconds = clamp(forecast.atSeconds, seconds, low: 0)
            forecast.earliestSeconds = clamp(forecast.earliestSeconds, seconds, low: 0)
            forecast.latestSeconds = clamp(forecast.latestSeconds, seconds, low: 0)
            budget = forecast
        }
        forecast = forecast?.map { point in
            let fitted = clamp(point.bytes, bytes)
            var bounded = ForecastPoint(
                atRequest: clamp(point.atRequest, bytes, low: 0), seconds: clamp(point.seconds, seconds, low: 0),
                bytes: fitted, low: min(fitted, clamp(point.low, bytes)), high: max(fitted, clamp(point.high, bytes)))
            if let entries = point.fittedEntries {
                let center = clamp(entries, bytes)
                bounded.fittedEntries = center
                bounded.entriesLow = min(center, clamp(point.entriesLow ?? center, bytes))
                bounded.entriesHigh = max(center, clamp(point.entriesHigh ?? center, bytes))
            }
            return bounded
        }
        // The fits are finite already (ModelFit.init, GrowthChoice.measureFit).
    }
}
