import Foundation
import Workload

/// The keys of the stream of the spec at `url` (repetition 0), as
/// `cachesim gen` writes them: the same spec and seed give the same keys on
/// every machine, so counts recorded from them elsewhere (libCacheSim's)
/// can be checked on a fresh clone.
public func specKeys(_ url: URL) throws -> [UInt64] {
    var stream = try WorkloadStream(try WorkloadSpec.load(path: url.path))
    var chunk = RequestChunk(capacity: defaultChunkSize)
    var keys: [UInt64] = []
    while true {
        let n = try stream.next(into: &chunk, limit: defaultChunkSize)
        guard n > 0 else { return keys }
        keys.append(contentsOf: chunk.keys.prefix(n))
    }
}
