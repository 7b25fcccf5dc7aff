import Foundation
import Harness
import TestSupport
import Testing

/// Lifetimes at the command line: `describe` tells a stream's lifetimes,
/// `run` honours them where a cache says `"expiry": "stream"` and shows the
/// misses by cause.
@Suite struct LifetimeCommandTests {
    static let spec = #"""
        { "name": "ttls", "seed": 4, "requests": 60000,
          "keys": { "source": "zipf", "alpha": 0.9, "universe": 5000 },
          "arrivals": { "process": "poisson", "ratePerSecond": 500 },
          "lifetimes": { "distribution": "exponential", "meanSeconds": 4, "never": 0.25 },
          "caches": [
            { "policy": "unbounded", "expiry": "stream" },
            { "policy": "lru", "capacity": 500, "expiry": "stream" },
            { "policy": "lru", "capacity": 500 } ] }
        """#

    /// The number after `label` on its line of `text`.
    func number(after label: String, in text: String) -> Int? {
        guard let line = text.split(separator: "\n").first(where: { $0.contains(label) }),
            let range = line.range(of: label)
        else { return nil }
        return Int(line[range.upperBound...].drop { $0 == " " }.prefix { $0.isNumber })
    }

    @Test func describeCountsWhatAnUnboundedExpiringCacheFindsExpired() throws {
        // Two implementations: describe's map of expiry times, and the
        // kernel's heap with the harness's causes, on the same stream.
        let folder = try temporaryFolder(["ttls.json": Self.spec])
        let described = try CommandRunner.run(["describe", "ttls.json"], in: folder)
        #expect(described.status == 0, "\(described.stderr)")
        #expect(described.stdout.contains("lifetimes "), "\(described.stdout)")
        let expiredOnArrival = try #require(number(after: "expired on arrival", in: described.stdout))
        let ran = try CommandRunner.run(["run", "ttls.json", "--out", "r"], in: folder)
        #expect(ran.status == 0, "\(ran.stderr)")
        #expect(ran.stdout.contains("Misses by cause"), "\(ran.stdout)")
        let result = try JSONDecoder().decode(
            ExperimentResult.self, from: Data(contentsOf: folder.appendingPathComponent("r/result.json")))
        let unbounded = try #require(result.runs.first { $0.policy == "unbounded" })
        #expect(unbounded.missCauses?.expired == expiredOnArrival)
        #expect(unbounded.missCauses?.capacity == 0, "an unbounded map evicts nothing")
        for run in result.runs {
            #expect(run.missCauses?.total == run.misses, "\(run.label)")
        }
        let plain = try #require(result.runs.first { $0.label == "lru(500)" })
        #expect(plain.expirations == nil && plain.missCauses?.expired == 0)
        let expiring = try #require(result.runs.first { $0.label == "lru(500, expiry=stream)" })
        #expect((expiring.expirations ?? 0) > 0 && (expiring.missCauses?.expired ?? 0) > 0)
        let report = try String(contentsOf: folder.appendingPathComponent("r/report.md"), encoding: .utf8)
        #expect(report.contains("misses by cause"), "the report has the table")
    }

    @Test func genSaysTheLifetimesAreNotWritten() throws {
        let folder = try temporaryFolder(["ttls.json": Self.spec])
        let result = try CommandRunner.run(["gen", "ttls.json", "--out", "t.csv", "--format", "csv"], in: folder)
        #expect(result.status == 0)
        #expect(result.stderr.contains("lifetimes are not written"), "\(result.stderr)")
    }
}
