import Foundation
import TestSupport

/// Runs the built `cachesim` binary as a subprocess.
///
/// The binary is looked up beside the test bundle first (so a release test
/// run uses the release binary, in `.build-test/release` under
/// `Scripts/test`), then under the package's `.build/debug` and
/// `.build/release`; `swift test` builds every product, this one included.
enum CommandRunner {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let binary: URL? = {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folders = [
            testBinary.deletingLastPathComponent(), Bundle.main.bundleURL.deletingLastPathComponent(),
            Bundle.main.bundleURL,
        ]
        // Inside an .xctest bundle on Apple platforms the products are three levels up.
        folders.append(testBinary.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent())
        folders += ["debug", "release"].map { packageRoot.appendingPathComponent(".build/\($0)") }
        return folders.map { $0.appendingPathComponent("cachesim") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Runs `cachesim arguments…` in `directory`, with `environment` added
    /// to this process's, and waits for it.
    static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]
    ) throws
        -> Result
    {
        guard let binary else { throw RunnerError.binaryNotFound(packageRoot.path) }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a full pipe cannot block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    enum RunnerError: Error, CustomStringConvertible {
        case binaryNotFound(String)
        var description: String {
            switch self {
            case .binaryNotFound(let root):
                "no cachesim binary beside the tests or under \(root)/.build; run `swift build` first"
            }
        }
    }
}

/// A fresh temporary folder holding `files` (name → contents).
func temporaryFolder(_ files: [String: String]) throws -> URL {
    let folder = Scratch.path("cli")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (name, contents) in files {
        try Data(contents.utf8).write(to: folder.appendingPathComponent(name))
    }
    return folder
}
