import Caches

/// A small seeded generator (splitmix64), so a failing sequence can be
/// replayed from its seed.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return mix64(state)
    }
}

/// One operation of a random sequence.
public enum CacheOperation: Equatable, Sendable, CustomStringConvertible {
    case get(UInt64)
    case set(UInt64, size: Int)
    case remove(UInt64)

    public var description: String {
        switch self {
        case .get(let k): "get(\(k))"
        case .set(let k, let size): "set(\(k), size: \(size))"
        case .remove(let k): "remove(\(k))"
        }
    }
}

/// Where a cache and its model first disagreed.
public struct ModelMismatch: Error, CustomStringConvertible {
    public let step: Int
    public let operation: CacheOperation
    public let detail: String
    public var description: String { "step \(step), \(operation): \(detail)" }
}

/// Drives a cache and a model through the same look-aside traffic and
/// random removals, comparing every outcome, the count and the resident
/// bytes after each step, and checking the bounds.
public enum ModelChecker {
    /// A random sequence over `keys` distinct keys: mostly get-then-set on a
    /// miss, some plain sets (updates) and removals; sizes in `sizes`.
    public static func operations(
        count: Int, keys: UInt64, sizes: ClosedRange<Int>, using random: inout SplitMix64
    ) -> [CacheOperation] {
        (0..<count).map { _ in
            let key = UInt64.random(in: 0..<keys, using: &random)
            switch Int.random(in: 0..<20, using: &random) {
            case 0: return .remove(key)
            case 1...3: return .set(key, size: Int.random(in: sizes, using: &random))
            default: return .get(key)
            }
        }
    }

    /// Runs `operations` through both, one virtual nanosecond step apart
    /// times `tick`; a `get` that misses is followed by a `set` (size from
    /// `sizeOf`). Returns the first disagreement, or `nil`.
    public static func compare(
        _ cache: any ReplayableCache, _ model: inout some ReferenceModel,
        operations: [CacheOperation], tick: Int64 = 1, sizeOf: (UInt64) -> Int = { _ in 1 }
    ) -> ModelMismatch? {
        var now: Int64 = 0
        for (step, operation) in operations.enumerated() {
            now += tick
            switch operation {
            case .get(let key):
                let hit = cache.lookup(key, now: now)
                let expected = model.get(key, now: now)
                if hit != expected {
                    return ModelMismatch(step: step, operation: operation, detail: "hit \(hit), model \(expected)")
                }
                if !hit {
                    cache.admit(key, size: sizeOf(key), now: now)
                    _ = model.set(key, size: sizeOf(key), now: now)
                }
            case .set(let key, let size):
                cache.admit(key, size: size, now: now)
                _ = model.set(key, size: size, now: now)
            case .remove(let key):
                let removed = cache.discard(key)
                let expected = model.remove(key)
                if removed != expected {
                    return ModelMismatch(
                        step: step, operation: operation, detail: "removed \(removed), model \(expected)")
                }
            }
            if cache.count != model.count || cache.residentBytes != model.residentBytes {
                return ModelMismatch(
                    step: step, operation: operation,
                    detail:
                        "count \(cache.count) bytes \(cache.residentBytes), model \(model.count) bytes \(model.residentBytes)"
                )
            }
            if let problem = boundViolation(cache) {
                return ModelMismatch(step: step, operation: operation, detail: problem)
            }
        }
        return nil
    }

    /// For policies no simple model reproduces (random draws, the future):
    /// runs `operations` as ``compare(_:_:operations:tick:sizeOf:)`` does and
    /// checks what holds for every policy — a hit is a key set and not
    /// removed since, a removal succeeds only for such a key, an admitted
    /// key is resident right after its `set` (every policy here admits on
    /// demand), and the bound holds. Returns the first violation, or `nil`.
    public static func checkGenerically(
        _ cache: any ReplayableCache, operations: [CacheOperation], tick: Int64 = 1,
        sizeOf: (UInt64) -> Int = { _ in 1 }
    ) -> ModelMismatch? {
        let bound = ModelBound(cache.capacity)
        var stored: Set<UInt64> = []
        var now: Int64 = 0
        for (step, operation) in operations.enumerated() {
            now += tick
            func fail(_ detail: String) -> ModelMismatch {
                ModelMismatch(step: step, operation: operation, detail: detail)
            }
            func admit(_ key: UInt64, size: Int) -> ModelMismatch? {
                cache.admit(key, size: size, now: now)
                guard bound.admits(size) else {
                    stored.remove(key)
                    return nil
                }
                stored.insert(key)
                return cache.lookup(key, now: now) ? nil : fail("not resident right after its set")
            }
            switch operation {
            case .get(let key):
                let hit = cache.lookup(key, now: now)
                if hit && !stored.contains(key) { return fail("hit on a key never set, or removed") }
                if !hit, let problem = admit(key, size: sizeOf(key)) { return problem }
            case .set(let key, let size):
                if let problem = admit(key, size: size) { return problem }
            case .remove(let key):
                if cache.discard(key) && !stored.contains(key) { return fail("removed a key never set") }
                stored.remove(key)
            }
            if cache.count > stored.count { return fail("count \(cache.count) above the \(stored.count) keys set") }
            if let problem = boundViolation(cache) { return fail(problem) }
        }
        return nil
    }

    /// What is wrong with `cache`'s count or bytes against its capacity.
    public static func boundViolation(_ cache: any ReplayableCache) -> String? {
        switch cache.capacity {
        case .entries(let n) where cache.count > n: "count \(cache.count) over capacity \(n)"
        case .bytes(let n) where cache.residentBytes > n: "resident bytes \(cache.residentBytes) over capacity \(n)"
        default: nil
        }
    }
}

/// The option sets the shared suites run a policy with: its defaults, and
/// each other word of each choice option (a choice selects a different
/// rule, so each is a policy of its own to check).
public func optionVariants(of descriptor: PolicyDescriptor) -> [[String: PolicyOptionValue]] {
    var variants: [[String: PolicyOptionValue]] = [[:]]
    for option in descriptor.options {
        guard case .choice(let words) = option.kind else { continue }
        for word in words where PolicyOptionValue.word(word) != option.defaultValue {
            variants.append([option.name: .word(word)])
        }
    }
    return variants
}
