import Foundation
import Harness
import Report
import Testing

/// Result files in a temporary directory, removed when the value goes.
final class ResultFiles {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("report-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Writes `result` as `name` and returns its path.
    func write(_ result: ExperimentResult, _ name: String) throws -> String {
        try write(result.jsonData(), name)
    }

    func write(_ data: Data, _ name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }
}

@Suite struct ResultComparisonTests {
    let baseline = FixtureResults.zipf()

    func compare(_ current: ExperimentResult, _ tolerance: Tolerance = Tolerance()) throws -> ResultComparison {
        try ResultComparison.compare(baseline, current, tolerance: tolerance)
    }

    /// `baseline` with `change` applied to the run labelled `label` (first seed).
    func changed(_ label: String, _ change: (inout RunResult) -> Void) -> ExperimentResult {
        var result = baseline
        let index = result.runs.firstIndex { $0.label == label }!
        change(&result.runs[index])
        return result
    }

    @Test func identicalResultsAreWithinTolerance() throws {
        let comparison = try compare(baseline)
        #expect(comparison.status == .ok)
        #expect(comparison.exitStatus == 0)
        #expect(comparison.rows.count == baseline.runs.count)
        #expect(comparison.render().contains("All \(baseline.runs.count) runs within tolerance."))
    }

    @Test func oneChangedHitCountIsARegression() throws {
        // As if CLOCK inserted new keys with the reference bit set: one more hit.
        let comparison = try compare(
            changed("clock(1000)") {
                $0.hits += 1; $0.misses -= 1
            })
        #expect(comparison.exitStatus == 1)
        let bad = comparison.rows.filter { $0.status == .regression }
        #expect(bad.map(\.label) == ["clock(1000)"])
        #expect(bad[0].notes == ["hits 407,500 → 407,501 (+1, +0.0002%)"])
        #expect(
            comparison.render(onlyChanges: true).components(separatedBy: "\n").filter {
                $0.hasPrefix("clock(1000)") || $0.hasPrefix("lru(")
            }.count == 1)
        #expect(comparison.render().contains("REGRESSION"))
        // Fewer hits too: hits must match exactly, either way.
        #expect(try compare(changed("lru(100)") { $0.hits -= 1 }).exitStatus == 1)
    }

    @Test func aHitsToleranceAllowsSmallDifferences() throws {
        let current = changed("lru(10000)") { $0.hits += 100 }  // +0.017 %
        #expect(try compare(current, Tolerance(hits: 0.001)).exitStatus == 0)
        #expect(try compare(current, Tolerance(hits: 0.0001)).exitStatus == 1)
    }

    @Test func memoryPerEntryMayMoveTwoPercent() throws {
        func scaled(_ factor: Double) -> ExperimentResult {
            changed("lru(10000)") {
                $0.memory.finalAllocatorBytes = Int(Double($0.memory.finalAllocatorBytes) * factor)
            }
        }
        #expect(try compare(scaled(1.01)).exitStatus == 0)
        let grown = try compare(scaled(1.03))
        #expect(grown.exitStatus == 1)
        #expect(grown.rows.first { $0.status == .regression }?.notes.first?.hasPrefix("memory per entry") == true)
        let shrunk = try compare(scaled(0.95))
        #expect(shrunk.status == .improved)
        #expect(shrunk.exitStatus == 0, "less memory is not a regression, but is reported")
        #expect(shrunk.render().contains("consider updating the baseline"))
        #expect(try compare(scaled(1.03), Tolerance(memoryPerEntry: 0.05)).exitStatus == 0)
    }

    /// A change is relative to the baseline: 100 → 125 bytes is +25 %,
    /// not the +20 % of 25 over the new figure.
    @Test func changesAreRelativeToTheBaseline() throws {
        let grown = try compare(
            changed("lru(10000)") { $0.memory.finalAllocatorBytes = $0.memory.finalAllocatorBytes * 5 / 4 })
        let note = try #require(grown.rows.first { $0.status == .regression }?.notes.first)
        let percent = try #require(note.firstMatch(of: /\(\+([0-9.]+) ?%\)/)?.1).flatMap { Double($0) }
        #expect(abs(try #require(percent) - 25) < 0.1, "\(note)")
    }

