import ArgumentParser
import Foundation
import Harness
import Report

/// `cachesim report RESULT.json… [--out DIR]`: a comparative report over runs.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Write a comparative report (Markdown, self-contained HTML with SVG charts, CSV) over one or more results.",
        discussion: """
            Writes report.md, report.html, runs.csv (one row per run) wins.csv (the policies ranked at each capacity) and, over two or more workloads, across.csv to --out. report.html needs no \
            network and no JavaScript: charts of hit ratio against capacity (with Che's prediction for \
            LRU), memory over time labelled with each verdict, latency percentiles and throughput, and \
            the tables behind them.

            A result that is truncated, of another format version, or holds a figure no run can produce \
            (a hit ratio above 1, more hits than requests; see Results/README.md) is refused in one line \
            naming the file and the field (exit status 2, nothing written).
            """)

    @Argument(help: "result.json files, or run directories that hold one.")
    var results: [String] = []

    @Option(
        help: "The directory to write into (default: beside the result when there is one, else the current directory).")
    var out: String?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        try reportingBadInput {
            let read = try ReportFiles.readResults(results)
            let directory = URL(fileURLWithPath: out ?? defaultDirectory())
            let files = ReportFiles.render(read, csv: true)
            try ReportFiles.write(files, to: directory)
            guard !quiet else { return }
            for file in files { print(directory.appendingPathComponent(file.name).path) }
        }
    }

    /// Beside a single result; the current directory for several.
    func defaultDirectory() -> String {
        guard results.count == 1 else { return FileManager.default.currentDirectoryPath }
        let folder = (ReportFiles.resultPath(results[0]) as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }
}
