import Foundation
import Harness

/// One row per run, for spreadsheets and pandas.
public enum RunCSV {
    public static let header =
        "workload,label,policy,capacity,capacityUnit,seed,repetition,requests,hits,misses,hitRatio,byteHitRatio,evictions,"
        + "finalEntries,finalAllocatorBytes,peakAllocatorBytes,finalStorageBytes,verdict,bytesPerRequest,"
        + "getP50Ns,getP99Ns,setP50Ns,setP99Ns,requestsPerSecond,cheHitRatio"

    public static func render(_ results: [ExperimentResult]) -> String {
        var out = header + "\n"
        for result in results {
            for run in result.runs {
                let fields: [String] = [
                    result.workload.name, run.label, run.policy, run.capacity.map { String($0.limit) } ?? "",
                    run.capacity?.unit ?? "", String(run.seed), String(run.repetition), String(run.requests),
                    String(run.hits), String(run.misses), String(run.hitRatio), String(run.byteHitRatio),
                    String(run.evictions),
                    String(run.memory.finalEntries), String(run.memory.finalAllocatorBytes),
                    String(run.memory.peakAllocatorBytes),
                    String(run.memory.finalStorageBytes), run.memory.verdictWord,
                    String(run.memory.verdict.bytesPerRequest),
                    String(run.latency.get.p50), String(run.latency.get.p99), String(run.latency.set.p50),
                    String(run.latency.set.p99),
                    String(run.throughput.requestsPerSecond), run.cheHitRatio.map { String($0) } ?? "",
                ]
                out += fields.map(CSVField.escape).joined(separator: ",") + "\n"
            }
        }
        return out
    }

}