    @Test func aMemoryChangeBelowTheFloorIsNoiseWhateverItsPercentage() throws {
        // lru(100): 10 % more bytes per entry is a few hundred bytes in all,
        // what a sibling job's allocations move the process-wide counter by.
        let small = changed("lru(100)") { $0.memory.finalAllocatorBytes = $0.memory.finalAllocatorBytes * 11 / 10 }
        let added =
            Double(small.runs.first { $0.label == "lru(100)" }!.memory.finalAllocatorBytes)
            - Double(baseline.runs.first { $0.label == "lru(100)" }!.memory.finalAllocatorBytes)
        #expect(added > 0 && added < Tolerance().memoryFloorBytes)
        #expect(try compare(small).exitStatus == 0)
        #expect(try compare(small, Tolerance(memoryFloorBytes: 0)).exitStatus == 1)
        #expect(try compare(small, Tolerance(parsing: "memory-floor=0")).exitStatus == 1)
        #expect(throws: ComparisonError.self) { try Tolerance(parsing: "memory-floor=5%") }
    }

    @Test func throughputIsComparedOnlyWhenAskedAndOnlyAsARatioToTheReference() throws {
        let slower = changed("lru(1000)") { $0.throughput.requestsPerSecond /= 2 }
        #expect(try compare(slower).exitStatus == 0, "machines are noisy: not compared unless asked")
        let asked = Tolerance(throughput: 0.1, throughputReference: "noop")
        #expect(try compare(slower, asked).exitStatus == 1)
        // A machine twice as slow slows the no-op reference too: no regression.
        var slowMachine = baseline
        for index in slowMachine.runs.indices { slowMachine.runs[index].throughput.requestsPerSecond /= 2 }
        let comparison = try compare(slowMachine, asked)
        #expect(comparison.exitStatus == 0)
        #expect(comparison.rows.contains { $0.currentThroughputRatio != nil })
        // Faster is never a regression.
        #expect(try compare(changed("lru(1000)") { $0.throughput.requestsPerSecond *= 2 }, asked).exitStatus == 0)
    }

