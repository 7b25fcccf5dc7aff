import ArgumentParser
import Caches

/// `cachesim policies`: every registered policy, what it does, and the
/// options a spec may give it.
struct PoliciesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policies",
        abstract: "List every cache policy with its options, their defaults and a one-line description."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .text

    func run() {
        switch format {
        case .text: print(Self.text(PolicyRegistry.all), terminator: "")
        case .json: print(Self.json(PolicyRegistry.all))
        }
    }

    /// One block per policy: name and summary, what it needs, then an
    /// indented line per option.
    static func text(_ policies: [PolicyDescriptor]) -> String {
        let width = policies.map(\.name.count).max() ?? 0
        var out = ""
        for policy in policies {
            out += policy.name.padding(to: width) + "  " + policy.summary + "\n"
            var needs: [String] = []
            if policy.needsTime { needs.append("uses request times") }
            if policy.allowsUnbounded { needs.append("capacity optional") }
            if policy.needsFuture { needs.append("offline: needs the whole stream first") }
            if !needs.isEmpty {
                out += String(repeating: " ", count: width + 2) + "(" + needs.joined(separator: "; ") + ")\n"
            }
            for option in policy.options {
                out +=
                    String(repeating: " ", count: width + 4)
                    + "\(option.name)=\(number(option.defaultValue))"
                    + "  in \(number(option.range.lowerBound))...\(number(option.range.upperBound))"
                    + "  \(option.summary)\n"
            }
        }
        return out
    }

    /// The registry as a JSON array, for scripts.
    static func json(_ policies: [PolicyDescriptor]) -> String {
        let entries = policies.map { policy in
            let options = policy.options.map { option in
                "{\"name\": \(quoted(option.name)), \"default\": \(number(option.defaultValue)), "
                    + "\"min\": \(number(option.range.lowerBound)), \"max\": \(number(option.range.upperBound)), "
                    + "\"summary\": \(quoted(option.summary))}"
            }
            return "  {\"name\": \(quoted(policy.name)), \"summary\": \(quoted(policy.summary)), "
                + "\"needsTime\": \(policy.needsTime), \"allowsUnbounded\": \(policy.allowsUnbounded), "
                + "\"needsFuture\": \(policy.needsFuture), "
                + "\"options\": [\(options.joined(separator: ", "))]}"
        }
        return "[\n" + entries.joined(separator: ",\n") + "\n]"
    }

    /// A whole number without its ".0"; other values as Swift prints them.
    static func number(_ value: Double) -> String {
        if let whole = Int(exactly: value) { return String(whole) }
        return String(value)
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
