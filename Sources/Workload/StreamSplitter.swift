import Caches
import Foundation

/// Splits a request stream by key into one oracleGeneral trace per node of
/// a tier (`cachesim split`): node `k`'s file holds, in stream order, the
/// requests whose key the router sends to `k`, so the files are
/// key-disjoint and replaying each through a node's cache gives exactly the
/// hits of that node in the in-process tier (``CacheTier``).
///
/// One pass over the stream; each file is written to a temporary file,
/// then given its next-access indices (a backward pass over that file, as
/// ``StreamWriter`` does) and renamed into place only when every file is
/// complete. Memory: one chunk per node plus the backward pass's position
/// per distinct key of the largest node.
public enum StreamSplitter {
    /// Writes `paths[k]` for every node `k` of `router` (`paths.count ==
    /// router.nodes`); returns the requests written to each. A stream that
    /// deletes or writes keys between requests (a Twitter trace's
    /// mutations) is refused: oracleGeneral records cannot carry them.
    public static func split<S: RequestStream>(
        _ stream: inout S, router: KeyRouter, to paths: [String], source: String
    ) throws -> [Int] {
        precondition(paths.count == router.nodes)
        let pid = ProcessInfo.processInfo.processIdentifier
        let temporaries = paths.map { path in
            let url = URL(fileURLWithPath: path)
            return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(pid)").path
        }
        var handles: [FileHandle] = []
        var finished = false
        defer {
            for handle in handles { try? handle.close() }
            if !finished { for temporary in temporaries { try? FileManager.default.removeItem(atPath: temporary) } }
        }
        for (path, temporary) in zip(paths, temporaries) {
            guard FileManager.default.createFile(atPath: temporary, contents: nil),
                let handle = FileHandle(forUpdatingAtPath: temporary)
            else { throw WorkloadError(file: path, "cannot be written (is the folder there and writable?)") }
            handles.append(handle)
        }
        var counts = [Int](repeating: 0, count: router.nodes)
        var chunk = RequestChunk(capacity: defaultChunkSize)
        var parts = (0..<router.nodes).map { _ in RequestChunk(capacity: defaultChunkSize / router.nodes + 1) }
        var bytes: [UInt8] = []
        while try stream.next(into: &chunk, limit: defaultChunkSize) > 0 {
            if let mutation = chunk.mutations.first {
                throw WorkloadError(
                    file: source,
                    "request \(counts.reduce(0, +) + mutation.before): the trace deletes or writes keys between requests, which node traces (oracleGeneral) cannot carry; split a trace of requests only"
                )
            }
            for k in parts.indices { parts[k].removeAll() }
            for i in 0..<chunk.count {
                let node = router.node(for: chunk.keys[i])
                parts[node].keys.append(chunk.keys[i])
                parts[node].sizes.append(chunk.sizes[i])
                parts[node].times.append(chunk.times[i])
            }
            for k in parts.indices where parts[k].count > 0 {
                bytes.removeAll(keepingCapacity: true)
                StreamWriter.appendOracleGeneral(parts[k], to: &bytes)
                do {
                    try handles[k].write(contentsOf: bytes)
                } catch {
                    throw WorkloadError(file: paths[k], "write failed: \(error.localizedDescription)")
                }
                counts[k] += parts[k].count
            }
        }
        for k in paths.indices {
            try StreamWriter.fillNextAccess(descriptor: handles[k].fileDescriptor, records: counts[k], path: paths[k])
        }
        for (path, temporary) in zip(paths, temporaries) {
            guard rename(temporary, path) == 0 else {
                throw WorkloadError(file: path, "cannot be replaced: \(String(cString: strerror(errno)))")
            }
        }
        finished = true
        return counts
    }
}
