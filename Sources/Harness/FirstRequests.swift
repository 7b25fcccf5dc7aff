import Caches
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
/// (a write makes the key known, so a later request may hit): 8–16 bytes
/// a distinct key (``SeenKeys``), outside any cache's measured memory.
struct FirstRequests {
    private enum Finder {
        /// First when position mod `blockLength` < `blockIDs`.
        case unique(blockIDs: Int, blockLength: Int)
        case seen(SeenKeys)
    }
    private var finder: Finder
    /// Requests marked so far: the position of the next chunk's first.
    private var position = 0

    init(_ keys: KeySource) {
        if case .unique(let repeats, let window) = keys {
            let blockIDs = max(1, window / repeats)
            finder = .unique(blockIDs: blockIDs, blockLength: blockIDs * repeats)
        } else {
            finder = .seen(SeenKeys())
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
            finder = .seen(SeenKeys())  // keeps `seen` uniquely referenced while it grows
            var mutation = 0
            for i in 0..<n {
                while mutation < chunk.mutations.count, chunk.mutations[mutation].before <= i {
                    if case .store = chunk.mutations[mutation].change { seen.insert(chunk.mutations[mutation].key) }
                    mutation += 1
                }
                if seen.insert(chunk.keys[i]) { chunk.firstRequests.append(Int32(truncatingIfNeeded: i)) }
            }
            for rest in chunk.mutations[mutation...] {
                if case .store = rest.change { seen.insert(rest.key) }
            }
            finder = .seen(seen)
        }
        position += n
    }
}

/// A set of 64-bit keys, open addressing with linear probing at a load of
/// at most ½, the slot chosen by `mix64` of the key: Swift's `Set` hashes
/// with SipHash, about 180 instructions an insert, which made marking a
/// stream's first requests cost more than replaying it. Key 0 is kept
/// apart (0 marks an empty slot). Only grows.
struct SeenKeys {
    private var slots: [UInt64] = Array(repeating: 0, count: 1 << 10)
    private var count = 0
    private var hasZero = false

    /// Adds `key`; whether it was new. Expected O(1), amortized.
    @discardableResult
    mutating func insert(_ key: UInt64) -> Bool {
        guard key != 0 else {
            defer { hasZero = true }
            return !hasZero
        }
        if (count + 1) * 2 > slots.count { grow() }
        let inserted = Self.place(key, in: &slots)
        if inserted { count += 1 }
        return inserted
    }

    /// Puts `key` (not 0) in its probe sequence; whether it was absent.
    private static func place(_ key: UInt64, in slots: inout [UInt64]) -> Bool {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: mix64(key)) & mask
        return slots.withUnsafeMutableBufferPointer { slots in
            while true {
                let found = slots[i]
                if found == key { return false }
                if found == 0 {
                    slots[i] = key
                    return true
                }
                i = (i + 1) & mask
            }
        }
    }

    /// Doubles the slots. O(keys).
    private mutating func grow() {
        var larger = [UInt64](repeating: 0, count: slots.count * 2)
        for key in slots where key != 0 { _ = Self.place(key, in: &larger) }
        slots = larger
    }
}
