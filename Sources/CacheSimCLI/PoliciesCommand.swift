import ArgumentParser
import Caches
import Foundation
import Harness

/// `cachesim policies`: every registered policy and real cache product,
/// what it does, and the options a spec may give it — all read from the
/// registries.
struct PoliciesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policies",
        abstract: "List every cache policy with its options, their defaults and a one-line description."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown
    }

    @Option(help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .text

    func run() throws {
        switch format {
        case .text: print(Self.text(CacheCatalog.all), terminator: "")
        case .json: print(try Self.json(CacheCatalog.all))
        case .markdown: print(Self.markdown(CacheCatalog.all), terminator: "")
        }
    }

    /// What a capability means to someone writing a spec, in the order
    /// listings show them.
    static let capabilityWords: [(PolicyCapabilities, String, String)] = [
        (.needsTime, "needsTime", "uses request times"),
        (.allowsUnbounded, "allowsUnbounded", "capacity optional"),
        (.needsFuture, "needsFuture", "offline: needs the whole stream first"),
        (.isReference, "isReference", "a reference, not a cache: left out of hit-ratio charts"),
        (.hasOnePassCurve, "hasOnePassCurve", "whole curve from one pass (cachesim mrc)"),
        (.followsCheApproximation, "followsCheApproximation", "Che's approximation printed beside it on Zipf keys"),
        (.isProduct, "isProduct", "a real cache, measured: compared with LRU and its model at its effective capacity"),
        (.needsByteCapacity, "needsByteCapacity", "capacityBytes only"),
    ]

    /// One block per policy: name and summary, what it needs and offers,
    /// then an indented line per option.
    static func text(_ policies: [PolicyDescriptor]) -> String {
        let width = policies.map(\.name.count).max() ?? 0
        var out = ""
        for policy in policies {
            out += policy.name.padding(to: width) + "  " + policy.summary + "\n"
            let notes = capabilityWords.filter { policy.capabilities.contains($0.0) }.map(\.2)
            if !notes.isEmpty {
                out += String(repeating: " ", count: width + 2) + "(" + notes.joined(separator: "; ") + ")\n"
            }
            for option in policy.options {
                out +=
                    String(repeating: " ", count: width + 4)
                    + "\(option.name)=\(option.defaultValue)  \(option.accepted)  \(option.summary)\n"
            }
        }
        let expiry = PolicyOption.expiry
        out +=
            "\nEvery simulated policy but those that need the future also takes \(expiry.name)=\(expiry.defaultValue)  \(expiry.accepted)  \(expiry.summary)\n"
        return out
    }

    /// A Markdown table, a row per policy: the README's list of policies is
    /// this output, and a test holds it to the registry.
    static func markdown(_ policies: [PolicyDescriptor]) -> String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        var out = "| policy | family | options (default, accepted) | what it does |\n|---|---|---|---|\n"
        for policy in policies {
            let options = policy.options.map { "`\($0.name)=\($0.defaultValue)` (\($0.accepted))" }
            let notes = capabilityWords.filter { policy.capabilities.contains($0.0) }.map(\.2)
            let what = policy.summary + (notes.isEmpty ? "" : " (" + notes.joined(separator: "; ") + ")")
            out +=
                "| `\(policy.name)` | \(policy.family.rawValue) | \(cell(options.isEmpty ? "—" : options.joined(separator: ", "))) | \(cell(what)) |\n"
        }
        return out
    }

    /// A policy as `policies --format json` lists it.
    struct Listing: Encodable {
        struct Option: Encodable {
            var name: String
            var kind: String
            var `default`: Value
            var min: Double?
            var max: Double?
            var choices: [String]?
            var summary: String
        }
        /// A number or a word, encoded as such.
        enum Value: Encodable {
            case number(Double), word(String)
            func encode(to encoder: Encoder) throws {
                var container = encoder.singleValueContainer()
                switch self {
                case .number(let value): try container.encode(value)
                case .word(let word): try container.encode(word)
                }
            }
        }
        var name: String
        var summary: String
        var family: String
        var capabilities: [String]
        var needsTime: Bool
        var allowsUnbounded: Bool
        var needsFuture: Bool
        var options: [Option]
    }

    /// The registry as a JSON array, for scripts.
    static func json(_ policies: [PolicyDescriptor]) throws -> String {
        let listings = policies.map { policy in
            Listing(
                name: policy.name, summary: policy.summary, family: policy.family.rawValue,
                capabilities: capabilityWords.filter { policy.capabilities.contains($0.0) }.map(\.1),
                needsTime: policy.needsTime, allowsUnbounded: policy.allowsUnbounded, needsFuture: policy.needsFuture,
                options: policy.options.map(listing))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(listings), as: UTF8.self)
    }

    static func listing(_ option: PolicyOption) -> Listing.Option {
        let value: Listing.Value =
            switch option.defaultValue {
            case .number(let number): .number(number)
            case .word(let word): .word(word)
            }
        var listing = Listing.Option(
            name: option.name, kind: "", default: value, min: nil, max: nil, choices: nil, summary: option.summary)
        switch option.kind {
        case .real(let range): (listing.kind, listing.min, listing.max) = ("real", range.lowerBound, range.upperBound)
        case .integer(let range):
            (listing.kind, listing.min, listing.max) = ("integer", Double(range.lowerBound), Double(range.upperBound))
        case .choice(let words): (listing.kind, listing.choices) = ("choice", words)
        case .path: listing.kind = "path"
        }
        return listing
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
