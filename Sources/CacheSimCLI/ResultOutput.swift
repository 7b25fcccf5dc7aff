import ArgumentParser
import Foundation
import Harness
import Report

/// What `run` and `merge` write and print for the results of a plan: one
/// workload's result as a run directory (result.json, series.csv,
/// report.md, report.html); several — a sweep's — as one such directory
/// per workload, named after it, and runs.csv over all of them.
enum ResultOutput {
    /// How results are printed.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    /// Writes `data` to `path` whole — a temporary file beside it, renamed
    /// into place, so a reader never meets half a file — or throws naming
    /// the file and `what` it is.
    static func writeWhole(_ data: Data, to path: String, what: String) throws(OutputError) {
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw OutputError("\(path): cannot write \(what): \(error.localizedDescription)")
        }
    }

    /// The files of `results`, by path within the result directory.
    static func files(_ results: [ExperimentResult]) throws -> [(name: String, contents: Data)] {
        guard results.count > 1 else {
            let result = results[0]
            return [("result.json", try result.jsonData()), ("series.csv", result.seriesCSV())]
                + ReportFiles.render([result])
        }
        var files: [(name: String, contents: Data)] = [("runs.csv", Data(RunCSV.render(results).utf8))]
        for result in results {
            let folder = folderName(result.workload.name)
            files += [("\(folder)/result.json", try result.jsonData()), ("\(folder)/series.csv", result.seriesCSV())]
            files += ReportFiles.render([result]).map { ("\(folder)/\($0.name)", $0.contents) }
        }
        return files
    }

    /// A workload's folder in a sweep's result: its name, `/` replaced.
    static func folderName(_ name: String) -> String {
        let cleaned = name.replacingOccurrences(of: "/", with: "_")
        return cleaned.isEmpty || cleaned.hasPrefix(".") ? "_\(cleaned)" : cleaned
    }

    /// Prints `results` in `format`, after `note` (on standard error for
    /// json and csv, which must stay parseable), then where they went.
    static func print(_ results: [ExperimentResult], format: Format, note: String?, destination: URL) throws {
        switch format {
        case .table:
            if let note { Swift.print(note) }
            for result in results {
                if results.count > 1 { Swift.print("\n\(Markup.terminalText(result.workload.name))") }
                Swift.print(RunTable.render(result))
            }
            Swift.print(
                "Result: \(destination.path)/\(results.count > 1 ? "<workload>/result.json (\(results.count) workloads)" : "result.json")"
            )
        case .json:
            if let note { printError("note: \(note)") }
            if results.count == 1 {
                Swift.print(String(decoding: try results[0].jsonData(), as: UTF8.self))
            } else {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                Swift.print(String(decoding: try encoder.encode(results), as: UTF8.self))
            }
        case .csv:
            if let note { printError("note: \(note)") }
            Swift.print(RunCSV.render(results), terminator: "")
        }
    }
}

/// `--shard I/N`: shard I (from 0) of a partition of the plan into N.
struct ShardSelection: ExpressibleByArgument, Equatable {
    var index: Int
    var count: Int

    init?(argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, count <= 1_000_000,
            index >= 0, index < count
        else { return nil }
        self.index = index
        self.count = count
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
