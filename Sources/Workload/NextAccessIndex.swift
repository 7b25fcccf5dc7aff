/// The next access of every request of a stream: for request `i`, the
/// position of the next request for the same key, or `Int64.max` when
/// there is none. What the offline optimum (`belady`) needs and a stream
/// does not carry.
///
/// Computed by one pass over the whole stream, remembering each key's
/// last position, so the stream must be finite and is materialised as
/// one `Int64` per request (plus a map over its distinct keys): fine up to
/// ``maximumRequests``, refused above.
public struct NextAccessIndex: Sendable {
    /// The longest stream indexed: 2·10^8 requests, 1.6 GB of next accesses.
    public static let maximumRequests = 200_000_000

    /// `values[i]` is request `i`'s next access.
    public let values: [Int64]

    /// The next accesses of `spec`'s stream for `repetition`, read once
    /// through ``WorkloadStream``. Throws when the stream cannot be read,
    /// or holds more than `maximumRequests` requests. O(requests), expected.
    public init(
        _ spec: WorkloadSpec, repetition: Int = 0, maximumRequests: Int = NextAccessIndex.maximumRequests
    )
        throws(WorkloadError)
    {
        if let refusal = Self.refusal(for: spec, maximumRequests: maximumRequests) {
            throw WorkloadError(file: spec.path, location: "requests", refusal)
        }
        var stream = try WorkloadStream(spec, repetition: repetition)
        var chunk = RequestChunk(capacity: defaultChunkSize)
        var values: [Int64] = []
        var lastSeen: [UInt64: Int] = [:]
        while try stream.next(into: &chunk, limit: defaultChunkSize) > 0 {
            guard values.count + chunk.count <= maximumRequests else {
                throw WorkloadError(
                    file: spec.path, location: "keys",
                    "the trace holds more than \(maximumRequests) requests, too many to see whole for the offline optimum: set \"requests\" to replay a prefix"
                )
            }
            for key in chunk.keys {
                let position = values.count
                values.append(.max)
                if let previous = lastSeen.updateValue(position, forKey: key) { values[previous] = Int64(position) }
            }
        }
        self.values = values
    }

    /// Why `spec`'s stream cannot be indexed whole, known before reading
    /// it, or `nil`: a stated length above `maximumRequests`. (A trace
    /// without a stated length is counted as it is read.)
    public static func refusal(
        for spec: WorkloadSpec, maximumRequests: Int = NextAccessIndex.maximumRequests
    ) -> String? {
        guard let requests = spec.requests, requests > maximumRequests else { return nil }
        return "\(requests) requests are too many to see whole for the offline optimum (at most \(maximumRequests))"
    }
}
