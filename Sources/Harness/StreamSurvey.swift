import Caches
import Workload

/// What a curve run needs to know of a stream before it starts, from one
/// pass: its requests, distinct keys (``DistinctKeyEstimate``), longest
/// reuse distance (where LRU's curve ends) and the mean size of its
/// objects (over a key sample, each key's last size).
public struct StreamSurvey: Sendable {
    public var requests = 0
    /// HyperLogLog's estimate (±0.41 %).
    public var distinctKeys: Double = 0
    /// The largest LRU stack distance seen (at the sampling rate, scaled
    /// back; 0 when the survey was taken without a rate).
    public var largestDistance = 0
    /// The mean size of the sampled distinct objects, in bytes (1 for a
    /// workload without sizes; `nil` when the survey was taken without a
    /// rate).
    public var meanObjectBytes: Double?

    /// The objects' bytes in all: distinct keys × mean size.
    public var distinctBytes: Int { Int((distinctKeys * (meanObjectBytes ?? 1)).rounded(.up)) }

    /// Surveys `spec`'s stream (its first repetition). With a
    /// `samplingRate`, also the longest reuse distance and the mean object
    /// size over the keys that rate samples; without one, requests and
    /// distinct keys only. O(requests · log(sampled keys)).
    public static func take(_ spec: WorkloadSpec, samplingRate: Double?) throws -> StreamSurvey {
        var survey = StreamSurvey()
        var distinct = DistinctKeyEstimate()
        let histogram = samplingRate.map { StackDistanceHistogram(samplingRate: $0) }
        var sample = samplingRate.map { KeySample(rate: $0) }
        var sizes: [UInt64: UInt32] = [:]
        var stream = try WorkloadStream(spec)
        var chunk = RequestChunk(capacity: defaultChunkSize)
        while try stream.next(into: &chunk, limit: defaultChunkSize) > 0 {
            survey.requests += chunk.count
            chunk.keys.withUnsafeBufferPointer { keys in
                histogram?.record(keys)
                if sample != nil {
                    sample!.take(keys) { sizes[keys[$0]] = chunk.sizes[$0] }
                } else {
                    for key in keys { distinct.insert(hash: KeySample.hash(key)) }
                }
            }
        }
        survey.distinctKeys = sample?.distinctKeys ?? distinct.estimate
        if let histogram { survey.largestDistance = histogram.largestDistance }
        if samplingRate != nil {
            survey.meanObjectBytes =
                sizes.isEmpty ? 1 : Double(sizes.values.reduce(0) { $0 + Int($1) }) / Double(sizes.count)
        }
        return survey
    }
}
