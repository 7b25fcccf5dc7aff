extension KeySource {
    /// The generator for this source, seeded from `seed`; each component of a
    /// mix or phase list gets its own derived seed. A trace is not a
    /// generator (it is read by `TraceReader`) and returns `nil`.
    public func makeGenerator(seed: UInt64) -> (any KeyGenerator)? {
        switch self {
        case .unique(let repeats, let window):
            return UniqueKeys(repeats: repeats, window: window, seed: seed)
        case .zipf(let alpha, let universe):
            return ZipfSampler(alpha: alpha, universe: universe, seed: seed)
        case .uniform(let universe):
            return UniformKeys(universe: universe, seed: seed)
        case .hotset(let universe, let hotKeys, let hotRequests):
            return HotsetKeys(universe: universe, hotKeys: hotKeys, hotRequests: hotRequests, seed: seed)
        case .loop(let keys):
            return LoopKeys(keys: keys)
        case .scan(let length, let universe):
            return ScanKeys(length: length, universe: universe, seed: seed)
        case .mix(let components):
            let generators = components.enumerated().compactMap { index, component in
                component.source.makeGenerator(seed: deriveSeed(seed, stream: UInt64(index) + 1))
            }
            // Weights were checked positive by the spec reader, so the table builds.
            return try! MixedKeys(
                components: generators, weights: components.map(\.weight), seed: deriveSeed(seed, stream: 0))
        case .phases(let phases):
            let generators = phases.enumerated().compactMap { index, phase in
                phase.source.makeGenerator(seed: deriveSeed(seed, stream: UInt64(index) + 1))
            }
            return PhasedKeys(phases: generators, lengths: phases.map(\.requests))
        case .trace:
            return nil
        }
    }
}
