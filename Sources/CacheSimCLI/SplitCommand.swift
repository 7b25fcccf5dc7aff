import ArgumentParser
import Caches
import Foundation
import Workload

/// `cachesim split TRACE --shards N --by key`: one key-disjoint trace per
/// node of a tier.
struct SplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Split a trace by key into one trace per node of a cache tier (oracleGeneral files).",
        discussion: """
            TRACE is a trace in --format (or the format its name suggests), or a spec (*.json) whose \\
            stream is split. Node K's file, NAME.node-K-of-N.oracleGeneral in --out, holds in stream \\
            order the requests whose key --hash sends to node K: the same routing a spec's "tier" uses, \\
            so replaying each file through a cache of capacity ⌊C/N⌋ gives exactly the hits of that \\
            node of the in-process tier. Files carry keys and sizes exactly, times in whole seconds \\
            (oracleGeneral's), and next-access indices of their own. Written to temporary files, \\
            renamed when all are complete; bad input exits 2 and writes nothing.
            """)

    enum Partitioning: String, ExpressibleByArgument, CaseIterable {
        case key
    }

    @Argument(help: "The trace to split (or a workload spec, *.json).")
    var trace: String

    @Option(help: "Nodes of the tier: files to write (1…\(TierSpec.maximumNodes)).")
    var shards: Int

    @Option(help: "What requests are partitioned by: key (the only one; a key's requests stay together).")
    var by: Partitioning = .key

    @Option(help: "The router: jump (jump consistent hash) or rendezvous (highest random weight).")
    var hash: KeyRouter.Hash = .jump

    @Option(
        help:
            "The trace's format (default: guessed from its name): \(TraceSource.Format.allCases.map(\.rawValue).joined(separator: ", "))."
    )
    var format: TraceSource.Format?

    @Option(help: "The folder to write into (default: the current folder).")
    var out: String?

    func validate() throws {
        guard (1...TierSpec.maximumNodes).contains(shards) else {
            throw ValidationError("--shards must be between 1 and \(TierSpec.maximumNodes), got \(shards)")
        }
    }

    func run() throws {
        let folder = out ?? FileManager.default.currentDirectoryPath
        let name = ConvertCommand.defaultOutput(for: trace, format: .text).dropLast(".txt".count)
        let paths = (0..<shards).map {
            (folder as NSString).appendingPathComponent("\(name).node-\($0)-of-\(shards).oracleGeneral")
        }
        let (spec, counts) = try reportingBadInput {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let spec = try workload(atPath: trace, format: format)
            var stream = try WorkloadStream(spec)
            return (
                spec,
                try StreamSplitter.split(
                    &stream, router: KeyRouter(nodes: shards, hash: hash), to: paths, source: spec.path)
            )
        }
        if let note = guessedFormatNote(spec) { print(note) }
        let total = counts.reduce(0, +)
        for (path, count) in zip(paths, counts) { print("\(path): \(count) requests") }
        print(
            "split \(total) requests over \(shards) nodes by key (\(hash.rawValue)); busiest node / mean: \(String(format: "%.3f", Double(counts.max() ?? 0) * Double(shards) / Double(max(1, total))))"
        )
    }
}

extension KeyRouter.Hash: ExpressibleByArgument {}
