import Foundation
import Harness

/// The files of a report and where results are found.
public enum ReportFiles {
    /// `report.md` and `report.html` of `results` (and, when `csv` is set,
    /// `runs.csv`, one row per run, `wins.csv`, the who-wins ranking of
    /// every workload and capacity, and with two or more workloads
    /// `across.csv`, each policy's spread over them). O(total runs × samples).
    public static func render(_ results: [ExperimentResult], csv: Bool = false) -> [(name: String, contents: Data)] {
        let report = ComparativeReport(results)
        var files: [(name: String, contents: Data)] = [
            ("report.md", Data(MarkdownReport.render(report).utf8)),
            ("report.html", Data(HTMLReport.render(report).utf8)),
        ]
        if csv {
            files.append(("runs.csv", Data(RunCSV.render(results).utf8)))
            if !report.ranking.groups.isEmpty {
                files.append(("wins.csv", Data(RankingTables.csv(report.ranking).utf8)))
            }
            if !report.acrossTables.isEmpty {
                files.append(("across.csv", Data(RankingTables.acrossCSV(report.ranking).utf8)))
            }
        }
        return files
    }

    /// `path` itself, or `path/result.json` when `path` is a run directory.
    public static func resultPath(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return (path as NSString).appendingPathComponent("result.json")
        }
        return path
    }

    /// Reads every result (a file or a run directory each), on every core
    /// (a sweep's 200 results are mostly JSON to decode), and throws the
    /// error of the first in order that cannot be used, naming it.
    public static func readResults(_ paths: [String]) throws(ResultFileError) -> [ExperimentResult] {
        guard !paths.isEmpty else {
            throw ResultFileError("no result files given; expected RESULT.json or a run directory")
        }
        let slots = UnsafeMutableBufferPointer<Result<ExperimentResult, ResultFileError>?>.allocate(
            capacity: paths.count)
        slots.initialize(repeating: nil)
        defer {
            _ = slots.deinitialize()
            slots.deallocate()
        }
        // Each iteration writes its own slot only.
        nonisolated(unsafe) let shared = slots
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            shared[index] = Result { () throws(ResultFileError) in
                try ExperimentResult.read(from: resultPath(paths[index]))
            }
        }
        var results: [ExperimentResult] = []
        results.reserveCapacity(paths.count)
        for slot in slots { results.append(try slot!.get()) }
        return results
    }

    /// Writes `files` into `directory` (created if needed; an existing one,
    /// empty or not, is written into), each atomically: a reader never sees
    /// half a report.
    public static func write(_ files: [(name: String, contents: Data)], to directory: URL) throws(OutputError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw OutputError("\(directory.path): is a file; --out must be a directory")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for file in files {
                try file.contents.write(to: directory.appendingPathComponent(file.name), options: .atomic)
            }
        } catch {
            throw OutputError("\(directory.path): cannot write the report (\((error as NSError).localizedDescription))")
        }
    }
}
