/// A chunk of requests in struct-of-arrays form: the unit in which streams
/// are generated, read and replayed. Buffers are reused from chunk to chunk,
/// so a stream of any length runs in constant memory.
public struct RequestChunk: Sendable {
    /// Object keys. String keys of traces are hashed to 64 bits when read.
    public var keys: [UInt64]
    /// Object sizes in bytes (1 when the workload has no sizes).
    public var sizes: [UInt32]
    /// Virtual timestamps in nanoseconds since the start of the stream
    /// (0 when the workload has no arrivals).
    public var times: [Int64]
    /// What a trace does to keys between requests (Twitter `delete`s and
    /// writes): each applies to the cache just before request `before` of
    /// this chunk (`before == count`: after the last). Not requests: nothing
    /// is counted for them. In stream order; empty for almost every workload.
    public var mutations: [Mutation]
    /// Each request's next access (see ``NextAccessIndex``), for policies
    /// that need the future; empty unless a consumer fills it.
    public var nextAccess: [Int64] = []
    /// Each request's lifetime in nanoseconds: how long the object lives
    /// once the request's miss sets it (0: it never expires). Empty when
    /// the stream carries no lifetimes (no spec `lifetimes`, a trace
    /// without a TTL column), which is almost every workload.
    public var lifetimes: [Int64] = []
    /// Positions, ascending, of the requests for keys the stream has not
    /// carried before (neither requested nor written): the requests every
    /// cache must miss. Empty unless a consumer fills it (the harness, to
    /// give each miss its cause).
    public var firstRequests: [Int32] = []

    /// Number of valid requests; the arrays may hold spare capacity beyond.
    public var count: Int { keys.count }

    /// An empty chunk with room for `capacity` requests.
    public init(capacity: Int) {
        keys = []
        sizes = []
        times = []
        mutations = []
        keys.reserveCapacity(capacity)
        sizes.reserveCapacity(capacity)
        times.reserveCapacity(capacity)
    }

    /// Lends the keys, sizes and times as buffers — the form a cache replays
    /// — without copying them. O(1).
    @inlinable
    public func withBuffers<Result>(
        _ body: (UnsafeBufferPointer<UInt64>, UnsafeBufferPointer<UInt32>, UnsafeBufferPointer<Int64>) throws -> Result
    ) rethrows -> Result {
        try keys.withUnsafeBufferPointer { keys in
            try sizes.withUnsafeBufferPointer { sizes in
                try times.withUnsafeBufferPointer { times in try body(keys, sizes, times) }
            }
        }
    }

    /// Empties the chunk, keeping its storage.
    public mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        sizes.removeAll(keepingCapacity: true)
        times.removeAll(keepingCapacity: true)
        mutations.removeAll(keepingCapacity: true)
        nextAccess.removeAll(keepingCapacity: true)
        lifetimes.removeAll(keepingCapacity: true)
        firstRequests.removeAll(keepingCapacity: true)
    }
}

/// A change a trace makes to a key at a point of the request stream,
/// without a request: the key is removed (a delete) or stored (a write).
public struct Mutation: Sendable, Equatable {
    public enum Change: Sendable, Equatable {
        /// The key leaves the cache.
        case remove
        /// The key is stored with this size at this time, as a set after a
        /// miss would store it, living `lifetime` nanoseconds (0: forever).
        case store(size: UInt32, time: Int64, lifetime: Int64 = 0)
    }
    /// Index in the chunk of the request it precedes.
    public var before: Int
    public var key: UInt64
    public var change: Change
    public init(before: Int, key: UInt64, change: Change) {
        self.before = before
        self.key = key
        self.change = change
    }
}

/// A producer of requests, chunk by chunk.
public protocol RequestStream {
    /// Replaces `chunk`'s contents with up to `limit` next requests.
    /// Returns how many it wrote; 0 means the stream has ended.
    /// The sequence of requests does not depend on `limit`.
    mutating func next(into chunk: inout RequestChunk, limit: Int) throws -> Int
}

/// The standard chunk size: large enough to amortize per-chunk calls, small
/// enough to stay in the L2 cache (64 Ki requests ≈ 1 MiB).
public let defaultChunkSize = 1 << 16
