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
        // Ready when both workers replay: polled, not slept, so a loaded
        // machine only makes the wait longer.
        var workers: [Int32] = []
        let deadline = Date().addingTimeInterval(120)
        while workers.count < 2, process.isRunning, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            workers = Self.children(of: process.processIdentifier)
        }
        try #require(workers.count == 2, "the run's two workers never started (\(workers))")
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
        let survivors = workers.filter(Self.isAlive)
        #expect(survivors.isEmpty, "workers left running: \(survivors)")
    }

    /// The live processes whose parent is `pid`, from /proc.
    static func children(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { child in
            guard let stat = Self.stat(child) else { return false }
            return stat.parent == pid && stat.state != "Z"
        }
    }

    /// Whether `pid` still runs (a zombie has ended).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = Self.stat(pid) else { return false }
        return stat.state != "Z" && stat.state != "X"
    }

    /// State and parent from `/proc/PID/stat` ("pid (comm) S ppid …"; the
    /// name may hold spaces, so fields are read after its last ')').
    static func stat(_ pid: Int32) -> (state: Character, parent: Int32)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 1, let state = fields[0].first, let parent = Int32(fields[1]) else { return nil }
        return (state, parent)
    }
}
