import Foundation
import Harness
import Testing

/// The cachesim executable in the build directory the tests run from.
let cachesimBinary: URL? = {
    let candidate = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
        "cachesim")
    return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
}()

/// `cachesim report` and `cachesim compare` as a user or CI runs them: exit
/// statuses and the one-line errors. Uses the binary built beside the tests
/// (`swift test` builds it); skipped when it is not there.
@Suite(.enabled(if: cachesimBinary != nil, "the cachesim binary is not built beside the tests"))
struct CommandLineTests {

    /// Runs cachesim; returns its exit status, standard output and standard error.
    func cachesim(_ arguments: String...) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = cachesimBinary
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }

    @Test func compareExitsZeroOneOrTwo() throws {
        let files = try ResultFiles()
        let baseline = FixtureResults.zipf()
        let base = try files.write(baseline, "baseline.json")
        var regressed = baseline
        regressed.runs[5].hits += 1  // one miss became a hit: the file must stay consistent to be read
        regressed.runs[5].misses -= 1
        let current = try files.write(regressed, "current.json")
        let truncated = try files.write(try baseline.jsonData().prefix(100), "truncated.json")

        let same = try cachesim("compare", base, base)
        #expect(same.status == 0)
        #expect(same.out.contains("within tolerance"))
        let worse = try cachesim("compare", base, current)
        #expect(worse.status == 1)
        #expect(worse.out.contains("REGRESSION"))
        #expect(try cachesim("compare", base, current, "--tolerance", "hits=0.01").status == 0)
        let bad = try cachesim("compare", base, truncated)
        #expect(bad.status == 2)
        #expect(bad.err == "cachesim: \(truncated): not a cachesim result (not valid JSON: truncated or damaged?)\n")
        let badTolerance = try cachesim("compare", base, base, "--tolerance", "speed=1")
        #expect(badTolerance.status == 2)
        #expect(badTolerance.err.contains("unknown figure 'speed'"))
    }

    @Test func reportWritesThreeFilesOrNamesTheBadOne() throws {
        let files = try ResultFiles()
        let zipf = try files.write(FixtureResults.zipf(), "zipf.json")
        let out = files.directory.appendingPathComponent("report")
        let made = try cachesim("report", zipf, "--out", out.path)
        #expect(made.status == 0)
        for name in ["report.md", "report.html", "runs.csv"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
        }
        let missing = files.directory.appendingPathComponent("nope.json").path
        let failed = try cachesim("report", zipf, missing, "--out", out.path)
        #expect(failed.status == 2)
        #expect(failed.err == "cachesim: \(missing): cannot read the file\n")
    }
}
