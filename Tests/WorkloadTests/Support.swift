import Foundation
import Workload

/// Heavy tests run at full size when CACHESIM_HEAVY=1 (the release CI pass),
/// at a tenth of it otherwise so a debug `swift test` stays quick.
let heavy = ProcessInfo.processInfo.environment["CACHESIM_HEAVY"] == "1"

/// `full` when heavy, else `full / 10`.
func sampleSize(_ full: Int) -> Int { heavy ? full : full / 10 }

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Every request of `stream`, read `chunkSize` at a time.
func collect<S: RequestStream>(_ stream: inout S, chunkSize: Int = defaultChunkSize) throws -> RequestChunk {
    var all = RequestChunk(capacity: 0)
    var chunk = RequestChunk(capacity: chunkSize)
    while try stream.next(into: &chunk, limit: chunkSize) > 0 {
        all.keys += chunk.keys
        all.times += chunk.times
        all.sizes += chunk.sizes
    }
    return all
}

/// A spec from JSON text, as if read from `path`.
func spec(_ json: String, path: String = "/tmp/test-spec.json") throws -> WorkloadSpec {
    try WorkloadSpec.parse(Data(json.utf8), path: path)
}

/// The first `count` keys of `source` with seed `seed`.
func keys(_ source: KeySource, count: Int, seed: UInt64 = 42) -> [UInt64] {
    var generator = source.makeGenerator(seed: seed)!
    return generator.next(count)
}
