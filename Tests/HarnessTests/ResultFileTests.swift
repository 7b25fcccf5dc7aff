import Foundation
import Harness
import Testing
import Workload

@Suite struct ResultFileTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cachesim-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func smallResult() throws -> ExperimentResult {
        let spec = WorkloadSpec(
            name: "small", seed: 3, requests: 20_000, keys: .zipf(alpha: 0.9, universe: 5_000),
            caches: [CacheSpec(policy: "lru", capacities: [.entries(500)], jsonPath: "caches[0]")])
        return try Experiment.run(plan: try RunPlan(spec: spec), jobs: 1, executable: nil)
    }

    @Test func resultRoundTripsAndIsWrittenWhole() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try smallResult()
        let destination = directory.appendingPathComponent("run")
        let writer = try ResultWriter(destination: destination)
        try writer.write([("result.json", try result.jsonData()), ("series.csv", result.seriesCSV())])
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(names == ["run"], "no staging directory may be left behind")
        let read = try ExperimentResult.read(from: destination.appendingPathComponent("result.json").path)
        #expect(read == result)
        // Che's prediction is attached to LRU runs on Zipf keys.
        #expect(read.runs[0].cheHitRatio != nil)
        // The series CSV has a header and one row per sample.
        let csv = try String(contentsOf: destination.appendingPathComponent("series.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 1 + result.runs[0].memory.series.count)
    }

    /// A run SIGKILLed while writing leaves its staging directory; the next
    /// writer in that folder removes it, but never a live process's.
    @Test func staleStagingOfDeadProcessesIsRemoved() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = directory.appendingPathComponent(".old.partial-\(finished.processIdentifier)")
        let live = directory.appendingPathComponent(".busy.partial-\(ProcessInfo.processInfo.processIdentifier)")
        let unrelated = directory.appendingPathComponent(".notes")
        for folder in [dead, live, unrelated] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        }
        _ = try ResultWriter(destination: directory.appendingPathComponent("run"))
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
        #expect(names == [live.lastPathComponent, unrelated.lastPathComponent])
    }

    @Test func nonEmptyOrUnwritableDestinationIsRefusedUpFront() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("plain-file")
        try Data("x".utf8).write(to: file)
        let nonEmpty = #expect(throws: OutputError.self) { try ResultWriter(destination: directory) }
        #expect(
            nonEmpty?.description
                == "\(directory.path): is a directory that is not empty; choose a new or empty one for --out")
        let isFile = #expect(throws: OutputError.self) { try ResultWriter(destination: file) }
        #expect(isFile?.description == "\(file.path): is a file; --out must be a new or empty directory")
        let error = #expect(throws: OutputError.self) {
            try ResultWriter(destination: file.appendingPathComponent("run"))
        }
        #expect(error?.description.contains(file.path) == true)
    }

    @Test func anEmptyDestinationDirectoryIsReplacedByTheResult() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let destination = directory.appendingPathComponent("results")
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: false)
        let writer = try ResultWriter(destination: destination)
        try writer.write([("a.txt", Data("a".utf8)), ("b.txt", Data("b".utf8))])
        #expect(try FileManager.default.contentsOfDirectory(atPath: destination.path).sorted() == ["a.txt", "b.txt"])
        #expect(try String(contentsOf: destination.appendingPathComponent("b.txt"), encoding: .utf8) == "b")
        // Only the result is left beside it: no staging directory.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["results"])
        // Filled after the check, the directory is not overwritten.
        let late = directory.appendingPathComponent("late")
        try FileManager.default.createDirectory(at: late, withIntermediateDirectories: false)
        let lateWriter = try ResultWriter(destination: late)
        try Data("mine".utf8).write(to: late.appendingPathComponent("mine.txt"))
        #expect(throws: OutputError.self) { try lateWriter.write([("a.txt", Data("a".utf8))]) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: late.path) == ["mine.txt"])
    }

    @Test func truncatedOrForeignResultFilesNameTheFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let whole = try smallResult().jsonData()
        let truncated = directory.appendingPathComponent("truncated.json")
        try whole.prefix(whole.count / 2).write(to: truncated)
        let error = #expect(throws: ResultFileError.self) { try ExperimentResult.read(from: truncated.path) }
        #expect(error?.description.hasPrefix(truncated.path) == true)
        #expect(error?.description.contains("truncated") == true)

        let foreign = directory.appendingPathComponent("v99.json")
        try Data(#"{"formatVersion": 99, "runs": []}"#.utf8).write(to: foreign)
        let version = #expect(throws: ResultFileError.self) { try ExperimentResult.read(from: foreign.path) }
        #expect(version?.description.contains("version 99") == true)
    }
}
