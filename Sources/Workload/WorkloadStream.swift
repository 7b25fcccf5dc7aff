/// The request stream of a workload spec: keys from the spec's generator or
/// trace, times from its arrivals (or the trace's time column), sizes from
/// its size distribution (or the trace's size column), lifetimes from its
/// `lifetimes` (or the trace's TTL column).
///
/// Memory is constant in the stream's length; the stream is the same
/// whatever `limit` the caller reads it in.
public struct WorkloadStream: RequestStream {
    public let spec: WorkloadSpec
    /// The seed this stream was drawn with (`spec.seed` + repetition).
    public let seed: UInt64
    /// Exactly one of these is set: synthetic keys, or a trace being read.
    private var generator: (any KeyGenerator)?
    private var trace: TraceReader?
    private var clock: ArrivalClock
    private let sizer: ObjectSizer
    /// The spec's lifetimes, drawn from a seed stream of their own so that
    /// adding them leaves keys, times and sizes as they were.
    private let lifetimes: LifetimeSampler?
    /// Requests still to produce; nil means until the trace ends.
    private var remaining: Int?
    /// Whether a request has been produced yet (a trace that ends before
    /// its first is refused).
    private var started = false
    /// Whether each chunk also gets its requests' next accesses from the
    /// trace (``suppliesNextAccess`` must hold): the offline optimum's
    /// future, read instead of computed.
    public var fillsNextAccess = false {
        didSet { precondition(!fillsNextAccess || suppliesNextAccess, "this stream records no next access") }
    }

    /// Whether the stream's trace records each request's next access.
    public var suppliesNextAccess: Bool { trace?.source.suppliesNextAccess ?? false }

    /// The stream of `spec` for repetition `repetition` (seed `spec.seed + repetition`).
    /// Throws when the trace file cannot be opened.
    public init(_ spec: WorkloadSpec, repetition: Int = 0) throws(WorkloadError) {
        self.spec = spec
        seed = spec.seed &+ UInt64(repetition)
        if case .trace(let source) = spec.keys {
            trace = try TraceReader(source)
        } else if let generator = spec.keys.makeGenerator(seed: deriveSeed(seed, stream: 1)) {
            self.generator = generator
        } else {
            throw WorkloadError(file: spec.path, location: "keys", "a trace can only be the top-level source")
        }
        clock = ArrivalClock(spec.arrivals, seed: deriveSeed(seed, stream: 2))
        sizer = ObjectSizer(spec.sizes, seed: deriveSeed(seed, stream: 3))
        let lifetimeSeed = deriveSeed(seed, stream: 4)
        lifetimes = spec.lifetimes.map { LifetimeSampler($0, seed: lifetimeSeed) }
        remaining = spec.requests
        if generator != nil, remaining == nil {
            throw WorkloadError(file: spec.path, location: "requests", "is required unless keys.source is \"trace\"")
        }
    }

    /// Throws, naming the file, when a trace holds no request at all.
    public mutating func next(into chunk: inout RequestChunk, limit: Int) throws(WorkloadError) -> Int {
        chunk.removeAll()
        let wanted = min(limit, remaining ?? Int.max)
        guard wanted > 0 else { return 0 }
        let count: Int
        var timesDone = false, sizesDone = false
        if trace != nil {
            count = try trace!.read(limit: wanted, into: &chunk, nextAccess: fillsNextAccess)
            if count == 0, !started {
                throw WorkloadError(file: trace!.source.path, "the trace holds no requests; expected at least one")
            }
            timesDone = trace!.hasTimes
            sizesDone = trace!.hasSizes
        } else {
            chunk.keys.append(contentsOf: repeatElement(0, count: wanted))
            chunk.keys.withUnsafeMutableBufferPointer { generator!.generate(into: $0) }
            count = wanted
        }
        if !timesDone {
            chunk.times.append(contentsOf: repeatElement(0, count: count))
            chunk.times.withUnsafeMutableBufferPointer { clock.fill($0) }
        }
        if !sizesDone {
            chunk.sizes.append(contentsOf: repeatElement(1, count: count))
            if spec.sizes != nil {
                chunk.keys.withUnsafeBufferPointer { keys in
                    chunk.sizes.withUnsafeMutableBufferPointer { sizer.fill($0, keys: keys) }
                }
            }
        }
        if let lifetimes {
            chunk.lifetimes.append(contentsOf: repeatElement(0, count: count))
            chunk.keys.withUnsafeBufferPointer { keys in
                chunk.lifetimes.withUnsafeMutableBufferPointer { lifetimes.fill($0, keys: keys) }
            }
        }
        if let left = remaining { remaining = left - count }
        started = true
        return count
    }
}

extension WorkloadStream {
    /// Reads the first request of `spec`'s stream, so that an empty trace is
    /// refused (naming the file) before any work starts. O(one request).
    public static func checkNotEmpty(_ spec: WorkloadSpec) throws(WorkloadError) {
        var stream = try WorkloadStream(spec)
        var chunk = RequestChunk(capacity: 1)
        _ = try stream.next(into: &chunk, limit: 1)
    }
}
