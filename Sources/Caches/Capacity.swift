/// How much a cache may hold.
///
/// One type from spec to result: a spec's `capacity` / `capacityBytes`
/// fields read into it, the harness builds caches with it, and results and
/// bench files record it (as `{"unit": "entries", "value": 4096}`).
public enum Capacity: Sendable, Hashable {
    /// At most this many entries; every object weighs one.
    case entries(Int)
    /// At most this many bytes of object sizes. An object larger than the
    /// whole cache (or of 4 GiB or more, which a slot cannot record) is not
    /// admitted.
    case bytes(Int)
    /// No bound: the map that never evicts.
    case unbounded
}

extension Capacity {
    /// The largest entry capacity a cache can honour: slots are linked by
    /// `Int32` indices. (Storage reserved up front is capped far lower, at
    /// 2^24 slots; beyond that it grows as entries arrive.)
    public static let maximumEntries = Int(Int32.max) - 1

    /// The unit as results write it: `entries`, `bytes` or `unbounded`.
    public var unit: String {
        switch self {
        case .entries: "entries"
        case .bytes: "bytes"
        case .unbounded: "unbounded"
        }
    }

    /// The bound in its unit; `Int.max` for an unbounded cache, so that
    /// sorting by it puts the map that never evicts last.
    public var limit: Int {
        switch self {
        case .entries(let n), .bytes(let n): n
        case .unbounded: Int.max
        }
    }
}

extension Capacity: ExpressibleByIntegerLiteral {
    /// A whole number is a count of entries, the default unit:
    /// `LRUCache<String, Response>(capacity: 4096)`.
    public init(integerLiteral value: Int) { self = .entries(value) }
}

extension Capacity: Codable {
    enum CodingKeys: String, CodingKey {
        case unit, value
    }

    /// Reads `{"unit": "entries" | "bytes", "value": N}` or
    /// `{"unit": "unbounded"}`; any other unit is refused, naming it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let unit = try container.decode(String.self, forKey: .unit)
        switch unit {
        case "entries": self = .entries(try container.decode(Int.self, forKey: .value))
        case "bytes": self = .bytes(try container.decode(Int.self, forKey: .value))
        case "unbounded": self = .unbounded
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .unit, in: container,
                debugDescription: "must be \"entries\" or \"bytes\", got \"\(unit)\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(unit, forKey: .unit)
        if case .unbounded = self { return }
        try container.encode(limit, forKey: .value)
    }
}
