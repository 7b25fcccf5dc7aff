import Foundation
import Harness
import Testing

/// `cachesim run` of a spec with `"curves": {…}` (issue 15): every
/// policy's curve in result.json, passing through the policy's own runs —
/// exactly at rate 1, where each point is a full simulation, and within
/// the sampling's error below it — and drawn in report.html beside them.
@Suite struct SpecCurvesTests {
    static func spec(rate: Double) -> String {
        #"""
        { "name": "curves", "seed": 8, "requests": 150000,
          "keys": { "source": "zipf", "alpha": 0.9, "universe": 15000 },
          "caches": [ { "policy": "lru", "capacity": [600, 3000] }, { "policy": "s3fifo", "capacity": [600, 3000] },
                      { "policy": "clock", "capacity": [600, 3000] }, { "policy": "unbounded" } ],
          "curves": { "samplingRate": \#(rate), "points": 8 } }
        """#
    }

    @Test(arguments: [1.0, 0.25])
    func curvesPassThroughThePolicysOwnRuns(rate: Double) throws {
        let folder = try temporaryFolder(["c.json": Self.spec(rate: rate)])
        let run = try CommandRunner.run(["run", "c.json", "--jobs", "1", "--quiet", "--out", "out"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let result = try ExperimentResult.read(from: folder.appendingPathComponent("out/result.json").path)
        let curves = try #require(result.curves)
        #expect(curves.curves.map(\.policy) == ["lru", "s3fifo", "clock"], "unbounded has no curve")
        #expect(curves.samplingRate == rate)
        for curve in curves.curves {
            // 8 log-spaced sizes from 150 to 12,000, and the runs' own two.
            #expect(
                curve.points.count == 10 && curve.points.first?.capacity == 150 && curve.points.last?.capacity == 12_000
            )
            for run in result.runs where run.policy == curve.policy {
                let capacity = try #require(run.capacity).limit
                let estimate = try #require(curve.hitRatio(at: capacity), "\(curve.policy) at \(capacity)")
                if rate == 1 {
                    #expect(estimate == run.hitRatio, "\(curve.policy) at \(capacity): full simulation twice")
                } else {
                    #expect(
                        abs(estimate - run.hitRatio) < 0.03,
                        "\(curve.policy) at \(capacity): \(estimate) vs \(run.hitRatio)")
                }
            }
        }
        let html = try String(contentsOf: folder.appendingPathComponent("out/report.html"), encoding: .utf8)
        let method = rate == 1 ? "exact (a full simulation per capacity)" : "miniature simulation at rate \(rate)"
        #expect(html.contains("s3fifo — curve (\(method))"), "the curve is drawn beside the runs")
    }

    @Test func aResultWithAnImpossibleCurveIsRefusedNamingTheField() throws {
        let folder = try temporaryFolder(["c.json": Self.spec(rate: 0.5)])
        let run = try CommandRunner.run(["run", "c.json", "--jobs", "1", "--quiet", "--out", "out"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let path = folder.appendingPathComponent("out/result.json")
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any])
        var curves = try #require(document["curves"] as? [String: Any])
        var list = try #require(curves["curves"] as? [[String: Any]])
        var points = try #require(list[1]["points"] as? [[String: Any]])
        points[3]["hitRatio"] = 1.5
        list[1]["points"] = points
        curves["curves"] = list
        document["curves"] = curves
        try JSONSerialization.data(withJSONObject: document).write(to: path)
        let report = try CommandRunner.run(["report", "out/result.json", "--out", "r"], in: folder)
        #expect(report.status == 2, "\(report.stdout)")
        #expect(report.stderr.contains("curves.curves[1].points[3].hitRatio"), "\(report.stderr)")
    }
}
