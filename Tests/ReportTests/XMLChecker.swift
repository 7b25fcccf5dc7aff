import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses a document with Foundation's XML parser and records what it saw:
/// enough to say an SVG is well-formed and holds the elements it should.
final class XMLChecker: NSObject, XMLParserDelegate {
    private let parser: XMLParser
    private(set) var elements: [String] = []
    private(set) var error: String?

    var root: String? { elements.first }

    init(_ data: Data) {
        parser = XMLParser(data: data)
        super.init()
        parser.delegate = self
    }

    /// `true` when the whole document parsed.
    func parse() -> Bool {
        let ok = parser.parse()
        if !ok { error = parser.parserError.map { "\($0)" } ?? "parse failed at line \(parser.lineNumber)" }
        return ok
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append(name)
    }
}
