import Foundation
import Testing

/// SIGINT and SIGTERM stop `cachesim run` cleanly: a message, status 130,
/// no result directory, and no worker process left behind.
@Suite struct InterruptionTests {
    /// Tens of seconds of work: the signal always arrives mid-run.
    static let spec = """
        { "name": "long", "seed": 1, "requests": 200000000,
          "keys": { "source": "zipf", "alpha": 0.9, "universe": 100000 },
          "caches": [ { "policy": "lru", "capacity": [1000, 2000] } ] }
        """

    @Test(arguments: [SIGINT, SIGTERM])
    func signalStopsTheRunCleanly(signal: Int32) throws {
        let binary = try #require(CommandRunner.binary, "no cachesim binary; run `swift build` first")
        let folder = try temporaryFolder(["s.json": Self.spec])
        let process = Process()
        process.executableURL = binary
        process.arguments = ["run", "s.json", "--quiet", "--jobs", "2", "--out", "out"]
        process.currentDirectoryURL = folder
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)  // past start-up, into the replay
        #expect(process.isRunning, "the run ended before the signal")
        kill(process.processIdentifier, signal)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(
            process.terminationReason == .exit && process.terminationStatus == 130,
            "status \(process.terminationStatus): \(stderr)")
        #expect(stderr == "cachesim: interrupted; no result was written\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
        let staging = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.contains(".partial-")
        }
        #expect(staging.isEmpty, "staging left: \(staging)")
    }
}
