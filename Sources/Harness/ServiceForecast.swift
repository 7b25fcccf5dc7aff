import Foundation
import Stats
import Workload

/// The verdict and forecast on a live service's memory series (`cachesim
/// forecast`), by the rules the harness applies to a cache's series
/// (``GrowthChoice``), against seconds instead of requests.
///
/// A restart — a sudden drop back to near the level the run started from
/// (``RestartDetector``) — resets the clock: the series is cut into
/// segments at restarts, each fitted on its own, and the verdict is the
/// last segment's (or, when that holds fewer than
/// ``ServiceMemorySeries/minimumPoints`` points, the longest one's, with
/// the time to the budget counted from where the fitted curve stands at
/// the last level seen). Numbers and enums only; `Report` words them.
public struct ServiceForecast: Encodable, Sendable, Equatable {
    /// The file, its format and the series' name.
    public var file: String
    public var format: String
    public var series: String?
    public var points: Int
    /// Unix seconds of the first and the last point.
    public var startSeconds: Double
    public var endSeconds: Double
    /// Bytes at the last point.
    public var lastBytes: Double
    /// plateau, grows or saturating.
    public var verdict: MemoryVerdict.Kind
    public var model: GrowthModel
    /// Growth at the end of the verdict's segment, in bytes per second,
    /// with its 95 % interval [low, high].
    public var slopeBytesPerSecond: Double
    public var slopeInterval: [Double]
    public var bytesPerDay: Double
    /// saturating: the ceiling; power: the exponent.
    public var ceilingBytes: Estimate?
    public var exponent: Estimate?
    /// Restarts found, and the unix seconds of the first point after each.
    public var restarts: Int
    public var restartSeconds: [Double]
    public var segments: [Segment]
    /// Which of `segments` the verdict is from.
    public var verdictSegment: Int
    /// The budget, and the seconds from the last point until the forecast
    /// reaches it (0 when already there; null without a budget, or when it
    /// is never reached within 10,000× the segment's length), with the
    /// 95 % band's [earliest, latest] (latest null when the band's lower
    /// edge never reaches it).
    public var budgetBytes: Int?
    public var timeToBudgetSeconds: Double?
    public var timeToBudgetInterval: [Double?]?
    /// The models fitted to the verdict's segment: the chosen one with its
    /// parameters (x in seconds since the segment began), and every one's score.
    public var fit: MeasureFit?
    /// The fitted curve and its 95 % prediction band, from the verdict
    /// segment's start to the horizon (twice its length, or just past the
    /// budget when that is within 100×).
    public var forecast: [Point]
    /// The series itself, one array per segment, for charts (not in the JSON,
    /// which is about the verdict; the file holds the series).
    public var measured: [[Sample]]

    /// A measured point.
    public struct Sample: Sendable, Equatable {
        public var seconds: Double
        public var bytes: Double
    }

    /// One piece of the series between restarts.
    public struct Segment: Codable, Sendable, Equatable {
        public var startSeconds: Double
        public var endSeconds: Double
        public var points: Int
        /// nil when the segment is too short to fit.
        public var model: GrowthModel?
        public var slopeBytesPerSecond: Double
        public var slopeInterval: [Double]
        public var lastBytes: Double
    }

    /// A point of the forecast, at unix seconds.
    public struct Point: Codable, Sendable, Equatable {
        public var seconds: Double
        public var bytes: Double
        public var low: Double
        public var high: Double
    }

    /// The forecast for `series`, with time to `budget` when one is given.
    /// Every figure is finite (a fit that ran off the scale is clamped), so
    /// the JSON can always be written. O(points × fit iterations).
    public static func assess(_ series: ServiceMemorySeries, budget: Int? = nil) -> ServiceForecast {
        var forecast = unclamped(series, budget: budget)
        forecast.keepFinite()
        return forecast
    }

