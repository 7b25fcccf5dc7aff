import Caches
import Foundation
import Harness
import Testing

/// `cachesim policies` lists exactly the registry (the simulated policies,
/// then the real products: ``CacheCatalog``), and the README's list of
/// policies is its Markdown output: no second list to keep by hand.
@Suite struct PoliciesCommandTests {
    @Test func theReadmeListsExactlyTheRegisteredPolicies() throws {
        let printed = try CommandRunner.run(["policies", "--format", "markdown"], in: CommandRunner.packageRoot)
        #expect(printed.status == 0, "\(printed.stderr)")
        let readme = try String(
            contentsOf: CommandRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- policies:begin -->\n"))
        let end = try #require(readme.range(of: "<!-- policies:end -->"))
        let listed = String(readme[begin.upperBound..<end.lowerBound])
        #expect(
            listed == printed.stdout,
            "README.md's policy table differs from `cachesim policies --format markdown`; paste its output there")
        for policy in CacheCatalog.all {
            #expect(listed.contains("| `\(policy.name)` |"), "\(policy.name) missing from the README")
        }
    }

    @Test func jsonListsEveryPolicyWithDefaultsInsideTheirRanges() throws {
        let printed = try CommandRunner.run(["policies", "--format", "json"], in: CommandRunner.packageRoot)
        #expect(printed.status == 0, "\(printed.stderr)")
        let listing = try #require(
            try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [[String: Any]])
        #expect(listing.compactMap { $0["name"] as? String } == CacheCatalog.all.map(\.name))
        for entry in listing {
            let name = entry["name"] as? String ?? "?"
            let descriptor = try #require(CacheCatalog.named(name))
            #expect(entry["family"] as? String == descriptor.family.rawValue)
            let options = try #require(entry["options"] as? [[String: Any]])
            #expect(options.compactMap { $0["name"] as? String } == descriptor.options.map(\.name))
            for option in options {
                let kind = option["kind"] as? String
                if kind == "choice" {
                    let choices = try #require(option["choices"] as? [String])
                    #expect(choices.contains(option["default"] as? String ?? ""), "\(name): default among choices")
                } else if kind == "path" {
                    #expect((option["default"] as? String)?.isEmpty == false, "\(name): a default path or name")
                } else {
                    let value = try #require(option["default"] as? Double, "\(name): numeric default")
                    let low = try #require(option["min"] as? Double), high = try #require(option["max"] as? Double)
                    #expect(low <= value && value <= high, "\(name).\(option["name"]!): default within its range")
                    if kind == "integer" { #expect(value.rounded() == value) }
                }
            }
        }
    }

    @Test func textNamesEveryPolicyAndOption() throws {
        let printed = try CommandRunner.run(["policies"], in: CommandRunner.packageRoot)
        #expect(printed.status == 0)
        for policy in CacheCatalog.all {
            #expect(printed.stdout.contains(policy.name + " "), "\(policy.name)")
            for option in policy.options { #expect(printed.stdout.contains("\(option.name)=\(option.defaultValue)")) }
        }
    }
}
