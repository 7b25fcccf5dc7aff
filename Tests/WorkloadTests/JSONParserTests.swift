import Foundation
import Testing

@testable import Workload

/// The spec's one JSON parse, against Foundation's `JSONSerialization` as an
/// independent reader, and on what it must refuse.
@Suite struct JSONParserTests {
    func parse(_ text: String) throws(JSONParser.Failure) -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    /// The value Foundation reads, in our terms (numbers by their value).
    func foundation(_ text: String) -> JSONValue? {
        guard let any = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else {
            return nil
        }
        func convert(_ value: Any) -> JSONValue {
            switch value {
            case is NSNull: return .null
            case let string as String: return .string(string)
            case let array as [Any]: return .array(array.map(convert))
            case let object as [String: Any]:
                return .object(JSONMembers(object.keys.sorted().map { (key: $0, value: convert(object[$0]!)) }))
            case let number as NSNumber where String(cString: number.objCType) == "c":
                return .bool(number.boolValue)
            case let number as NSNumber: return .number(JSONNumber(number.stringValue))
            default: return .string("\(value)")
            }
        }
        return convert(any)
    }

    /// Numbers compared by value, as Foundation keeps no text.
    func sameValue(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): x.int64 != nil ? x.int64 == y.int64 : x.double == y.double
        case (.array(let x), .array(let y)): x.count == y.count && zip(x, y).allSatisfy(sameValue)
        case (.object(let x), .object(let y)):
            x.keys.count == y.keys.count && x.keys.allSatisfy { key in y[key].map { sameValue(x[key]!, $0) } ?? false }
        default: a == b
        }
    }

    static let documents = [
        #"{"a": 1, "b": [true, false, null], "c": {"d": "e"}}"#, #"[]"#, #"{}"#, #"  42 "#, #"-0.5e-3"#,
        #""\u00e9\ud83d\ude00\n\t\\\/\"""#, #"{"nested": [[[[{"x": [1.5, -2, 3e10]}]]]]}"#,
        #"{"seed": 18446744073709551615, "big": 1e308, "tiny": 5e-324}"#, "\u{FEFF}{\"bom\": 1}",
        #"{"é": "ü", "key with spaces": "  "}"#,
    ]

    @Test(arguments: documents)
    func readsWhatFoundationReads(text: String) throws {
        let ours = try parse(text)
        let theirs = try #require(foundation(text), "Foundation reads \(text)")
        #expect(sameValue(ours, theirs), "\(ours) vs \(theirs)")
    }

    static let malformed: [(text: String, message: String)] = [
        (#"{"a": 1,}"#, "expected a key in quotes, got '}'"),
        (#"[1, 2,]"#, "expected a value, got ']'"),
        (#"{"a" 1}"#, "expected ':' after the key \"a\", got '1'"),
        (#"01"#, "unexpected text after the JSON value"),
        (#"1."#, "expected a digit after '.' in a number, got the end of the file"),
        (#"-"#, "expected a digit in a number, got the end of the file"),
        (#"1e"#, "expected a digit in a number's exponent, got the end of the file"),
        (#"1e400"#, "the number 1e400 is too large"),
        (#""\x""#, "unknown escape '\\x' in a string"),
        (#""\ud800""#, "a lone surrogate \\ud800 in a string"),
        (#""\u12""#, "\\u needs four hex digits"),
        ("\"a\nb\"", "a control character inside a string must be escaped"),
        (#"{"a": tru}"#, "expected a value, got 't'"),
        (#"NaN"#, "expected a value, got 'N'"),
        (#""#, "expected a value, got the end of the file"),
        (#"{"a": "never ends}"#, "a string runs to the end of the file"),
    ]

    @Test(arguments: malformed.indices)
    func refusesMalformedDocumentsSayingWhy(index: Int) {
        let (text, message) = Self.malformed[index]
        // Foundation on Linux accepts trailing commas, which RFC 8259 does
        // not; "01" and 1e400 it reads as other values. Everything else it
        // refuses too.
        let foundationDiffers = text.hasSuffix(",}") || text.hasSuffix(",]") || text == "01" || text == "1e400"
        #expect(foundation(text) == nil || foundationDiffers, "Foundation refuses \(text) too")
        #expect(throws: JSONParser.Failure.self) { try parse(text) }
        do {
            _ = try parse(text)
        } catch {
            #expect(error.message == message, "\(text)")
        }
    }

    @Test func aDuplicateKeyIsRefusedWithItsPathAndLines() throws {
        let text = "{\n  \"caches\": [\n    {\"policy\": \"lru\",\n     \"policy\": \"fifo\"}\n  ]\n}"
        #expect(foundation(text) != nil, "Foundation keeps the last one silently")
        do {
            _ = try parse(text)
            Issue.record("accepted a duplicate key")
        } catch {
            #expect(error.path == "caches[0].policy" && error.line == 4)
            #expect(
                error.message == #"duplicate key "policy" (on lines 3 and 4); each key may appear once in an object"#)
        }
        // Escapes do not hide a duplicate: "\u0061" is "a".
        #expect(throws: JSONParser.Failure.self) { try parse(#"{"a": 1, "\u0061": 2}"#) }
    }

    @Test func linesAreCountedForErrors() {
        do {
            _ = try parse("{\n\n  \"a\": [1,\n  2,,]\n}")
        } catch {
            #expect(error.line == 4 && error.path.isEmpty)
        }
    }

    @Test func nestingDeeperThanTheLimitIsRefusedNotACrash() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParser.Failure.self) { try parse(deep) }
        let fine =
            String(repeating: "[", count: JSONParser.maximumDepth)
            + String(repeating: "]", count: JSONParser.maximumDepth)
        _ = try parse(fine)
    }

    @Test func numbersKeepTheirTextAndIntegersAreExact() throws {
        guard case .object(let members) = try parse(#"{"seed": 18446744073709551615, "n": 1e7, "x": 2.50}"#) else {
            Issue.record("not an object")
            return
        }
        guard case .number(let seed)? = members["seed"], case .number(let n)? = members["n"],
            case .number(let x)? = members["x"]
        else {
            Issue.record("not numbers")
            return
        }
        #expect(seed.uint64 == UInt64.max && seed.int64 == nil)
        #expect(n.int64 == 10_000_000 && n.text == "1e7")
        #expect(x.int64 == nil && x.double == 2.5 && x.text == "2.50")
        #expect(members.keys == ["seed", "n", "x"], "members in the order written")
    }

    @Test func utf16AndUTF32DocumentsAreRead() throws {
        let text = #"{"key": "välue"}"#
        for encoding in [String.Encoding.utf16BigEndian, .utf16LittleEndian, .utf32BigEndian, .utf32LittleEndian] {
            let data = try #require(text.data(using: encoding))
            #expect(try JSONParser.parse(data) == parse(text), "\(encoding)")
        }
    }

    @Test func theFuzzSeedsReadAsFoundationReadsThem() throws {
        let folder = packageRoot.appendingPathComponent("Tests/FuzzCorpus/spec")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            guard let theirs = foundation(text) else { continue }
            guard let ours = try? parse(text) else {
                #expect(name.contains("duplicate"), "\(name): Foundation reads it, ours refuses")
                continue
            }
            #expect(sameValue(ours, theirs), "\(name)")
        }
    }
}
