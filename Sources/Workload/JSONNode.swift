/// A value in a parsed JSON document together with its JSON path, so every
/// error can say where it is: `keys.alpha: must be ≥ 0, got -1`.
///
/// Numbers are checked before they are converted (integers must be integral
/// and in range), so no input can trap.
struct JSONNode {
    let value: JSONValue
    /// `keys.alpha`, `caches[1].capacity[0]`; empty for the document itself.
    let path: String
    /// The file the document came from, for error messages.
    let file: String

    /// Parses `data` as a JSON document (``JSONParser``: a key written
    /// twice in one object is refused, naming it and both lines).
    static func parse(_ data: some Collection<UInt8>, file: String) throws(WorkloadError) -> JSONNode {
        do throws(JSONParser.Failure) {
            return JSONNode(value: try JSONParser.parse(data), path: "", file: file)
        } catch {
            guard error.path.isEmpty else { throw WorkloadError(file: file, location: error.path, error.message) }
            throw WorkloadError(file: file, location: "line \(error.line)", "not valid JSON: \(error.message)")
        }
    }

    /// An error located at this node.
    func error(_ message: String) -> WorkloadError {
        WorkloadError(file: file, location: path, message)
    }

    /// The node of a member or element below this one.
    func child(_ key: String, _ value: JSONValue) -> JSONNode {
        JSONNode(value: value, path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    /// What kind of JSON value this is, for "expected …, got …" messages.
    var kind: String {
        switch value {
        case .null: "null"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        case .bool: "a boolean"
        case .number: "a number"
        }
    }

    /// A human rendering of a scalar for messages (`-1`, `"lru"`).
    var rendered: String {
        switch value {
        case .string(let string): "\"\(string)\""
        case .number(let number): number.text
        case .bool(let flag): flag ? "true" : "false"
        default: kind
        }
    }

    func object() throws(WorkloadError) -> JSONObject {
        guard case .object(let members) = value else { throw error("expected an object, got \(kind)") }
        return JSONObject(node: self, members: members)
    }

    /// Whether this is an array (rather than one value standing for one).
    var isArray: Bool {
        if case .array = value { return true }
        return false
    }

    func array() throws(WorkloadError) -> [JSONNode] {
        guard case .array(let elements) = value else { throw error("expected an array, got \(kind)") }
        return elements.enumerated().map { JSONNode(value: $1, path: "\(path)[\($0)]", file: file) }
    }

    /// Whether this is a string.
    var isString: Bool {
        if case .string = value { return true }
        return false
    }

    func string() throws(WorkloadError) -> String {
        guard case .string(let string) = value else { throw error("expected a string, got \(kind)") }
        return string
    }

    /// A string that must be one of `choices`: `expected "fixed" or "poisson", got "bursty"`.
    func oneOf(_ choices: [String]) throws(WorkloadError) -> String {
        let chosen = try string()
        guard choices.contains(chosen) else {
            let quoted = choices.map { "\"\($0)\"" }
            let list =
                quoted.count <= 2
                ? quoted.joined(separator: " or ")
                : quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
            throw error("expected \(list), got \(rendered)")
        }
        return chosen
    }

    func bool() throws(WorkloadError) -> Bool {
        guard case .bool(let flag) = value else { throw error("expected true or false, got \(kind)") }
        return flag
    }

    func isNumber() -> Bool {
        if case .number = value { return true }
        return false
    }

    /// A finite number in `range`.
    func double(
        in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude,
        _ requirement: String? = nil
    ) throws(WorkloadError) -> Double {
        guard case .number(let number) = value else { throw error("expected a number, got \(kind)") }
        let x = number.double
        guard x.isFinite, range.contains(x) else {
            throw error("must be \(requirement ?? Self.describe(range)), got \(rendered)")
        }
        return x
    }

    /// An integer in `range`: 10, 1e7 and 10.0 are integers, 2.5 is not.
    func integer(in range: ClosedRange<Int64>, _ requirement: String? = nil) throws(WorkloadError) -> Int64 {
        guard case .number(let number) = value else { throw error("expected an integer, got \(kind)") }
        let fail = error("must be \(requirement ?? Self.describe(range)), got \(rendered)")
        if let exact = number.int64 {
            guard range.contains(exact) else { throw fail }
            return exact
        }
        let x = number.double
        guard x.isFinite, x == x.rounded() else { throw error("expected an integer, got \(rendered)") }
        throw fail
    }

    /// A non-negative 64-bit integer (seeds): up to 2⁶⁴ − 1 when written as an integer.
    func unsigned() throws(WorkloadError) -> UInt64 {
        if case .number(let number) = value, let exact = number.uint64 { return exact }
        return UInt64(try integer(in: 0...Int64.max, "an integer ≥ 0"))
    }

    /// An `Int` count in `range`.
    func int(in range: ClosedRange<Int>, _ requirement: String? = nil) throws(WorkloadError) -> Int {
        Int(try integer(in: Int64(range.lowerBound)...Int64(range.upperBound), requirement))
    }

    /// A number of bytes ≥ 1: an integer, or a string such as `"64MiB"` or
    /// `"4G"` (``ByteSize``).
    func byteCount() throws(WorkloadError) -> Int {
        guard case .string(let text) = value else {
            return try int(in: 1...Int.max, "a number of bytes ≥ 1, or a size such as \"64MiB\"")
        }
        switch ByteSize.parse(text) {
        case .success(let bytes) where bytes >= 1: return bytes
        case .success: throw error("must be ≥ 1 byte, got \(rendered)")
        case .failure(let refusal):
            throw error(
                "expected a byte count such as 67108864, \"64MiB\" or \"4G\", got \(rendered): \(refusal.message)")
        }
    }

    private static func describe<T: Comparable & CustomStringConvertible>(_ range: ClosedRange<T>) -> String
    where T: Numeric {
        let unboundedAbove =
            "\(range.upperBound)" == "\(Int64.max)" || "\(range.upperBound)" == "\(Double.greatestFiniteMagnitude)"
        let unboundedBelow =
            "\(range.lowerBound)" == "\(Int64.min)" || "\(range.lowerBound)" == "\(-Double.greatestFiniteMagnitude)"
        switch (unboundedBelow, unboundedAbove) {
        case (true, true): return "a finite number"
        case (false, true): return "≥ \(plain(range.lowerBound))"
        case (true, false): return "≤ \(plain(range.upperBound))"
        case (false, false): return "between \(plain(range.lowerBound)) and \(plain(range.upperBound))"
        }
    }

    /// `1` rather than `1.0`.
    private static func plain<T: CustomStringConvertible>(_ x: T) -> String {
        let text = x.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}

/// A JSON object being read field by field; `finish()` rejects the fields
/// nobody asked for, so misspelt options do not pass silently.
struct JSONObject {
    let node: JSONNode
    let members: JSONMembers
    private var read: Set<String> = []

    init(node: JSONNode, members: JSONMembers) {
        self.node = node
        self.members = members
    }

    /// The member `key`, or `nil` when absent (an explicit `null` counts as absent).
    mutating func optional(_ key: String) -> JSONNode? {
        read.insert(key)
        guard let value = members[key], value != .null else { return nil }
        return node.child(key, value)
    }

    /// The member `key`; an error naming its path when absent.
    mutating func required(_ key: String) throws(WorkloadError) -> JSONNode {
        guard let member = optional(key) else { throw node.child(key, .null).error("is required") }
        return member
    }

    /// The members not read yet, by name.
    var unread: [String] { members.keys.filter { !read.contains($0) }.sorted() }

    /// Marks the remaining members as read and returns them with their names.
    mutating func takeRest() -> [(name: String, node: JSONNode)] {
        let rest = unread
        rest.forEach { read.insert($0) }
        return rest.map { ($0, node.child($0, members[$0]!)) }
    }

    /// Throws for the first member that was never read.
    func finish(expected: [String]? = nil) throws(WorkloadError) {
        guard let unknown = unread.first else { return }
        var message = "unknown field"
        if let expected { message += "; expected one of: \(expected.joined(separator: ", "))" }
        throw node.child(unknown, .null).error(message)
    }
}
