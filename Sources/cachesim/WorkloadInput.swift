import ArgumentParser
import Foundation
import Workload

/// Bad input (a spec, a trace, an output path) ends the command with one line
/// on stderr and exit code 2, never a trap.
let badInputExitCode = ExitCode(2)

/// Runs `body`; a `WorkloadError` is printed as `cachesim: <file>: <where>: <what>`
/// and turned into exit code 2.
func reportingBadInput<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as WorkloadError {
        FileHandle.standardError.write(Data("cachesim: \(error)\n".utf8))
        throw badInputExitCode
    }
}

/// A workload from a command-line path: a spec when it ends in `.json`,
/// otherwise a trace to replay whole (`.csv`: gen's `time,key,size` format,
/// anything else: one key per line).
func workload(atPath path: String) throws(WorkloadError) -> WorkloadSpec {
    if path.lowercased().hasSuffix(".json") {
        return try WorkloadSpec.load(path: path)
    }
    let format: StreamFormat = path.lowercased().hasSuffix(".csv") ? .csv : .text
    let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    return WorkloadSpec(name: name, seed: 0, requests: nil, keys: .trace(format.traceSource(path: path)), path: path)
}
