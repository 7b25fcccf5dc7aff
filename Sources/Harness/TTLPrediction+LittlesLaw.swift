import Caches
import Foundation
import Workload

extension TTLPrediction {
    /// Little's law for a cache whose entries live `lifetime` seconds after
    /// they are set (hits do not extend it), on `spec`'s stream (the model
    /// is ``TTLPrediction``'s). Needs arrivals at a known rate and a key
    /// source whose popularity is known:
    ///
    /// - `zipf`, `uniform`, `hotset` (independent references), with at
    ///   most ``CheApproximation/maximumUniverse`` keys;
    /// - `unique` IDs, each requested `repeats` times within `window`
    ///   requests: when the window lasts no longer than the lifetime, every
    ///   ID is inserted once, by its first request, so keys arrive at the
    ///   request rate / repeats.
    ///
    /// nil otherwise (traces, scans, loops, mixes, phases). O(universe).
    public static func predict(spec: WorkloadSpec, lifetime: Double) -> TTLPrediction? {
        guard lifetime > 0, let rate = spec.arrivals?.ratePerSecond else { return nil }
        if case .unique(let repeats, let window) = spec.keys {
            guard repeats == 1 || Double(window) / rate <= lifetime else { return nil }
            let insertions = rate / Double(repeats)
            return TTLPrediction(
                insertionsPerSecond: insertions, lifetimeSeconds: lifetime, entries: insertions * lifetime,
                bytes: nil, hitRatio: 1 - 1 / Double(repeats))
        }
        // Σ over keys of λᵢ/(1 + λᵢT), and of the entries λᵢT/(1 + λᵢT).
        var insertions = 0.0, entries = 0.0
        func add(probability: Double, keys: Double) {
            let perKey = rate * probability
            insertions += keys * perKey / (1 + perKey * lifetime)
            entries += keys * perKey * lifetime / (1 + perKey * lifetime)
        }
        switch spec.keys {
        case .zipf(let alpha, let universe):
            guard universe <= UInt64(CheApproximation.maximumUniverse) else { return nil }
            var total = 0.0
            for rank in 1...Int(universe) { total += pow(Double(rank), -alpha) }
            for rank in 1...Int(universe) { add(probability: pow(Double(rank), -alpha) / total, keys: 1) }
        case .uniform(let universe):
            add(probability: 1 / Double(universe), keys: Double(universe))
        case .hotset(let universe, let hotKeys, let hotRequests):
            let hot = HotsetKeys(universe: universe, hotKeys: hotKeys, hotRequests: hotRequests, seed: 0).hotCount
            let cold = universe - hot
            add(probability: (cold > 0 ? hotRequests : 1) / Double(hot), keys: Double(hot))
            if cold > 0 { add(probability: (1 - hotRequests) / Double(cold), keys: Double(cold)) }
        default:
            return nil
        }
        return TTLPrediction(
            insertionsPerSecond: insertions, lifetimeSeconds: lifetime, entries: entries, bytes: nil,
            hitRatio: max(0, 1 - insertions / rate))
    }
}

extension Arrivals {
    /// Requests per second.
    var ratePerSecond: Double {
        switch self {
        case .fixed(let rate), .poisson(let rate): rate
        }
    }
}

extension Experiment {
    /// Little's law beside every run of a policy that expires entries by
    /// time (its `ttl` option, in seconds) and has no capacity, with the
    /// predicted bytes at the bytes per entry the run measured.
    static func addTTLPrediction(to runs: inout [RunResult], spec: WorkloadSpec) {
        for i in runs.indices where runs[i].capacity == nil {
            guard let descriptor = PolicyRegistry.named(runs[i].policy), descriptor.needsTime,
                let lifetime = runs[i].options["ttl"]?.asNumber ?? defaultLifetime(descriptor),
                var prediction = TTLPrediction.predict(spec: spec, lifetime: lifetime)
            else { continue }
            let memory = runs[i].memory
            let entries = memory.verdict.plateauEntries ?? Double(memory.finalEntries)
            let bytes = memory.verdict.plateauBytes ?? Double(memory.finalAllocatorBytes)
            if entries > 0 { prediction.bytes = prediction.entries * bytes / entries }
            runs[i].ttlPrediction = prediction
        }
    }

    /// The default of the policy's `ttl` option, in seconds, if it has one.
    static func defaultLifetime(_ descriptor: PolicyDescriptor) -> Double? {
        guard case .number(let seconds)? = descriptor.option("ttl")?.defaultValue else { return nil }
        return seconds
    }
}