    static func unclamped(_ series: ServiceMemorySeries, budget: Int?) -> ServiceForecast {
        let restarts = RestartDetector.restarts(in: series.bytes)
        let ranges = RestartDetector.segments(count: series.times.count, restarts: restarts)
        let fitted = ranges.map { range -> (segment: Segment, choice: GrowthChoice?) in
            let origin = series.times[range.lowerBound]
            let x = series.times[range].map { $0 - origin }, y = Array(series.bytes[range])
            let enough = range.count >= ServiceMemorySeries.minimumPoints
            let choice = enough ? GrowthChoice(x: x, y: y) : nil
            let (slope, interval) = choice.map { slopeAtEnd($0, x.last!) } ?? roughSlope(x, y)
            let segment = Segment(
                startSeconds: origin, endSeconds: series.times[range.upperBound - 1], points: range.count,
                model: choice?.model, slopeBytesPerSecond: slope,
                slopeInterval: [interval.lowerBound, interval.upperBound],
                lastBytes: y.last!)
            return (segment, choice)
        }
        let lastIndex = fitted.count - 1
        let chosenIndex =
            fitted[lastIndex].choice != nil
            ? lastIndex : fitted.indices.max { fitted[$0].segment.points < fitted[$1].segment.points }!
        let segment = fitted[chosenIndex].segment
        let lastBytes = series.bytes.last!
        var forecast = ServiceForecast(
            file: series.path, format: series.format.rawValue, series: series.name, points: series.times.count,
            startSeconds: series.times.first!, endSeconds: series.times.last!, lastBytes: lastBytes,
            verdict: .plateau, model: .flat, slopeBytesPerSecond: segment.slopeBytesPerSecond,
            slopeInterval: segment.slopeInterval, bytesPerDay: segment.slopeBytesPerSecond * 86_400,
            ceilingBytes: nil, exponent: nil, restarts: restarts.count,
            restartSeconds: restarts.map { series.times[$0] }, segments: fitted.map(\.segment),
            verdictSegment: chosenIndex, budgetBytes: budget, timeToBudgetSeconds: nil, timeToBudgetInterval: nil,
            fit: nil, forecast: [],
            measured: ranges.map { range in range.map { Sample(seconds: series.times[$0], bytes: series.bytes[$0]) } })
        guard let choice = fitted[chosenIndex].choice else { return forecast }
        forecast.model = choice.model
        forecast.verdict = choice.model == .flat ? .plateau : (choice.model == .saturating ? .saturating : .grows)
        forecast.fit = choice.measureFit("bytes")
        let parameters = choice.fit?.parameters(confidence: 0.95) ?? []
        func estimate(_ name: String) -> Estimate? {
            parameters.first { $0.name == name }.map { Estimate(estimate: $0.value, low: $0.low, high: $0.high) }
        }
        if choice.model == .saturating { forecast.ceilingBytes = estimate("ceiling") }
        if choice.model == .power { forecast.exponent = estimate("exponent") }
        let span = segment.endSeconds - segment.startSeconds
        // Where the verdict's curve stands now: its end, or the last level
        // seen on it when a later, short segment holds that level.
        var now = span
        if chosenIndex != lastIndex, let fit = choice.fit {
            now = fit.firstCrossing(of: lastBytes, from: 0, limit: span * MemoryVerdict.forecastReach) ?? 0
        }
        if let budget {
            forecast.timeToBudgetSeconds = 0
            forecast.timeToBudgetInterval = [0, 0]
            if lastBytes < Double(budget) {
                forecast.timeToBudgetSeconds = nil
                forecast.timeToBudgetInterval = nil
                if choice.model != .flat, let fit = choice.fit {
                    let limit = now + span * MemoryVerdict.forecastReach
                    func time(_ curve: GrowthFit.Curve) -> Double? {
                        fit.firstCrossing(of: Double(budget), from: now, limit: limit, curve: curve).map { $0 - now }
                    }
                    forecast.timeToBudgetSeconds = time(.fitted)
                    forecast.timeToBudgetInterval = [
                        time(.bandHigh(confidence: 0.95)), time(.bandLow(confidence: 0.95)),
                    ]
                }
            }
        }
        if let fit = choice.fit {
            var horizon = 2 * span
            if let time = forecast.timeToBudgetSeconds ?? forecast.timeToBudgetInterval?.first ?? nil,
                now + time <= 100 * max(span, 1)
            {
                horizon = max(horizon, 1.15 * (now + time))
            }
            forecast.forecast = (0...64).map { i in
                let x = horizon * Double(i) / 64
                let band = fit.band(at: x, confidence: 0.95)
                return Point(
                    seconds: segment.startSeconds + x, bytes: fit.value(at: x), low: band.lowerBound,
                    high: band.upperBound)
            }
        }
        return forecast
    }

