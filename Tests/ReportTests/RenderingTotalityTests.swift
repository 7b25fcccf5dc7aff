import Caches
import Foundation
import Report
import Testing

@testable import Harness

/// Defence in depth: `cachesim report` validates a result before rendering
/// it, but the rendering itself is total too — any figure, however absurd
/// (built in code, past validation), gives a report, never a trap.
@Suite struct RenderingTotalityTests {
    static let doubles: [Double] = [
        1e308, -1e308, .infinity, -.infinity, .nan, Double(Int.max), 9.99e307, -1e18, .leastNonzeroMagnitude,
    ]
    static let integers: [Int] = [Int.max, Int.min, -1, 1 << 62]

    /// Every figure of every run and summary of the zipf fixture set to `value`.
    static func poisoned(_ value: Double, _ integer: Int) -> ExperimentResult {
        var result = FixtureResults.zipf()
        for i in result.runs.indices {
            result.runs[i].hitRatio = value
            result.runs[i].byteHitRatio = value
            result.runs[i].cheHitRatio = value
            result.runs[i].hits = integer
            result.runs[i].evictions = integer
            result.runs[i].throughput.requestsPerSecond = value
            result.runs[i].latency.get.p50 = integer
            result.runs[i].latency.get.max = integer
            result.runs[i].latency.set.p99 = integer
            result.runs[i].serviceLatency?.meanNanoseconds = value
            result.runs[i].serviceLatency?.p99Nanoseconds = value
            result.runs[i].memory.finalAllocatorBytes = integer
            result.runs[i].memory.finalEntries = integer
            result.runs[i].memory.verdict.bytesPerRequest = value
            result.runs[i].memory.verdict.plateauBytes = value
            result.workload.distinctKeyLimit = integer
            for j in result.runs[i].memory.series.indices where j % 3 == 0 {
                result.runs[i].memory.series[j].allocatorBytes = integer
                result.runs[i].memory.series[j].request = integer
                result.runs[i].memory.series[j].seconds = value
                result.runs[i].memory.series[j].hits = integer
            }
            let poisonedEstimate = Estimate(estimate: value, low: -value, high: value)
            result.runs[i].memory.verdict.requestsPerSecond = value
            result.runs[i].memory.verdict.bytesPerSecond = poisonedEstimate
            result.runs[i].memory.verdict.ceilingBytes = poisonedEstimate
            result.runs[i].memory.verdict.ceilingEntries = poisonedEstimate
            result.runs[i].memory.verdict.exponent = poisonedEstimate
            result.runs[i].memory.verdict.kind = [.grows, .plateau, .saturating][i % 3]
            result.runs[i].memory.verdict.budget = BudgetForecast(
                budgetBytes: integer, atRequest: value, earliestRequest: -value, latestRequest: nil, atSeconds: value,
                earliestSeconds: value, latestSeconds: -value, alreadyReached: i % 2 == 0)
            result.runs[i].memory.verdict.forecast = [
                ForecastPoint(
                    atRequest: value, seconds: value, bytes: value, low: -value, high: value, fittedEntries: value,
                    entriesLow: value, entriesHigh: -value),
                ForecastPoint(atRequest: 0, seconds: nil, bytes: 1, low: 0, high: 2),
            ]
            result.runs[i].warm = WarmState(request: integer, seconds: value, steadyHitRatio: value, tolerance: value)
            result.runs[i].warmupRequests = integer
            result.runs[i].ttlPrediction = TTLPrediction(
                insertionsPerSecond: value, lifetimeSeconds: value, entries: value, bytes: value, hitRatio: value)
            result.runs[i].lruCurve = [
                MissRatioPoint(capacity: Int.max, hitRatio: value), MissRatioPoint(capacity: 1, hitRatio: -value),
            ]
        }
        for i in result.summaries.indices {
            result.summaries[i].hitRatio = i % 2 == 0 ? value : -value
            result.summaries[i].hitRatioHalfWidth = value
            result.summaries[i].byteHitRatio = value
            result.summaries[i].requestsPerSecond = i % 2 == 0 ? value : -value
            result.summaries[i].requestsPerSecondHalfWidth = value
            result.summaries[i].cheHitRatio = value
            if i % 3 == 0 { result.summaries[i].capacity = .entries(Int.max) }
        }
        return result
    }

    @Test(arguments: doubles)
    func reportsRenderWhateverTheFigures(value: Double) throws {
        for integer in Self.integers {
            let result = Self.poisoned(value, integer)
            #expect(throws: ResultFileError.self) { try result.validate(file: "poisoned.json") }
            let files = ReportFiles.render([result, FixtureResults.uniqueIDs()], csv: true)
            let across =
                ComparativeReport([result, FixtureResults.uniqueIDs()]).acrossTables.isEmpty ? [] : ["across.csv"]
            #expect(files.map(\.name) == ["report.md", "report.html", "runs.csv", "wins.csv"] + across)
            #expect(files.allSatisfy { !$0.contents.isEmpty })
            #expect(!RunTable.render(result).isEmpty)
            for tolerance in [
                Tolerance(), Tolerance(throughput: 0.1), Tolerance(throughput: 0.1, throughputReference: "noop"),
            ] {
                let comparison = try ResultComparison.compare(FixtureResults.zipf(), result, tolerance: tolerance)
                #expect(!comparison.render().isEmpty)
                #expect(
                    !(try ResultComparison.compare(result, FixtureResults.zipf(), tolerance: tolerance)).render()
                        .isEmpty)
            }
        }
    }

    @Test func axesStayFiniteAndSmallForAnyValues() {
        for values in [
            [-1e308, 1e308], [.greatestFiniteMagnitude], [-.greatestFiniteMagnitude, 0],
            [.leastNonzeroMagnitude, 1e-300], [.nan, .infinity],
        ] {
            let linear = NiceScale(linear: values)
            #expect(linear.ticks.count <= 20, "\(values): \(linear.ticks.count) ticks")
            #expect(linear.lower.isFinite && linear.upper.isFinite && linear.step.isFinite, "\(values)")
            #expect(linear.tickDecimals >= 0)
            let log = NiceScale(log: values)
            #expect(log.ticks.count <= 500, "\(values): \(log.ticks.count) ticks")
            #expect(log.lower.isFinite && log.upper.isFinite, "\(values)")
            _ = NiceScale.automatic(values)
            let (axis, _) = ChartAxis.bytes("memory", values: values)
            #expect(axis.scale.ticks.map(axis.tickLabel).allSatisfy { !$0.isEmpty })
        }
    }

    @Test func sparklinesDrawAnySeries() {
        for values in [
            [-1e308, 1e308, 0], [.nan, 1, 2], [.infinity, -.infinity], [Double(Int.max), -Double(Int.max)],
            [.leastNonzeroMagnitude, 0],
        ] {
            #expect(Sparkline.render(values).count == 16, "\(values)")
        }
        #expect(Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7], width: 8) == "▁▂▃▄▅▆▇█", "ordinary series draw as before")
    }
}