    @Test func withoutAReferenceThroughputIsComparedAsRequestsPerSecond() throws {
        let asked = Tolerance(throughput: 0.1, throughputReference: nil)
        // Results without the no-op floor, the default reference.
        var floorless = baseline
        floorless.runs.removeAll { $0.policy == Tolerance.defaultThroughputReference }
        func slower(_ factor: Double, _ label: String?) -> ExperimentResult {
            var result = floorless
            for index in result.runs.indices where label == nil || result.runs[index].label == label {
                result.runs[index].throughput.requestsPerSecond /= factor
            }
            return result
        }
        #expect(try ResultComparison.compare(floorless, slower(2, "lru(1000)"), tolerance: asked).exitStatus == 1)
        #expect(
            try ResultComparison.compare(floorless, slower(1 / 0.95, "lru(1000)"), tolerance: asked).exitStatus == 0)
        // A slower machine slows every run alike: without a reference that is a regression, and the report says
        // how to choose one.
        let comparison = try ResultComparison.compare(floorless, slower(2, nil), tolerance: asked)
        #expect(comparison.exitStatus == 1)
        let row = try #require(comparison.rows.first { $0.label == "lru(1000)" })
        let before = try #require(baseline.runs.first { $0.label == "lru(1000)" }).throughput.requestsPerSecond
        #expect(row.baselineThroughputRatio == before && row.currentThroughputRatio == before / 2)
        let text = comparison.render()
        #expect(text.contains("name that run's policy with --throughput-reference"))
        #expect(text.contains("req/s") && !text.contains("÷"))
        // With the floor in both results, the default reference is the floor: a slower machine cancels out.
        var slowMachine = baseline
        for index in slowMachine.runs.indices { slowMachine.runs[index].throughput.requestsPerSecond /= 2 }
        let byDefault = try ResultComparison.compare(baseline, slowMachine, tolerance: asked)
        #expect(byDefault.exitStatus == 0 && byDefault.render().contains("throughput ÷ noop"))
        // A result without any particular policy can still be compared.
        let noReference = FixtureResults.scanHeavy()
        #expect(try ResultComparison.compare(noReference, noReference, tolerance: asked).exitStatus == 0)
    }

    @Test func missingRunsRegressAndNewRunsAreReported() throws {
        var fewer = baseline
        fewer.runs.removeAll { $0.label == "2q(100)" && $0.repetition == 1 }
        let missing = try compare(fewer)
        #expect(missing.exitStatus == 1)
        #expect(missing.rows.first { $0.status == .regression }?.notes == ["missing from the current result"])

        var more = baseline
        var extra = more.runs[0]
        extra.label = "lru(7)"
        more.runs.append(extra)
        let added = try compare(more)
        #expect(added.exitStatus == 0)
        #expect(added.rows.last?.notes.first?.hasPrefix("new") == true)
    }

    @Test func differentWorkloadsOrNoReferenceAreBadInput() throws {
        #expect(throws: ComparisonError.self) {
            try ResultComparison.compare(baseline, FixtureResults.scanHeavy(), tolerance: Tolerance())
        }
        let noReference = FixtureResults.scanHeavy()
        let error = #expect(throws: ComparisonError.self) {
            try ResultComparison.compare(
                noReference, noReference, tolerance: Tolerance(throughput: 0.1, throughputReference: "noop"),
                baselinePath: "base.json")
        }
        #expect(error?.description.hasPrefix("base.json: no 'noop' run") == true)
    }

    @Test func truncatedOrForeignFilesAreRefusedNamingTheFile() throws {
        let files = try ResultFiles()
        let good = try files.write(baseline, "good.json")
        let whole = try baseline.jsonData()
        let truncated = try files.write(whole.prefix(whole.count / 3), "truncated.json")
        var text = String(decoding: whole, as: UTF8.self)
        text = text.replacingOccurrences(of: "\"formatVersion\" : 2", with: "\"formatVersion\" : 3")
        let foreign = try files.write(Data(text.utf8), "v3.json")

        let cut = #expect(throws: ResultFileError.self) {
            try ResultComparison.compare(baselinePath: good, currentPath: truncated, tolerance: Tolerance())
        }
        #expect(cut?.description.hasPrefix(truncated) == true)
        let version = #expect(throws: ResultFileError.self) {
            try ResultComparison.compare(baselinePath: foreign, currentPath: good, tolerance: Tolerance())
        }
        #expect(version?.description == "\(foreign): result format version 3, but this cachesim reads versions 1 to 2")
        let reports = #expect(throws: ResultFileError.self) { try ReportFiles.readResults([good, truncated]) }
        #expect(reports?.description.hasPrefix(truncated) == true)
        #expect(
            try ResultComparison.compare(baselinePath: good, currentPath: good, tolerance: Tolerance()).exitStatus == 0)
    }

    @Test func toleranceParsing() throws {
        #expect(try Tolerance(parsing: "") == Tolerance())
        #expect(
            try Tolerance(parsing: "hits=0.001,memory=2%,throughput=0.1")
                == Tolerance(hits: 0.001, memoryPerEntry: 0.02, throughput: 0.1))
        #expect(try Tolerance(parsing: "memory=0.05").throughput == nil)
        for bad in ["hits", "speed=1", "memory=-1", "hits=abc", "throughput=nan"] {
            #expect(throws: ComparisonError.self, "\(bad)") { try Tolerance(parsing: bad) }
        }
    }
}