    /// NaN becomes 0 and infinities the largest finite numbers.
    mutating func keepFinite() {
        func f(_ value: Double) -> Double { finite(value) }
        slopeBytesPerSecond = f(slopeBytesPerSecond)
        slopeInterval = slopeInterval.map(f)
        bytesPerDay = f(bytesPerDay)
        ceilingBytes = ceilingBytes.map { Estimate(estimate: f($0.estimate), low: f($0.low), high: f($0.high)) }
        exponent = exponent.map { Estimate(estimate: f($0.estimate), low: f($0.low), high: f($0.high)) }
        segments = segments.map { segment in
            var segment = segment
            segment.slopeBytesPerSecond = f(segment.slopeBytesPerSecond)
            segment.slopeInterval = segment.slopeInterval.map(f)
            return segment
        }
        timeToBudgetSeconds = timeToBudgetSeconds.map(f)
        timeToBudgetInterval = timeToBudgetInterval.map { $0.map { $0.map(f) } }
        forecast = forecast.map { Point(seconds: f($0.seconds), bytes: f($0.bytes), low: f($0.low), high: f($0.high)) }
    }

    /// The chosen model's slope at `end` and its interval (a plateau's: the second half's line).
    static func slopeAtEnd(_ choice: GrowthChoice, _ end: Double) -> (Double, ClosedRange<Double>) {
        guard choice.model != .flat, let fit = choice.fit else {
            return (choice.secondHalf.fit?.slope ?? 0, choice.secondHalf.interval)
        }
        return (fit.slope(at: end), fit.slopeInterval(at: end, confidence: 0.95))
    }

    /// A segment too short to fit: its average growth, without an interval.
    static func roughSlope(_ x: [Double], _ y: [Double]) -> (Double, ClosedRange<Double>) {
        guard let span = x.last, span > 0 else { return (0, 0...0) }
        let slope = (y.last! - y.first!) / span
        return (slope, slope...slope)
    }

    /// The forecast as `cachesim forecast --format json` prints it:
    /// pretty-printed, sorted keys, null where a figure is absent.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    private enum CodingKeys: String, CodingKey {
        case file, format, series, points, startSeconds, endSeconds, lastBytes, verdict, model
        case slopeBytesPerSecond, slopeInterval, bytesPerDay, ceilingBytes, exponent, restarts, restartSeconds
        case segments, verdictSegment, budgetBytes, timeToBudgetSeconds, timeToBudgetInterval, fit, forecast
    }

    /// Every field, absent ones as null (so `timeToBudgetSeconds` is null when never).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(format, forKey: .format)
        try c.encode(series, forKey: .series)
        try c.encode(points, forKey: .points)
        try c.encode(startSeconds, forKey: .startSeconds)
        try c.encode(endSeconds, forKey: .endSeconds)
        try c.encode(lastBytes, forKey: .lastBytes)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(model, forKey: .model)
        try c.encode(slopeBytesPerSecond, forKey: .slopeBytesPerSecond)
        try c.encode(slopeInterval, forKey: .slopeInterval)
        try c.encode(bytesPerDay, forKey: .bytesPerDay)
        try c.encode(ceilingBytes, forKey: .ceilingBytes)
        try c.encode(exponent, forKey: .exponent)
        try c.encode(restarts, forKey: .restarts)
        try c.encode(restartSeconds, forKey: .restartSeconds)
        try c.encode(segments, forKey: .segments)
        try c.encode(verdictSegment, forKey: .verdictSegment)
        try c.encode(budgetBytes, forKey: .budgetBytes)
        try c.encode(timeToBudgetSeconds, forKey: .timeToBudgetSeconds)
        try c.encode(timeToBudgetInterval, forKey: .timeToBudgetInterval)
        try c.encode(fit, forKey: .fit)
        try c.encode(forecast, forKey: .forecast)
    }
}
