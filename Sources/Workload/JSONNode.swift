import Foundation

/// A value in a parsed JSON document together with its JSON path, so every
/// error can say where it is: `keys.alpha: must be ≥ 0, got -1`.
///
/// Numbers are checked before they are converted (integers must be integral
/// and in range), so no input can trap.
struct JSONNode {
    let value: Any
    /// `keys.alpha`, `caches[1].capacity[0]`; empty for the document itself.
    let path: String
    /// The file the document came from, for error messages.
    let file: String

    /// Parses `data` as a JSON document; a key written twice in one object
    /// is refused (`JSONSerialization` would keep the last one silently).
    static func parse(_ data: Data, file: String) throws(WorkloadError) -> JSONNode {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw WorkloadError(file: file, "not valid JSON: \(reason)")
        }
        if let duplicate = JSONDuplicateKeys.first(in: data) {
            let lines =
                duplicate.firstLine == duplicate.line
                ? "twice on line \(duplicate.line)" : "on lines \(duplicate.firstLine) and \(duplicate.line)"
            throw WorkloadError(
                file: file, location: duplicate.path,
                "duplicate key \"\(duplicate.key)\" (\(lines)); each key may appear once in an object")
        }
        return JSONNode(value: value, path: "", file: file)
    }

    /// An error located at this node.
    func error(_ message: String) -> WorkloadError {
        WorkloadError(file: file, location: path, message)
    }

    /// The node of a member or element below this one.
    func child(_ key: String, _ value: Any) -> JSONNode {
        JSONNode(value: value, path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    /// What kind of JSON value this is, for "expected …, got …" messages.
    var kind: String {
        switch value {
        case is NSNull: "null"
        case is String: "a string"
        case is [Any]: "an array"
        case is [String: Any]: "an object"
        case let number as NSNumber: isBoolean(number) ? "a boolean" : "a number"
        default: "\(type(of: value))"
        }
    }

    private func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    /// A human rendering of a scalar for messages (`-1`, `"lru"`).
    var rendered: String {
        switch value {
        case let string as String: "\"\(string)\""
        case let number as NSNumber where !isBoolean(number): number.stringValue
        case let number as NSNumber: number.boolValue ? "true" : "false"
        default: kind
        }
    }

    func object() throws(WorkloadError) -> JSONObject {
        guard let dictionary = value as? [String: Any] else { throw error("expected an object, got \(kind)") }
        return JSONObject(node: self, members: dictionary)
    }

    func array() throws(WorkloadError) -> [JSONNode] {
        guard let elements = value as? [Any] else { throw error("expected an array, got \(kind)") }
        return elements.enumerated().map { JSONNode(value: $1, path: "\(path)[\($0)]", file: file) }
    }

    func string() throws(WorkloadError) -> String {
        guard let string = value as? String else { throw error("expected a string, got \(kind)") }
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
        guard let number = value as? NSNumber, isBoolean(number) else {
            throw error("expected true or false, got \(kind)")
        }
        return number.boolValue
    }

    func isNumber() -> Bool {
        guard let number = value as? NSNumber else { return false }
        return !isBoolean(number)
    }

    /// A finite number in `range`.
    func double(
        in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude,
        _ requirement: String? = nil
    ) throws(WorkloadError) -> Double {
        guard let number = value as? NSNumber, !isBoolean(number) else { throw error("expected a number, got \(kind)") }
        let x = number.doubleValue
        guard x.isFinite, range.contains(x) else {
            throw error("must be \(requirement ?? Self.describe(range)), got \(rendered)")
        }
        return x
    }

    /// An integer in `range`: 10, 1e7 and 10.0 are integers, 2.5 is not.
    func integer(in range: ClosedRange<Int64>, _ requirement: String? = nil) throws(WorkloadError) -> Int64 {
        guard let number = value as? NSNumber, !isBoolean(number) else {
            throw error("expected an integer, got \(kind)")
        }
        let fail = error("must be \(requirement ?? Self.describe(range)), got \(rendered)")
        switch String(cString: number.objCType) {
        case "q", "l", "i", "s":
            guard range.contains(number.int64Value) else { throw fail }
            return number.int64Value
        case "Q", "L", "I", "S":
            guard number.uint64Value <= UInt64(Int64.max), range.contains(Int64(number.uint64Value)) else { throw fail }
            return Int64(number.uint64Value)
        default:
            let x = number.doubleValue
            guard x.isFinite, x == x.rounded() else { throw error("expected an integer, got \(rendered)") }
            guard x >= Double(range.lowerBound), x <= Double(range.upperBound), x < 0x1p63 else { throw fail }
            return Int64(x)
        }
    }

    /// A non-negative 64-bit integer (seeds): up to 2⁶⁴ − 1 when written as an integer.
    func unsigned() throws(WorkloadError) -> UInt64 {
        if let number = value as? NSNumber, ["Q", "L", "I", "S"].contains(String(cString: number.objCType)) {
            return number.uint64Value
        }
        return UInt64(try integer(in: 0...Int64.max, "an integer ≥ 0"))
    }

    /// An `Int` count in `range`.
    func int(in range: ClosedRange<Int>, _ requirement: String? = nil) throws(WorkloadError) -> Int {
        Int(try integer(in: Int64(range.lowerBound)...Int64(range.upperBound), requirement))
    }

    /// A number of bytes: an integer ≥ 1, or a string such as `"4G"` or
    /// `"512MiB"` (``ByteSize``).
    func byteSize() throws(WorkloadError) -> Int {
        if let text = value as? String {
            guard let bytes = ByteSize.parse(text) else {
                throw error("expected a number of bytes or a size such as \"4G\" or \"512MiB\", got \(rendered)")
            }
            return bytes
        }
        return try int(in: 1...Int.max, "a number of bytes ≥ 1, or a size such as \"4G\"")
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
    let members: [String: Any]
    private var read: Set<String> = []

    init(node: JSONNode, members: [String: Any]) {
        self.node = node
        self.members = members
    }

    /// The member `key`, or `nil` when absent (an explicit `null` counts as absent).
    mutating func optional(_ key: String) -> JSONNode? {
        read.insert(key)
        guard let value = members[key], !(value is NSNull) else { return nil }
        return node.child(key, value)
    }

    /// The member `key`; an error naming its path when absent.
    mutating func required(_ key: String) throws(WorkloadError) -> JSONNode {
        guard let member = optional(key) else { throw node.child(key, NSNull()).error("is required") }
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
        throw node.child(unknown, NSNull()).error(message)
    }
}
