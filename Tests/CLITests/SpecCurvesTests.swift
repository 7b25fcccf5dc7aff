import Foundation
import Harness
import Testing
import Workload

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

    /// A curve in bytes with no byte capacities to take its range from
    /// spans the sizes a miniature resolves — 32 objects of the mean size
    /// at the rate — to every object's bytes.
    @Test func aCurveInBytesSpansWhatTheStreamHolds() throws {
        let folder = try temporaryFolder([
            "b.json": #"""
            { "name": "bytes", "seed": 3, "requests": 50000,
              "keys": { "source": "zipf", "alpha": 0.7, "universe": 2000 },
              "sizes": { "distribution": "fixed", "bytes": 100 },
              "caches": [ { "policy": "fifo", "capacity": 100 } ],
              "curves": { "samplingRate": 0.5, "unit": "bytes", "points": 6 } }
            """#
        ])
        let run = try CommandRunner.run(["run", "b.json", "--jobs", "1", "--quiet", "--out", "out"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let result = try ExperimentResult.read(from: folder.appendingPathComponent("out/result.json").path)
        let curve = try #require(result.curves?.curves.first)
        #expect(result.curves?.unit == .bytes)
        #expect(curve.points.first?.capacity == 32 * 100 * 2, "32 objects of 100 bytes at rate 0.5")
        // Every object's bytes: the distinct keys (within HyperLogLog's 5σ) × 100.
        var stream = try WorkloadStream(try WorkloadSpec.load(path: folder.appendingPathComponent("b.json").path))
        var chunk = RequestChunk(capacity: 4096)
        var keys = Set<UInt64>()
        while try stream.next(into: &chunk, limit: 4096) > 0 { keys.formUnion(chunk.keys) }
        let distinct = Double(keys.count)
        let top = Double(try #require(curve.points.last?.capacity))
        #expect(abs(top / (distinct * 100) - 1) < 5 * 0.0041, "\(top) bytes for \(distinct) keys")
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
