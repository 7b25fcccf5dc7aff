import Testing
import Workload

@Suite struct NextAccessIndexTests {
    func workload(requests: Int?) -> WorkloadSpec {
        WorkloadSpec(
            name: "t", seed: 5, requests: requests, keys: .zipf(alpha: 0.9, universe: 300), path: "Workloads/t.json")
    }

    @Test("each request points at the next request for its key, or at none")
    func matchesAForwardSearch() throws {
        let spec = workload(requests: 3_000)
        let index = try NextAccessIndex(spec, repetition: 1)
        var stream = try WorkloadStream(spec, repetition: 1)
        var chunk = RequestChunk(capacity: 3_000)
        _ = try stream.next(into: &chunk, limit: 3_000)
        let keys = chunk.keys
        #expect(index.values.count == keys.count)
        for i in keys.indices {
            let expected = keys[(i + 1)...].firstIndex(of: keys[i]).map(Int64.init) ?? .max
            #expect(index.values[i] == expected, "request \(i)")
            if index.values[i] != expected { return }
        }
    }

    @Test("a stream too long to hold is refused, naming the file and field")
    func refusesLongStreams() {
        let error = #expect(throws: WorkloadError.self) {
            try NextAccessIndex(workload(requests: 101), maximumRequests: 100)
        }
        #expect(error?.file == "Workloads/t.json")
        #expect(error?.location == "requests")
        #expect(NextAccessIndex.refusal(for: workload(requests: 100), maximumRequests: 100) == nil)
    }
}
