import Foundation
import Harness
import Stats
import Testing
import Workload

/// `cachesim forecast`'s analysis on series whose truth is known: the model
/// it must choose, the slope it must find (within 5 %), the restarts.
@Suite struct ServiceForecastTests {
    static let start = 1_714_564_800.0  // 2024-05-01T12:00:00Z
    static let day = 86_400.0

    /// `count` points a minute apart from `start`, `bytes` of the seconds
    /// since then plus Gaussian noise of `sigma` (GSL, fixed seed).
    static func series(
        _ count: Int, sigma: Double, seed: UInt64 = 11, _ bytes: (Double) -> Double
    )
        -> ServiceMemorySeries
    {
        let rng = RandomSource(seed: seed)
        let times = (0..<count).map { start + 60 * Double($0) }
        let values = times.map { time -> Double in
            let u = rng.uniformPositive(), v = rng.uniform()
            return max(0, bytes(time - start) + sigma * (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v))
        }
        return ServiceMemorySeries(path: "synthetic.csv", format: .csv, times: times, bytes: values)
    }

    @Test func linearLeakWithNoiseGrowsAtItsSlope() throws {
        // 300 MB, leaking 4 KiB/s (≈ 330 MiB a day), for two days.
        let slope = 4096.0
        let forecast = ServiceForecast.assess(
            Self.series(2 * 1440, sigma: 8e6) { 300e6 + slope * $0 }, budget: 4 << 30)
        #expect(forecast.verdict == .grows)
        #expect(forecast.model == .linear)
        #expect(abs(forecast.slopeBytesPerSecond - slope) / slope < 0.05, "\(forecast.slopeBytesPerSecond)")
        #expect(forecast.slopeInterval[0] < slope && slope < forecast.slopeInterval[1])
        #expect(abs(forecast.bytesPerDay - slope * Self.day) / (slope * Self.day) < 0.05)
        #expect(forecast.restarts == 0)
        // From the last level, at the true slope: (budget − now) / slope.
        let now = 300e6 + slope * (forecast.endSeconds - forecast.startSeconds)
        let expected = (Double(4 << 30) - now) / slope
        let time = try #require(forecast.timeToBudgetSeconds)
        #expect(abs(time - expected) / expected < 0.05, "\(time) s, expected \(expected) s")
        let interval = try #require(forecast.timeToBudgetInterval)
        #expect((interval[0] ?? .infinity) < time && time < (interval[1] ?? 0))
    }

    @Test func saturatingCurveLevelsOffAtItsCeiling() throws {
        // From 300 MB towards 500 MB with a time constant of two thirds of
        // the series: at its end, 78 % of the way there.
        let span = 3 * Self.day
        let tau = span / 1.5
        let forecast = ServiceForecast.assess(
            Self.series(3 * 1440, sigma: 1e6) { 500e6 - 200e6 * exp(-$0 / tau) }, budget: 1 << 30)
        #expect(forecast.verdict == .saturating)
        #expect(forecast.model == .saturating)
        let ceiling = try #require(forecast.ceilingBytes)
        #expect(abs(ceiling.estimate - 500e6) / 500e6 < 0.05, "\(ceiling)")
        // The slope at the end: the derivative of the true curve there.
        let truth = 200e6 / tau * exp(-(forecast.endSeconds - forecast.startSeconds) / tau)
        #expect(abs(forecast.slopeBytesPerSecond - truth) / truth < 0.05, "\(forecast.slopeBytesPerSecond) vs \(truth)")
        #expect(forecast.timeToBudgetSeconds == nil, "a ceiling below the budget is never reached")
    }

    @Test func noisyPlateauIsAPlateau() {
        let forecast = ServiceForecast.assess(Self.series(1440, sigma: 5e6) { _ in 400e6 }, budget: 1 << 30)
        #expect(forecast.verdict == .plateau)
        #expect(forecast.model == .flat)
        #expect(forecast.timeToBudgetSeconds == nil)
        #expect(forecast.restarts == 0)
    }

    @Test func linearLeakWithTwoRestartsIsFoundAndFittedPerSegment() throws {
        // A day per run: each restart drops back to 250 MB and the clock resets.
        let slope = 3000.0
        let forecast = ServiceForecast.assess(
            Self.series(3 * 1440, sigma: 4e6) { 250e6 + slope * $0.truncatingRemainder(dividingBy: Self.day) },
            budget: 2 << 30)
        #expect(forecast.restarts == 2)
        #expect(forecast.restartSeconds == [Self.start + Self.day, Self.start + 2 * Self.day])
        #expect(forecast.segments.map(\.points) == [1440, 1440, 1440])
        for segment in forecast.segments {
            #expect(segment.model == .linear)
            #expect(abs(segment.slopeBytesPerSecond - slope) / slope < 0.05, "\(segment)")
        }
        #expect(forecast.verdict == .grows && forecast.verdictSegment == 2)
        #expect(abs(forecast.slopeBytesPerSecond - slope) / slope < 0.05)
        // From the last segment's level: its own day of growth, not three.
        let now = 250e6 + slope * (Self.day - 60)
        let expected = (Double(2 << 30) - now) / slope
        let time = try #require(forecast.timeToBudgetSeconds)
        #expect(abs(time - expected) / expected < 0.05, "\(time) vs \(expected)")
    }

    @Test func aShortLastSegmentBorrowsTheLongestOnesCurveFromWhereItStandsNow() throws {
        // Two days of a 3 KB/s leak, a restart, and two minutes since.
        let slope = 3000.0
        var leak = Self.series(2 * 1440, sigma: 2e6) { 250e6 + slope * $0 }
        leak.times += [leak.times.last! + 60, leak.times.last! + 120]
        leak.bytes += [250e6, 250e6 + slope * 60]
        let forecast = ServiceForecast.assess(leak, budget: 1 << 30)
        #expect(forecast.restarts == 1)
        #expect(forecast.verdictSegment == 0, "the last segment has 2 points: too few to fit")
        let expected = (Double(1 << 30) - (250e6 + slope * 60)) / slope
        let time = try #require(forecast.timeToBudgetSeconds)
        #expect(abs(time - expected) / expected < 0.05, "\(time) vs \(expected)")
    }

    @Test func jsonNamesEveryFieldAndWritesNullWhenNever() throws {
        let forecast = ServiceForecast.assess(Self.series(100, sigma: 1e6) { _ in 400e6 }, budget: 1 << 30)
        let json = try #require(try JSONSerialization.jsonObject(with: forecast.jsonData()) as? [String: Any])
        for field in ["verdict", "model", "slopeBytesPerSecond", "slopeInterval", "restarts", "timeToBudgetSeconds"] {
            #expect(json.keys.contains(field), "\(field)")
        }
        #expect(json["verdict"] as? String == "plateau")
        #expect(json["timeToBudgetSeconds"] is NSNull)
        #expect((json["slopeInterval"] as? [Double])?.count == 2)
    }
}
