import ArgumentParser
import Foundation
import Harness
import Workload

/// `cachesim merge SHARD… --out DIR`: joins the shard results of one plan.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shard results of one plan (cachesim run --shard I/N) into its result.",
        usage:
            "cachesim merge <shard>... [--out <directory>] | cachesim merge <shard>... --missing --spec <spec> --shards <n>",
        discussion: """
            Each SHARD is a shard directory (holding shard.json), a shard.json, or a folder of shard \\
            directories. The shards must come from the same spec (its content hash), be of one partition \\
            into N, each index once and none missing: otherwise nothing is written, and one line naming \\
            the shards at fault is printed (exit status 2). The merged result is written as `cachesim run` \\
            writes one — result.json, series.csv, report.md, report.html, or one such directory per \\
            workload for a sweep — with hit counts identical to an unsharded run's and summaries \\
            recomputed over the merged runs; latency, allocator memory and throughput are those \\
            measured where each unit ran (Results/README.md).

            With --missing, nothing is merged: the shard indices of --spec's partition into --shards \\
            that have no complete result among SHARD are printed, comma-separated (an empty line when \\
            none is missing); a SHARD folder that does not exist yet counts as empty. Scripts/slurm-sweep \\
            resubmits those.
            """)

    @Argument(help: "Shard directories, shard.json files, or folders of shard directories.")
    var shards: [String] = []

    @Option(
        help: ArgumentHelp(
            "The result directory: a new or empty one (default: Results/runs/<name>-<UTC time>).",
            valueName: "directory"))
    var out: String?

    @Option(help: "What to print: table, json (the result.json) or csv (one row per run).")
    var format: ResultOutput.Format = .table

    @Flag(help: "Print the shard indices still to run, instead of merging (needs --spec and --shards).")
    var missing = false

    @Option(help: "With --missing: the spec or sweep file the shards are of.")
    var spec: String?

    @Option(name: .customLong("shards"), help: "With --missing: the number of shards of the partition.")
    var shardCount: Int?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if missing {
            guard spec != nil, let shardCount else { throw ValidationError("--missing needs --spec and --shards") }
            guard shardCount >= 1 else { throw ValidationError("--shards must be at least 1, got \(shardCount)") }
        } else if spec != nil || shardCount != nil {
            throw ValidationError("--spec and --shards go with --missing; a merge reads the plan from the shards")
        }
    }

    func run() throws {
        try reportingBadInput {
            if missing { return try printMissing() }
            let read = try Self.readShards(shards, allowAbsent: false)
            let results = try ShardMerge.merge(read)
            let destination =
                out.map { URL(fileURLWithPath: $0) }
                ?? ResultWriter.defaultDestination(
                    root: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                    workloadName: results.count == 1 ? results[0].workload.name : "merged")
            let writer = try ResultWriter(destination: destination)
            try writer.write(try ResultOutput.files(results))
            guard !quiet else { return }
            try ResultOutput.print(results, format: format, note: nil, destination: writer.destination)
        }
    }

    private func printMissing() throws {
        let plan = try SweepPlan.load(path: try InputPath.resolve(spec!))
        var read: [(path: String, shard: ShardResult)] = []
        var unusable: [String] = []
        for path in try Self.shardPaths(shards, allowAbsent: true) {
            do {
                read.append((path, try ShardResult.read(from: path)))
            } catch {
                unusable.append(error.description)
            }
        }
        let (missing, foreign) = ShardMerge.missing(read, specHash: plan.specHash, count: shardCount!)
        for line in unusable { printError("not counted: \(line)") }
        for path in foreign { printError("not counted: \(path): a shard of another spec or shard count") }
        print(missing.map(String.init).joined(separator: ","))
    }

    /// Reads every shard named by `arguments`.
    static func readShards(
        _ arguments: [String], allowAbsent: Bool
    ) throws -> [(path: String, shard: ShardResult)] {
        try shardPaths(arguments, allowAbsent: allowAbsent).map { ($0, try ShardResult.read(from: $0)) }
    }

    /// The shard.json files `arguments` name: a shard.json, a directory
    /// holding one, or a folder whose directories hold one (by name).
    static func shardPaths(_ arguments: [String], allowAbsent: Bool) throws -> [String] {
        guard !arguments.isEmpty else {
            throw ValidationError("no shards given; expected shard directories or a folder of them")
        }
        let manager = FileManager.default
        var paths: [String] = []
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                if allowAbsent { continue }
                throw OutputError("\(argument): no such shard directory or file")
            }
            guard isDirectory.boolValue else {
                paths.append(argument)
                continue
            }
            let own = (argument as NSString).appendingPathComponent(ShardResult.fileName)
            if manager.fileExists(atPath: own) {
                paths.append(own)
                continue
            }
            let children = ((try? manager.contentsOfDirectory(atPath: argument)) ?? []).sorted().compactMap {
                name -> String? in
                let file = (argument as NSString).appendingPathComponent("\(name)/\(ShardResult.fileName)")
                return !name.hasPrefix(".") && manager.fileExists(atPath: file) ? file : nil
            }
            if children.isEmpty && !allowAbsent {
                throw OutputError("\(argument): holds no \(ShardResult.fileName), nor folders that do")
            }
            paths += children
        }
        return paths
    }
}
