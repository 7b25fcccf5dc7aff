import Caches
import TestSupport
import Testing

/// Each policy against its obviously correct model, on random sequences.
@Suite("Model-based")
struct ModelTests {
    /// Every policy with its defaults and each other choice word, then
    /// option values worth a case of their own (a lifetime short enough to
    /// expire within a run).
    static let variants: [(String, [String: PolicyOptionValue])] =
        PolicyRegistry.all.flatMap { descriptor in optionVariants(of: descriptor).map { (descriptor.name, $0) } } + [
            ("clock", ["bits": 2]), ("clock", ["bits": 3]), ("2q", ["kin": 0.5, "kout": 1]),
            ("2q", ["kin": 0, "kout": 0]),
            ("ttl", ["ttl": 2e-7]), ("s3fifo", ["small": 0.5, "ghost": 0, "threshold": 1]),
            ("slru", ["segments": 1]), ("slru", ["segments": 3, "insertion": "libcachesim"]),
        ]

    @Test("same hits, counts and bytes as the model", arguments: variants.indices)
    func matchesModel(variant: Int) throws {
        let (policy, options) = Self.variants[variant]
        let descriptor = try #require(PolicyRegistry.named(policy))
        for seed in UInt64(0)..<40 {
            var random = SplitMix64(seed: seed &* 7919 &+ UInt64(variant))
            let countsBytes = seed % 2 == 1
            let capacity: Capacity =
                countsBytes
                ? .bytes(Int.random(in: 0...60, using: &random)) : .entries(Int.random(in: 0...12, using: &random))
            let keys = UInt64.random(in: 1...30, using: &random)
            let operations = ModelChecker.operations(
                count: 400, keys: keys, sizes: countsBytes ? 0...20 : 1...1, using: &random)
            let cache = try descriptor.make(CacheConfiguration(capacity: capacity, options: options, seed: seed))
            let tick = Int64.random(in: 1...30, using: &random)
            let sizeOf: (UInt64) -> Int = { countsBytes ? Int($0 % 13) : 1 }
            let mismatch: ModelMismatch?
            if var model = referenceModel(for: policy, capacity: capacity, options: options) {
                mismatch = ModelChecker.compare(cache, &model, operations: operations, tick: tick, sizeOf: sizeOf)
            } else {
                #expect(modelFreePolicies[policy] != nil, "\(policy): write a model in Tests/TestSupport")
                mismatch = ModelChecker.checkGenerically(cache, operations: operations, tick: tick, sizeOf: sizeOf)
            }
            #expect(mismatch == nil, "\(policy) \(options) seed \(seed) capacity \(capacity): \(mismatch!)")
            if mismatch != nil { return }
        }
    }
}
