import ArgumentParser
import Foundation
import Workload

/// A workload from a command-line path (found as `InputPath` finds it): a spec when it ends in `.json`,
/// otherwise a trace to replay whole, in `format` or, when nil, the format
/// its name suggests (`TraceSource.guessFormat`; `.csv` is read as gen's
/// `time,key,size` layout). Commands print `guessedFormatNote` with their output.
func workload(atPath typed: String, format: TraceSource.Format? = nil) throws(WorkloadError) -> WorkloadSpec {
    let path = try InputPath.resolve(typed)
    if path.lowercased().hasSuffix(".json") { return try WorkloadSpec.load(path: path) }
    let chosen = format ?? TraceSource.guessFormat(path: path)
    var source = chosen == .csv ? StreamFormat.csv.traceSource(path: path) : TraceSource(path: path, format: chosen)
    source.formatGuessed = format == nil
    let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    return WorkloadSpec(name: name, seed: 0, requests: nil, keys: .trace(source), path: path)
}

/// `read FILE as FORMAT (guessed from its name…)` when the spec's trace
/// format was not given, else nil.
func guessedFormatNote(_ spec: WorkloadSpec) -> String? {
    guard case .trace(let source) = spec.keys, source.formatGuessed else { return nil }
    return
        "read \(source.path) as \(source.format.rawValue) (guessed from its name; give keys.format or --format to choose)"
}

extension TraceSource.Format: ExpressibleByArgument {}
