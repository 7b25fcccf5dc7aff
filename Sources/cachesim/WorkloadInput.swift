import ArgumentParser
import Foundation
import Workload

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
