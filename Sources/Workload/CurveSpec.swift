/// A spec's `"curves"` object: the hit-ratio curve of each policy of the
/// spec over a range of sizes, drawn in the report beside the simulated
/// points (`cachesim run`; the curves `cachesim mrc` draws). `"curves":
/// true` asks only for LRU's exact one-pass curve, as before.
public struct CurveSpec: Sendable, Equatable {
    /// How the keys are sampled: at a fixed rate, or at the rate that
    /// samples about this many distinct keys.
    public enum Sampling: Sendable, Equatable {
        case rate(Double)
        case keys(Int)
    }

    /// The default sample: enough keys that 16 sizes from 32 entries per
    /// miniature up resolve, few enough to take a fraction of a replay.
    public static let defaultSampleKeys = 65_536

    public var sampling: Sampling
    /// Log-spaced sizes from `from` to `to` (`nil`: a quarter of the spec's
    /// smallest capacity to four times its largest).
    public var points: Int
    public var from: Int?
    public var to: Int?
    /// Whether the sizes are bytes (`"unit": "bytes"`), else entries.
    public var inBytes: Bool

    public init(
        sampling: Sampling = .keys(defaultSampleKeys), points: Int = 16, from: Int? = nil, to: Int? = nil,
        inBytes: Bool = false
    ) {
        self.sampling = sampling
        self.points = points
        self.from = from
        self.to = to
        self.inBytes = inBytes
    }

    /// `{"samplingRate": 0.01 | "sampleKeys": 65536, "points": 16, "from": 1000, "to": 1e6, "unit": "entries"}`,
    /// every field optional; sizes in bytes may be size strings (`"64M"`).
    static func read(_ node: JSONNode) throws(WorkloadError) -> CurveSpec {
        var object = try node.object()
        var spec = CurveSpec()
        let rate = try object.optional("samplingRate")?.double(in: Double.leastNonzeroMagnitude...1, "in (0, 1]")
        let keys = try object.optional("sampleKeys")?.int(in: 32...(1 << 40), "at least 32")
        if let rate, keys != nil {
            throw node.error("give samplingRate or sampleKeys, not both (got samplingRate \(rate))")
        }
        if let rate { spec.sampling = .rate(rate) }
        if let keys { spec.sampling = .keys(keys) }
        spec.points = try object.optional("points")?.int(in: 2...200) ?? 16
        spec.inBytes = try object.optional("unit")?.oneOf(["entries", "bytes"]) == "bytes"
        for field in ["from", "to"] {
            guard let value = object.optional(field) else { continue }
            let size =
                spec.inBytes ? try value.byteCount() : try value.int(in: 1...Int(Int32.max) - 1, "1 … 2³¹ − 2 entries")
            if field == "from" { spec.from = size } else { spec.to = size }
        }
        if let from = spec.from, let to = spec.to, from >= to {
            throw node.error("from (\(from)) must be smaller than to (\(to))")
        }
        try object.finish()
        return spec
    }
}
