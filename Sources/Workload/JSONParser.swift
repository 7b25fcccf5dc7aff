/// Reads a JSON document (RFC 8259) into a ``JSONValue``, in one pass: the
/// only parse a spec file gets. Beyond the grammar, it refuses what would
/// otherwise pass silently — a key written twice in one object (the last
/// would win) — and what could exhaust the stack (nesting deeper than
/// ``maximumDepth``). Every refusal says where: the line, and for a
/// duplicate the JSON path and both lines.
///
/// Input is UTF-8, with or without a byte-order mark; UTF-16 and UTF-32
/// (told by the zero bytes of the first character, §8.1) are converted
/// first. O(bytes).
public struct JSONParser {
    /// Deepest nesting of arrays and objects accepted.
    public static let maximumDepth = 256

    /// Why a document is not accepted: where, and what was expected.
    public struct Failure: Error, Equatable {
        /// The JSON path of the offending member for a duplicate key, else empty.
        public let path: String
        /// 1-based line of the offending byte.
        public let line: Int
        public let message: String
    }

    private let bytes: [UInt8]
    private var position = 0
    private var line = 1

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// Parses `data` as one JSON value (any value, not only an object).
    public static func parse(_ data: some Collection<UInt8>) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes: utf8(Array(data)))
        parser.skipWhitespace()
        let value = try parser.value(path: "", depth: 0)
        parser.skipWhitespace()
        guard parser.position == parser.bytes.count else { throw parser.fail("unexpected text after the JSON value") }
        return value
    }

    /// The document as UTF-8.
    private static func utf8(_ data: [UInt8]) -> [UInt8] {
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { return Array(data.dropFirst(3)) }
        let head = Array(data.prefix(4)) + [1, 1, 1, 1]
        let scalars: [Unicode.Scalar]?
        switch (head[0], head[1], head[2], head[3]) {
        case (0, 0, 0xFE, 0xFF), (0, 0, 0, _): scalars = decode32(data, bigEndian: true)
        case (0xFF, 0xFE, 0, 0), (_, 0, 0, 0): scalars = decode32(data, bigEndian: false)
        case (0xFE, 0xFF, _, _), (0, _, _, _): scalars = decode16(data, bigEndian: true)
        case (0xFF, 0xFE, _, _), (_, 0, _, _): scalars = decode16(data, bigEndian: false)
        default: return data
        }
        guard var scalars else { return [0xFF] }  // not decodable: fails at the first byte
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return Array(text.utf8)
    }

    private static func decode16(_ data: [UInt8], bigEndian: Bool) -> [Unicode.Scalar]? {
        guard data.count % 2 == 0 else { return nil }
        let units = stride(from: 0, to: data.count, by: 2).map { i -> UInt16 in
            let (high, low) = bigEndian ? (data[i], data[i + 1]) : (data[i + 1], data[i])
            return UInt16(high) << 8 | UInt16(low)
        }
        var scalars: [Unicode.Scalar] = []
        var decoder = UTF16()
        var iterator = units.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: return scalars
            case .error: return nil
            }
        }
    }

    private static func decode32(_ data: [UInt8], bigEndian: Bool) -> [Unicode.Scalar]? {
        guard data.count % 4 == 0 else { return nil }
        var scalars: [Unicode.Scalar] = []
        for i in stride(from: 0, to: data.count, by: 4) {
            let ordered = bigEndian ? Array(data[i..<i + 4]) : data[i..<i + 4].reversed()
            var word: UInt32 = 0
            for byte in ordered { word = word << 8 | UInt32(byte) }
            guard let scalar = Unicode.Scalar(word) else { return nil }
            scalars.append(scalar)
        }
        return scalars
    }

    private func fail(_ message: String, path: String = "") -> Failure {
        Failure(path: path, line: line, message: message)
    }

    /// The byte at the current position, or nil at the end.
    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = current {
            switch byte {
            case UInt8(ascii: "\n"): line += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): break
            default: return
            }
            position += 1
        }
    }

    /// What the current byte is, for "expected …, got …" messages.
    private var found: String {
        guard let byte = current else { return "the end of the file" }
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16)
    }

    private mutating func value(path: String, depth: Int) throws(Failure) -> JSONValue {
        guard let byte = current else { throw fail("expected a value, got the end of the file") }
        switch byte {
        case UInt8(ascii: "{"): return .object(try object(path: path, depth: depth + 1))
        case UInt8(ascii: "["): return .array(try array(path: path, depth: depth + 1))
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw fail("expected a value, got \(found)")
        }
    }

    private mutating func literal(_ word: String, _ value: JSONValue) throws(Failure) -> JSONValue {
        let text = Array(word.utf8)
        guard bytes.count - position >= text.count, Array(bytes[position..<position + text.count]) == text else {
            throw fail("expected a value, got \(found)")
        }
        position += text.count
        return value
    }

    private mutating func object(path: String, depth: Int) throws(Failure) -> JSONMembers {
        guard depth <= Self.maximumDepth else { throw fail("nested deeper than \(Self.maximumDepth) levels") }
        position += 1
        var members = JSONMembers()
        var lines: [String: Int] = [:]
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            position += 1
            return members
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw fail("expected a key in quotes, got \(found)") }
            let keyLine = line
            let key = try string()
            let memberPath = path.isEmpty ? key : "\(path).\(key)"
            if let first = lines[key] {
                let whereWritten = first == keyLine ? "twice on line \(keyLine)" : "on lines \(first) and \(keyLine)"
                throw Failure(
                    path: memberPath, line: keyLine,
                    message: "duplicate key \"\(key)\" (\(whereWritten)); each key may appear once in an object")
            }
            lines[key] = keyLine
            skipWhitespace()
            guard current == UInt8(ascii: ":") else {
                throw fail("expected ':' after the key \"\(key)\", got \(found)")
            }
            position += 1
            skipWhitespace()
            members[key] = try value(path: memberPath, depth: depth)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return members
            default: throw fail("expected ',' or '}' in an object, got \(found)")
            }
        }
    }

    private mutating func array(path: String, depth: Int) throws(Failure) -> [JSONValue] {
        guard depth <= Self.maximumDepth else { throw fail("nested deeper than \(Self.maximumDepth) levels") }
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            position += 1
            return elements
        }
        while true {
            skipWhitespace()
            elements.append(try value(path: "\(path)[\(elements.count)]", depth: depth))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return elements
            default: throw fail("expected ',' or ']' in an array, got \(found)")
            }
        }
    }

    /// A string at the current quote, escapes decoded; control characters
    /// must be escaped and the bytes must be UTF-8.
    private mutating func string() throws(Failure) -> String {
        position += 1
        var decoded: [UInt8] = []
        while true {
            guard let byte = current else { throw fail("a string runs to the end of the file") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: decoded, as: UTF8.self) else {
                    throw fail("a string is not valid UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                guard let escape = current else { throw fail("a string runs to the end of the file") }
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"): decoded.append(contentsOf: String(Character(try unicodeEscape())).utf8)
                default: throw fail("unknown escape '\\\(Character(Unicode.Scalar(escape)))' in a string")
                }
            case 0..<0x20:
                if byte == UInt8(ascii: "\n") { line += 1 }
                throw fail("a control character inside a string must be escaped")
            default: decoded.append(byte)
            }
        }
    }

    /// The scalar of `\uXXXX` (its `u` read), a surrogate pair written as
    /// two escapes joined; a lone surrogate is refused.
    private mutating func unicodeEscape() throws(Failure) -> Unicode.Scalar {
        let high = try hex4()
        guard (0xD800..<0xE000).contains(high) else { return Unicode.Scalar(high)! }
        guard high < 0xDC00, bytes.count - position >= 6, bytes[position] == UInt8(ascii: "\\"),
            bytes[position + 1] == UInt8(ascii: "u")
        else { throw fail("a lone surrogate \\u\(String(high, radix: 16)) in a string") }
        position += 2
        let low = try hex4()
        guard (0xDC00..<0xE000).contains(low) else { throw fail("a lone surrogate \\u\(String(high, radix: 16))") }
        return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard bytes.count - position >= 4 else { throw fail("\\u needs four hex digits") }
        var value: UInt32 = 0
        for byte in bytes[position..<position + 4] {
            guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else {
                throw fail("\\u needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
        }
        position += 4
        return value
    }

    /// A number in JSON's grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    private mutating func number() throws(Failure) -> JSONNumber {
        let start = position
        func digits() -> Int {
            let from = position
            while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { position += 1 }
            return position - from
        }
        if current == UInt8(ascii: "-") { position += 1 }
        if current == UInt8(ascii: "0") {
            position += 1
        } else if digits() == 0 {
            throw fail("expected a digit in a number, got \(found)")
        }
        if current == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw fail("expected a digit after '.' in a number, got \(found)") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw fail("expected a digit in a number's exponent, got \(found)") }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard Double(text)?.isFinite == true else { throw fail("the number \(text) is too large") }
        return JSONNumber(text)
    }
}
