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

extension TTLPrediction {
    /// Little's law for a cache honouring `spec`'s own lifetimes (`"expiry":
    /// "stream"`), with their mean in place of the one lifetime. The model
    /// holds when each set's lifetime is independent of the key's
    /// popularity: every set draws afresh (`perKey: false`), the lifetime is
    /// fixed, or each key is set once (unique IDs). A share that never
    /// expires grows without end, so there is no plateau to predict: nil.
    public static func predictStream(spec: WorkloadSpec) -> TTLPrediction? {
        guard let lifetimes = spec.lifetimes, lifetimes.neverShare == 0 else { return nil }
        var fixed = false
        if case .fixed = lifetimes.distribution { fixed = true }
        var unique = false
        if case .unique = spec.keys { unique = true }
        guard fixed || !lifetimes.perKey || unique else { return nil }
        return predict(spec: spec, lifetime: lifetimes.meanSeconds)
    }
}

extension Experiment {
    /// Little's law beside every run of a policy that expires entries by
    /// time (its `ttl` option, in seconds) and has no capacity, and beside
    /// every run honouring the stream's lifetimes whose capacity is above
    /// the prediction (or that has none), with the predicted bytes at the
    /// bytes per entry the run measured.
    static func addTTLPrediction(to runs: inout [RunResult], spec: WorkloadSpec) {
        for i in runs.indices {
            guard let descriptor = PolicyRegistry.named(runs[i].policy) else { continue }
            var found: TTLPrediction?
            if descriptor.honoursStreamLifetimes(runs[i].options) {
                found = TTLPrediction.predictStream(spec: spec)
                if case .entries(let capacity)? = runs[i].capacity, let entries = found?.entries,
                    entries >= Double(capacity)
                {
                    found = nil
                } else if case .bytes? = runs[i].capacity {
                    found = nil
                }
            } else if runs[i].capacity == nil, descriptor.needsTime,
                let lifetime = runs[i].options["ttl"]?.asNumber ?? defaultLifetime(descriptor)
            {
                found = TTLPrediction.predict(spec: spec, lifetime: lifetime)
            }
            guard var prediction = found else { continue }
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
