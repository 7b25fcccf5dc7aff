import Foundation
import Harness
import Testing
import Workload

/// A Twitter trace's deletes remove the key from every cache at their point
/// in the stream and its writes store it; neither is counted as a request.
@Suite struct TraceMutationTests {
    @Test func deletesRemoveAndWritesStoreWithoutBeingRequests() throws {
        // a: miss, hit, (delete), miss, hit.  b: miss, (set).  c: (set), hit —
        // a write to an absent key makes its next get a hit.  With chunks of
        // 2, the delete falls at a chunk's start.
        let lines = [
            "1,a,1,10,1,get,0", "2,a,1,10,1,get,0", "2,b,1,10,1,get,0", "3,a,1,10,1,delete,0",
            "4,a,1,10,1,get,0", "5,a,1,10,1,get,0", "6,b,1,10,1,set,0", "7,a,1,10,1,delete,0",
            "8,c,1,10,1,set,0", "9,c,1,10,1,get,0",
        ]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("twitter-\(UUID().uuidString).csv")
            .path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let spec = WorkloadSpec(
            name: "t", seed: 1, requests: nil, keys: .trace(TraceSource(path: path, format: .twitter)),
            caches: [
                CacheSpec(policy: "lru", capacities: [.entries(10)], jsonPath: "caches[0]"),
                CacheSpec(policy: "fifo", capacities: [.entries(10)], jsonPath: "caches[1]"),
                CacheSpec(policy: "unbounded", jsonPath: "caches[2]"),
            ])
        let plan = try RunPlan(spec: spec)
        for chunkSize in [1, 2, 1024] {
            var options = HarnessOptions()
            options.chunkSize = chunkSize
            let results = try RunExecutor.execute(
                plan: plan, indices: Array(plan.runs.indices), options: options, timerCost: 0)
            for result in results {
                #expect(result.requests == 6, "\(result.label), chunks of \(chunkSize)")
                #expect(result.hits == 3, "\(result.label), chunks of \(chunkSize)")
                #expect(result.memory.finalEntries == 2, "b and c stay; a was deleted")
            }
        }
    }
}
