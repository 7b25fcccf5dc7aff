/// Any JSON value, as a spec file wrote it: read once by ``JSONParser``,
/// then both checked field by field into a ``WorkloadSpec`` and carried into
/// results verbatim, so a result holds the spec it ran exactly.
///
/// Numbers keep their text (``JSONNumber``), so a 64-bit seed or a count
/// written as an integer is read exactly; objects keep their members in the
/// order written.
public enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONMembers)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .number(JSONNumber(String(value)))
        } else if let value = try? container.decode(UInt64.self) {
            self = .number(JSONNumber(String(value)))
        } else if let value = try? container.decode(Double.self) {
            self = .number(JSONNumber(String(value)))
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode(JSONMembers.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .object(let members): try members.encode(to: encoder)
        default:
            var container = encoder.singleValueContainer()
            switch self {
            case .null: try container.encodeNil()
            case .bool(let value): try container.encode(value)
            case .number(let number):
                if let exact = number.int64 {
                    try container.encode(exact)
                } else if let exact = number.uint64 {
                    try container.encode(exact)
                } else {
                    try container.encode(number.double)
                }
            case .string(let value): try container.encode(value)
            case .array(let value): try container.encode(value)
            case .object: preconditionFailure("encoded above")
            }
        }
    }
}

/// A JSON number as written (`42`, `-1.5e3`): read as an integer only when
/// it is one, exactly.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number's text, in JSON's number grammar.
    public let text: String

    public init(_ text: String) { self.text = text }

    /// The nearest `Double` (infinite when the text overflows one).
    public var double: Double { Double(text) ?? .nan }

    /// The value as an `Int64` when it is an integer that fits exactly:
    /// `10`, `1e7` and `10.0` are integers, `2.5` is not.
    public var int64: Int64? {
        if let exact = Int64(text) { return exact }
        let value = double
        guard value.isFinite, value == value.rounded(), value >= -0x1p63, value < 0x1p63 else { return nil }
        return Int64(value)
    }

    /// The value as a `UInt64` when written as a whole number that fits.
    public var uint64: UInt64? { UInt64(text) }

    public var description: String { text }
}

/// A JSON object's members in the order written; keys are unique (the
/// parser refuses a key written twice). Equal when the same keys hold equal
/// values, whatever their order.
public struct JSONMembers: Sendable, Equatable, Codable {
    /// Members in document order.
    public private(set) var members: [(key: String, value: JSONValue)]
    private var positions: [String: Int]

    public init(_ members: [(key: String, value: JSONValue)] = []) {
        self.members = []
        positions = [:]
        for member in members { self[member.key] = member.value }
    }

    /// The value of `key`, or nil; setting replaces it in place or appends.
    public subscript(key: String) -> JSONValue? {
        get { positions[key].map { members[$0].value } }
        set {
            if let index = positions[key] {
                if let newValue {
                    members[index].value = newValue
                } else {
                    members.remove(at: index)
                    positions = Dictionary(uniqueKeysWithValues: members.enumerated().map { ($1.key, $0) })
                }
            } else if let newValue {
                positions[key] = members.count
                members.append((key, newValue))
            }
        }
    }

    /// The keys in document order.
    public var keys: [String] { members.map(\.key) }

    public static func == (a: JSONMembers, b: JSONMembers) -> Bool {
        a.members.count == b.members.count && a.members.allSatisfy { b[$0.key] == $0.value }
    }

    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: MemberKey.self)
        self.init(try container.allKeys.map { ($0.stringValue, try container.decode(JSONValue.self, forKey: $0)) })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MemberKey.self)
        for (key, value) in members { try container.encode(value, forKey: MemberKey(stringValue: key)) }
    }
}

extension JSONMembers: ExpressibleByDictionaryLiteral {
    public typealias Key = String
    public typealias Value = JSONValue

    /// `["name": .string("zipf")]`, members in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { (key: $0.0, value: $0.1) })
    }
}
