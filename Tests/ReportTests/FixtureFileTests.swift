import Foundation
import Harness
import Testing

/// The committed fixture files (`Tests/ReportTests/Fixtures/*.json`) are the
/// builder's results as `cachesim run` would write them; Scripts/check-report-html
/// renders them. `CACHESIM_WRITE_FIXTURES=1 swift test --filter FixtureFileTests`
/// rewrites them after a change to the builder.
@Suite struct FixtureFileTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")

    static func path(_ name: String) -> String { directory.appendingPathComponent("\(name).json").path }

    @Test(arguments: ["zipf", "unique-ids", "scan-heavy"])
    func committedFixtureMatchesTheBuilder(name: String) throws {
        let built = FixtureResults.all().first { $0.workload.name == name }!
        if ProcessInfo.processInfo.environment["CACHESIM_WRITE_FIXTURES"] != nil {
            try built.jsonData().write(to: URL(fileURLWithPath: Self.path(name)), options: .atomic)
        }
        let read = try ExperimentResult.read(from: Self.path(name))
        #expect(read == built)
    }
}
