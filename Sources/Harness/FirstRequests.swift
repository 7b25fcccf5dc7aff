import Workload

/// Finds, chunk by chunk, the requests for keys a stream has not carried
/// before — its compulsory misses, which every cache has — and writes their
/// positions to ``RequestChunk/firstRequests``.
///
/// Unique IDs need no memory: their generator requests each block of
/// m = ⌊window / repeats⌋ new IDs `repeats` times in a row, so a request is
/// a first exactly when its position within its block of repeats·m
/// requests is below m (every request, without repeats). Any other stream
/// keeps the set of keys seen so far, requested or written by the trace
/// (a write makes the key known, so a later request may hit): 8 bytes a
/// distinct key and a little over, outside any cache's measured memory.
struct FirstRequests {
    private enum Finder {
        /// First when position mod `blockLength` < `blockIDs`.
        case unique(blockIDs: Int, blockLength: Int)
        case seen(Set<UInt64>)
    }
    private var finder: Finder
    /// Requests marked so far: the position of the next chunk's first.
    private var position = 0

    init(_ keys: KeySource) {
        if case .unique(let repeats, let window) = keys {
            let blockIDs = max(1, window / repeats)
            finder = .unique(blockIDs: blockIDs, blockLength: blockIDs * repeats)
        } else {
            finder = .seen([])
        }
    }

    /// Fills `chunk.firstRequests` for the chunk that follows every chunk
    /// marked before. O(chunk) expected.
    mutating func mark(_ chunk: inout RequestChunk) {
        chunk.firstRequests.removeAll(keepingCapacity: true)
        let n = chunk.count
        switch finder {
        case .unique(let blockIDs, let blockLength):
            for i in 0..<n where (position + i) % blockLength < blockIDs {
                chunk.firstRequests.append(Int32(truncatingIfNeeded: i))
            }
        case .seen(var seen):
            finder = .seen([])  // keeps `seen` uniquely referenced while it grows
            var mutation = 0
            for i in 0..<n {
                while mutation < chunk.mutations.count, chunk.mutations[mutation].before <= i {
                    if case .store = chunk.mutations[mutation].change { seen.insert(chunk.mutations[mutation].key) }
                    mutation += 1
                }
                if seen.insert(chunk.keys[i]).inserted { chunk.firstRequests.append(Int32(truncatingIfNeeded: i)) }
            }
            for rest in chunk.mutations[mutation...] {
                if case .store = rest.change { seen.insert(rest.key) }
            }
            finder = .seen(seen)
        }
        position += n
    }
}
