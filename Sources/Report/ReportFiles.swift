import Foundation
import Harness

/// The files of a report and where results are found.
public enum ReportFiles {
    /// `report.md` and `report.html` of `results` (and, when `csv` is set,
    /// `runs.csv`, one row per run, and `wins.csv`, the who-wins ranking of
    /// every workload and capacity). O(total runs × samples).
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

    /// Reads every result (a file or a run directory each), stopping at the
    /// first that cannot be used, with a message naming it.
    public static func readResults(_ paths: [String]) throws(ResultFileError) -> [ExperimentResult] {
        guard !paths.isEmpty else {
            throw ResultFileError("no result files given; expected RESULT.json or a run directory")
        }
        var results: [ExperimentResult] = []
        for path in paths { results.append(try ExperimentResult.read(from: resultPath(path))) }
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
