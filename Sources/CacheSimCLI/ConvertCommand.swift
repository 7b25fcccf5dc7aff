import ArgumentParser
import Foundation
import Workload

/// `cachesim convert`: rewrites a trace (any format cachesim reads,
/// compressed or not) as oracleGeneral, text or csv.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Rewrite a trace in another format: oracleGeneral (for libCacheSim), text or csv.",
        discussion: """
            TRACE is a trace file in --format, or in the format its name suggests (Workloads/README.md), \
            or a spec (*.json) whose stream is written. gzip, zstd and xz input is decompressed as it is read. \
            oracleGeneral output carries each request's next-access index (a backward pass over the \
            written file; memory grows with the number of distinct keys) and times in whole seconds. \
            The output is written to a temporary file and renamed over --out when complete. Bad input \
            exits with code 2 and writes nothing.
            """
    )

    @Argument(help: "The trace to read (or a workload spec, *.json).")
    var trace: String

    @Option(help: "Output format: \(StreamFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var to: StreamFormat

    @Option(
        help:
            "The trace's format (default: guessed from its name): \(TraceSource.Format.allCases.map(\.rawValue).joined(separator: ", "))."
    )
    var format: TraceSource.Format?

    @Option(
        help: "Where to write (default: the trace's name with the output format's extension, in the current folder).")
    var out: String?

    func run() throws {
        let destination = out ?? Self.defaultOutput(for: trace, format: to)
        let (spec, count) = try reportingBadInput {
            let spec = try workload(atPath: trace, format: format)
            var stream = try WorkloadStream(spec)
            return (spec, try StreamWriter.write(&stream, to: destination, format: to))
        }
        if let note = guessedFormatNote(spec) { print(note) }
        print("wrote \(count) requests to \(destination) (\(to.rawValue))")
    }

    /// `NAME.EXT` for input `…/NAME.OLD[.gz|.zst|.xz]`, in the current folder.
    static func defaultOutput(for input: String, format: StreamFormat) -> String {
        var url = URL(fileURLWithPath: input)
        if ["gz", "zst", "xz"].contains(url.pathExtension.lowercased()) { url.deletePathExtension() }
        let name = url.deletingPathExtension().lastPathComponent
        let ext =
            switch format {
            case .text: "txt"
            case .csv: "csv"
            case .oracleGeneral: "oracleGeneral"
            }
        return "\(name).\(ext)"
    }
}
