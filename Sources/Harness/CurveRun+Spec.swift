import Caches
import Foundation
import Workload

extension CurveRun {
    /// The curves a spec asks for with `"curves": {…}`: one per policy of
    /// its caches that has a capacity to scale (with the options of its
    /// first entry), at the policy's own capacities in the spec and at
    /// `asked.points` log-spaced sizes from `asked.from`
    /// to `asked.to` — by default a quarter of the spec's smallest capacity
    /// in the unit to four times its largest, or from the smallest size a
    /// miniature resolves to the stream's keys (or their bytes) when it has
    /// none — sampled as `asked.sampling` says (a fixed number
    /// of keys surveys the stream first for its distinct keys). `nil` when
    /// no policy of the spec can draw a curve.
    public static func run(_ spec: WorkloadSpec, asked: CurveSpec, threads: Int) throws -> CurveSet? {
        var policies: [PolicyDescriptor] = []
        var options: [String: [String: PolicyOptionValue]] = [:]
        // Each policy's own capacities join its curve, so the report can
        // set the curve beside the runs at exactly their sizes.
        var own: [String: [Int]] = [:]
        for cache in spec.caches {
            // A cache honouring the stream's lifetimes has no curve here:
            // the miniatures replay without them.
            guard let descriptor = PolicyRegistry.named(cache.policy),
                MiniatureSimulation.whyUnsupported(descriptor) == nil, !descriptor.honoursStreamLifetimes(cache.options)
            else { continue }
            for capacity in cache.capacities {
                switch capacity {
                case .entries(let n) where !asked.inBytes: own[descriptor.name, default: []].append(n)
                case .bytes(let n) where asked.inBytes: own[descriptor.name, default: []].append(n)
                default: break
                }
            }
            guard options[descriptor.name] == nil else { continue }
            policies.append(descriptor)
            options[descriptor.name] = cache.options
        }
        guard !policies.isEmpty else { return nil }
        let sizes = own.values.flatMap { $0 }
        var rate: Double
        var survey: StreamSurvey?
        switch asked.sampling {
        case .rate(let fixed): rate = fixed
        case .keys(let keys):
            let taken = try StreamSurvey.take(spec, samplingRate: nil)
            survey = taken
            rate = min(1, Double(keys) / max(1, taken.distinctKeys))
        }
        var low = asked.from ?? sizes.min().map { max(1, $0 / 4) }
        var high = asked.to ?? sizes.max().map { $0 * 4 }
        if low == nil || high == nil {
            // A range in bytes needs the objects' mean size: a survey at the rate.
            let taken =
                try asked.inBytes
                ? StreamSurvey.take(spec, samplingRate: rate) : survey ?? StreamSurvey.take(spec, samplingRate: nil)
            let objectBytes = asked.inBytes ? taken.meanObjectBytes ?? 1 : 1
            high = high ?? max(2, Int((taken.distinctKeys * objectBytes).rounded(.up)))
            low = low ?? smallestResolved(rate: rate, objectBytes: objectBytes)
        }
        var request = CurveRequest(
            policies: policies, capacities: logSpaced(from: min(low!, high!), to: high!, count: asked.points))
        request.options = options
        request.extraCapacities = own
        request.inBytes = asked.inBytes
        request.samplingRate = rate
        request.threads = threads
        return try run(spec, request)
    }

    /// The smallest size a miniature at `rate` resolves: one holding
    /// ``MiniatureSimulation/minimumEntries`` entries (in bytes, objects of
    /// `objectBytes` each; 1 for entries). At least 1.
    public static func smallestResolved(rate: Double, objectBytes: Double = 1) -> Int {
        max(1, Int((Double(MiniatureSimulation.minimumEntries) * objectBytes / rate).rounded(.up)))
    }

    /// `count` capacities from `smallest` to `largest`, evenly spaced on a
    /// log scale and rounded, without repeats (fewer when the range holds
    /// fewer whole numbers).
    public static func logSpaced(from smallest: Int, to largest: Int, count: Int) -> [Int] {
        guard smallest > 1 else { return MissRatioCurve.logSpacedCapacities(upTo: largest, count: count) }
        guard largest > smallest, count > 1 else { return [largest] }
        let step = log(Double(largest) / Double(smallest)) / Double(count - 1)
        var capacities: [Int] = []
        for i in 0..<count {
            let c = Int((Double(smallest) * exp(step * Double(i))).rounded())
            if c > (capacities.last ?? 0) && c <= largest { capacities.append(c) }
        }
        return capacities
    }
}
