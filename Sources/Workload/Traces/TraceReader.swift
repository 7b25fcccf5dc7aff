/// One trace format's parser: appends requests from the file's bytes.
protocol TraceFormatReader {
    /// Appends up to `limit` requests: keys always, `times` and `sizes` only
    /// when the source supplies them (`TraceSource.suppliesTimes`,
    /// `suppliesSizes` without pages). Returns how many; 0 at the end.
    mutating func read(
        limit: Int, keys: inout [UInt64], times: inout [Int64], sizes: inout [UInt32]
    ) throws(WorkloadError) -> Int

    /// As `read(limit:keys:times:sizes:)`, also appending the keys the trace
    /// removes or writes without a request to `mutations`, positioned by
    /// index in `keys`, and, for a format with a TTL column
    /// (`TraceSource.suppliesLifetimes`), each request's lifetime to
    /// `lifetimes`. Formats without operations or TTLs take the default.
    mutating func read(
        limit: Int, keys: inout [UInt64], times: inout [Int64], sizes: inout [UInt32], mutations: inout [Mutation],
        lifetimes: inout [Int64]
    ) throws(WorkloadError) -> Int
}

extension TraceFormatReader {
    mutating func read(
        limit: Int, keys: inout [UInt64], times: inout [Int64], sizes: inout [UInt32], mutations: inout [Mutation],
        lifetimes: inout [Int64]
    ) throws(WorkloadError) -> Int {
        try read(limit: limit, keys: &keys, times: &times, sizes: &sizes)
    }
}

/// A trace format that records each request's next access: the position of
/// the next request for the same key as the file counts them, appended to
/// `nextAccess` (`Int64.max` for none).
protocol NextAccessRecordingReader: TraceFormatReader {
    mutating func read(
        limit: Int, keys: inout [UInt64], times: inout [Int64], sizes: inout [UInt32], nextAccess: inout [Int64]
    ) throws(WorkloadError) -> Int
}

/// Reads a trace file in blocks, in constant memory: decompresses it when
/// its first bytes say gzip, zstd or xz, parses it in the source's format
/// (one reader per format: `TextReader`, `OracleGeneralReader`,
/// `LIRSReader`, `ARCReader`, `TwitterReader`, `BinaryReader`) and, with a
/// page size, splits requests into pages (`PageSplitter`).
///
/// Bad input throws a `WorkloadError` naming the file and the line (text
/// formats) or byte offset (binary formats, compressed streams).
public struct TraceReader {
    public let source: TraceSource
    /// The compression recognised from the file's magic bytes.
    public let compression: TraceCompression
    private var reader: any TraceFormatReader
    private var pages: PageSplitter?
    private var nextAccessCheck = NextAccessCheck()

    /// Opens the trace; throws naming the file when it is missing or unreadable.
    public init(_ source: TraceSource) throws(WorkloadError) {
        self.source = source
        let bytes = try TraceBytes(path: source.path)
        compression = bytes.compression
        switch source.format {
        case .text, .csv: reader = TextReader(source, bytes: bytes)
        case .oracleGeneral: reader = OracleGeneralReader(bytes: bytes)
        case .lirs: reader = LIRSReader(bytes: bytes)
        case .arc: reader = ARCReader(bytes: bytes)
        case .twitter: reader = TwitterReader(bytes: bytes)
        case .binary: reader = BinaryReader(layout: source.integers, bytes: bytes)
        }
        var unpaged = source
        unpaged.pageSize = nil
        pages = source.pageSize.map {
            PageSplitter(pageSize: UInt64($0), hasTimes: source.suppliesTimes, hasLengths: unpaged.suppliesSizes)
        }
    }

    /// Whether the file supplies times / sizes itself (with pages, sizes
    /// are the page size).
    public var hasTimes: Bool { source.suppliesTimes }
    public var hasSizes: Bool { source.suppliesSizes }
    /// Whether the file gives each request a lifetime (a TTL column).
    public var hasLifetimes: Bool { source.suppliesLifetimes }

    /// Appends up to `limit` requests: keys always, `times` and `sizes` only
    /// when the file has them (`hasTimes`, `hasSizes`). Returns how many
    /// were read; 0 at the end. Invalidations (Twitter deletes) are dropped;
    /// `read(limit:into:)` keeps them.
    public mutating func read(
        limit: Int, keys: inout [UInt64], times: inout [Int64], sizes: inout [UInt32]
    ) throws(WorkloadError) -> Int {
        guard pages != nil else { return try reader.read(limit: limit, keys: &keys, times: &times, sizes: &sizes) }
        return try pages!.read(limit: limit, from: &reader, keys: &keys, times: &times, sizes: &sizes)
    }

    /// Appends up to `limit` requests to `chunk` — keys; times and sizes when
    /// the file has them; lifetimes when it has a TTL column; and what it
    /// does to keys without a request, in `mutations`.
    /// With `nextAccess`, also each request's next access as the file records
    /// it (``TraceSource/suppliesNextAccess`` must hold), checked on a sample
    /// of keys so a file whose field is missing or wrong is refused rather
    /// than replayed as if it were the future.
    /// Returns how many requests were read; 0 at the end.
    public mutating func read(
        limit: Int, into chunk: inout RequestChunk, nextAccess: Bool = false
    ) throws(WorkloadError)
        -> Int
    {
        if nextAccess {
            guard source.suppliesNextAccess, var recording = reader as? any NextAccessRecordingReader else {
                preconditionFailure("\(source.format) traces record no next access")
            }
            let first = chunk.nextAccess.count
            let count = try recording.read(
                limit: limit, keys: &chunk.keys, times: &chunk.times, sizes: &chunk.sizes,
                nextAccess: &chunk.nextAccess)
            reader = recording
            try nextAccessCheck.check(
                keys: chunk.keys[(chunk.keys.count - count)...], nextAccess: chunk.nextAccess[first...],
                file: source.path)
            return count
        }
        guard pages == nil else {
            return try pages!.read(
                limit: limit, from: &reader, keys: &chunk.keys, times: &chunk.times, sizes: &chunk.sizes)
        }
        return try reader.read(
            limit: limit, keys: &chunk.keys, times: &chunk.times, sizes: &chunk.sizes, mutations: &chunk.mutations,
            lifetimes: &chunk.lifetimes)
    }
}
