import ArgumentParser
import Foundation
import Workload

/// `cachesim gen`: writes a workload's request stream to a file.
struct GenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen",
        abstract: "Write the request stream of a workload spec to a file.",
        discussion: """
            The same spec and seed always give the same bytes. The file is written to a temporary \
            file beside FILE and renamed over it when complete. Bad input exits with code 2.
            """
    )

    @Argument(help: "The workload spec (Workloads/*.json).")
    var spec: String

    @Option(name: .long, help: "Where to write the stream.")
    var out: String

    @Option(
        name: .long,
        help:
            "text: one key per line; csv: time,key,size with a header line; oracleGeneral: libCacheSim's binary records."
    )
    var format: StreamFormat = .text

    func run() throws {
        let (count, dropsLifetimes) = try reportingBadInput {
            let workload = try WorkloadSpec.load(path: InputPath.resolve(spec))
            var stream = try WorkloadStream(workload)
            let count = try StreamWriter.write(&stream, to: out, format: format)
            return (count, workload.lifetimes != nil || workload.keys.suppliesLifetimes)
        }
        if dropsLifetimes {
            FileHandle.standardError.write(
                Data(
                    "cachesim: note: \(spec): the stream's lifetimes are not written (no output format carries them); run the spec to honour them\n"
                        .utf8))
        }
        print("wrote \(count) requests to \(out)")
    }
}

extension StreamFormat: ExpressibleByArgument {}
