import Foundation

/// Finds a key written twice in one JSON object, which `JSONSerialization`
/// accepts silently (the last one wins): `{"requests": 100, "requests": 5}`
/// would run 5 requests without a word.
///
/// It walks the document's tokens once, with its own stack (no recursion),
/// comparing each object's keys as decoded strings (`"a"` and `"\u0061"` are
/// the same key, as they are to `JSONSerialization`). It is meant for text
/// that has already parsed as JSON: on anything else it stops and reports
/// nothing rather than guess. O(bytes).
enum JSONDuplicateKeys {
    /// A key that appears a second time in the same object.
    struct Duplicate: Equatable {
        /// The JSON path of the member (`caches[0].capacity`), as `JSONNode` names it.
        let path: String
        let key: String
        /// Lines (from 1) of the first and the second occurrence.
        let firstLine: Int
        let line: Int
    }

    /// The first duplicated key of `data` in document order, or nil.
    static func first(in data: Data) -> Duplicate? {
        var scanner = Scanner(bytes: utf8(data))
        return scanner.firstDuplicate()
    }

    /// The document as UTF-8, whatever Unicode encoding `JSONSerialization`
    /// read it in (RFC 8259 §8.1: UTF-8 with or without a byte-order mark;
    /// UTF-16 and UTF-32 told by where the zero bytes of the first character are).
    private static func utf8(_ data: Data) -> [UInt8] {
        let head = Array(data.prefix(4)) + [1, 1, 1, 1]
        let encoding: String.Encoding? =
            switch (head[0], head[1], head[2], head[3]) {
            case (0xEF, 0xBB, 0xBF, _): nil
            case (0, 0, 0xFE, 0xFF), (0, 0, 0, _): .utf32BigEndian
            case (0xFF, 0xFE, 0, 0), (_, 0, 0, 0): .utf32LittleEndian
            case (0xFE, 0xFF, _, _), (0, _, _, _): .utf16BigEndian
            case (0xFF, 0xFE, _, _), (_, 0, _, _): .utf16LittleEndian
            default: nil
            }
        guard let encoding else { return Array(data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data) }
        var text = String(data: data, encoding: encoding) ?? ""
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return Array(text.utf8)
    }

    /// One open object or array.
    private struct Container {
        let isObject: Bool
        let path: String
        /// Object: the keys so far, with the line of each.
        var keys: [String: Int] = [:]
        /// Object: the key of the member being read; array: the element's index.
        var key = ""
        var index = 0
        /// Object: the next string is a key (after `{` or `,`).
        var expectsKey = true

        /// The path of the value being read in this container.
        var childPath: String {
            guard isObject else { return "\(path)[\(index)]" }
            return path.isEmpty ? key : "\(path).\(key)"
        }
    }

    private struct Scanner {
        let bytes: [UInt8]
        var position = 0
        var line = 1
        var open: [Container] = []

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func firstDuplicate() -> Duplicate? {
            while position < bytes.count {
                let byte = bytes[position]
                switch byte {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    open.append(Container(isObject: byte == UInt8(ascii: "{"), path: open.last?.childPath ?? ""))
                    position += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard open.popLast() != nil else { return nil }
                    position += 1
                case UInt8(ascii: ","):
                    if open.last?.isObject == true {
                        open[open.count - 1].expectsKey = true
                    } else if !open.isEmpty {
                        open[open.count - 1].index += 1
                    }
                    position += 1
                case UInt8(ascii: "\""):
                    let startLine = line
                    guard let string = readString() else { return nil }
                    guard let top = open.last, top.isObject, top.expectsKey else { continue }
                    if let firstLine = top.keys[string] {
                        var member = top
                        member.key = string
                        return Duplicate(path: member.childPath, key: string, firstLine: firstLine, line: startLine)
                    }
                    open[open.count - 1].keys[string] = startLine
                    open[open.count - 1].key = string
                    open[open.count - 1].expectsKey = false
                case UInt8(ascii: "\n"):
                    line += 1
                    position += 1
                default:
                    // Whitespace, `:`, and the bytes of numbers, true, false and null.
                    position += 1
                }
            }
            return nil
        }

        /// Reads the string that starts at `position` (its opening quote)
        /// and decodes its escapes; nil when it does not end.
        mutating func readString() -> String? {
            var decoded: [UInt8] = []
            position += 1
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: decoded, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard position < bytes.count else { return nil }
                    let escape = bytes[position]
                    position += 1
                    switch escape {
                    case UInt8(ascii: "b"): decoded.append(0x08)
                    case UInt8(ascii: "f"): decoded.append(0x0C)
                    case UInt8(ascii: "n"): decoded.append(0x0A)
                    case UInt8(ascii: "r"): decoded.append(0x0D)
                    case UInt8(ascii: "t"): decoded.append(0x09)
                    case UInt8(ascii: "u"):
                        guard let scalar = readUnicodeEscape() else { return nil }
                        decoded.append(contentsOf: String(Character(scalar)).utf8)
                    default: decoded.append(escape)  // \" \\ \/
                    }
                default:
                    decoded.append(byte)
                }
            }
            return nil
        }

        /// The scalar of `\uXXXX` (its `u` already read), joining a
        /// surrogate pair written as two escapes; a lone surrogate is U+FFFD.
        mutating func readUnicodeEscape() -> Unicode.Scalar? {
            guard let high = readHex4() else { return nil }
            guard (0xD800..<0xDC00).contains(high) else { return Unicode.Scalar(high) ?? "\u{FFFD}" }
            let pairStart = position
            if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                bytes[position + 1] == UInt8(ascii: "u")
            {
                position += 2
                if let low = readHex4(), (0xDC00..<0xE000).contains(low) {
                    return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                }
                position = pairStart
            }
            return "\u{FFFD}"
        }

        /// Four hex digits at `position`, or nil.
        mutating func readHex4() -> UInt32? {
            guard position + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for byte in bytes[position..<position + 4] {
                guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { return nil }
                value = value << 4 | UInt32(digit)
            }
            position += 4
            return value
        }
    }
}
