import Foundation
import Products
import Synchronization

/// Counts the instructions of one run's replay under Valgrind's callgrind,
/// for `cachesim bench --instructions`: a figure that does not move with
/// the machine's load, so a gate on it needs no statistics.
///
/// Each count is a child process — a copy of this executable with its
/// debug information stripped (Valgrind 3.19 cannot read the DWARF of a
/// Swift release build and gives up), running `bench-count` — whose
/// collection callgrind switches on at ``Bench/countedReplay(_:_:tally:)``
/// and off at its return. Swift's per-process hash seed is fixed
/// (`SWIFT_DETERMINISTIC_HASHING`), so two counts of the same binary agree.
public final class InstructionCounter {
    /// Where the stripped copy, the logs and callgrind's output go; removed
    /// when the counter is released.
    private let folder: URL
    private let executable: String
    private let valgrind: String
    /// `valgrind-3.19.0`.
    public let valgrindVersion: String

    /// The symbol callgrind toggles collection at.
    public static let replaySymbol = "cachesim_bench_replay"

    /// Prepares counting for `executable` (this cachesim): finds
    /// `valgrind` on PATH and makes the stripped copy. Throws, saying what
    /// to install, when `valgrind` or `strip` is missing.
    public init(executable: String) throws(InstructionCountError) {
        guard let valgrind = Self.onPath("valgrind")?.path else {
            throw InstructionCountError(
                "--instructions needs valgrind, which is not on PATH: install it (Scripts/install-deps does, or apt-get install valgrind)"
            )
        }
        guard let strip = Self.onPath("strip")?.path else {
            throw InstructionCountError(
                "--instructions needs strip (binutils), which is not on PATH: apt-get install binutils")
        }
        self.valgrind = valgrind
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cachesim-instructions-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        } catch {
            throw InstructionCountError("cannot create \(folder.path) for the stripped copy: \(error)")
        }
        self.folder = folder
        let copy = folder.appendingPathComponent("cachesim").path
        let stripped = Self.capture(strip, ["--strip-debug", "-o", copy, executable])
        guard stripped.status == 0 else {
            try? FileManager.default.removeItem(at: folder)
            throw InstructionCountError("strip --strip-debug \(executable) failed: \(stripped.output)")
        }
        self.executable = copy
        let version = Self.capture(valgrind, ["--version"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        valgrindVersion = version.isEmpty ? "valgrind" : version
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Counts the replay of the run labelled `label` in the bench of
    /// `specPath`, over its first `requests` requests. Throws when the
    /// child fails, naming what it said; `isCancelled` stops it.
    /// With `noopWork`, the run counted is a `noop` with that much busy
    /// work instead (the calibration's).
    public func count(
        specPath: String, label: String, requests: Int, noopWork: Int? = nil, isCancelled: () -> Bool = { false }
    ) throws -> InstructionCount {
        let out = folder.appendingPathComponent("callgrind.out")
        let log = folder.appendingPathComponent("valgrind.log")
        try? FileManager.default.removeItem(at: out)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: valgrind)
        process.arguments =
            [
                "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=\(Self.replaySymbol)", "--cache-sim=yes",
                "--callgrind-out-file=\(out.path)", "--log-file=\(log.path)",
                executable, "bench-count", specPath, "--run", label, "--requests", String(requests),
            ] + (noopWork.map { ["--noop-work", String($0)] } ?? [])
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_DETERMINISTIC_HASHING"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read as it comes, or a full pipe would stall the child.
        let collected = Mutex<Data>(Data())
        let finished = DispatchSemaphore(value: 0)
        Thread {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            collected.withLock { $0 = data }
            finished.signal()
        }.start()
        while process.isRunning {
            if isCancelled() {
                process.terminate()
                process.waitUntilExit()
                throw CancellationError()
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.waitUntilExit()
        finished.wait()
        let said = String(decoding: collected.withLock { $0 }, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            let valgrindSaid = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw InstructionCountError(
                "counting \(label) under valgrind failed (exit \(process.terminationStatus)): "
                    + ExperimentResult.oneLine(said + " " + String(valgrindSaid.suffix(600))))
        }
        guard let text = try? String(contentsOf: out, encoding: .utf8) else {
            throw InstructionCountError("callgrind wrote no output for \(label) (\(out.path))")
        }
        guard let totals = Self.totals(callgrindOutput: text), let instructions = totals["Ir"] else {
            throw InstructionCountError("callgrind's output for \(label) has no instruction total")
        }
        guard instructions > 0 else {
            throw InstructionCountError(
                "callgrind counted no instruction in \(Self.replaySymbol) for \(label): was the symbol stripped?")
        }
        let misses = ["ILmr", "DLmr", "DLmw"].reduce(0) { $0 + (totals[$1] ?? 0) }
        let counted = Int(said.split(separator: " ").last.map(String.init) ?? "") ?? requests
        return InstructionCount(
            requests: counted, instructions: instructions, lastLevelMisses: misses,
            tool: "\(valgrindVersion) callgrind")
    }

    /// The event totals of a callgrind output file: its `events:` line
    /// names the columns of its `totals:` (or `summary:`) line. `nil` when
    /// either is missing or they do not line up.
    public static func totals(callgrindOutput text: String) -> [String: Int]? {
        var events: [String]?
        var totals: [Int]?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("events:") {
                events = line.dropFirst("events:".count).split(separator: " ").map(String.init)
            } else if line.hasPrefix("totals:") || (totals == nil && line.hasPrefix("summary:")) {
                let figures = line.split(separator: ":", maxSplits: 1)[1].split(separator: " ").compactMap {
                    Int($0)
                }
                totals = figures
            }
        }
        guard let events, let totals, !events.isEmpty, totals.count <= events.count else { return nil }
        var out: [String: Int] = [:]
        for (i, event) in events.enumerated() { out[event] = i < totals.count ? totals[i] : 0 }
        return out
    }

    /// `program` on PATH (/usr/bin and /bin when PATH is not set), or `nil`.
    static func onPath(_ program: String) -> URL? {
        ExecutableSearch.first(program, in: ExecutableSearch.pathFolders(fallback: "/usr/bin:/bin"))
    }

    /// Runs `program` with `arguments` to the end; its exit status and what it printed.
    static func capture(_ program: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// Instructions could not be counted: exit status 2, with what to do.
public struct InstructionCountError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
