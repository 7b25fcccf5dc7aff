import Caches
import Foundation
import Workload

/// `cachesim bench SPEC --against OTHER`: two builds of cachesim benched
/// together, their rounds alternating (A B, B A, …), so that both meet the
/// machine in the same state. Benches taken one after the other do not:
/// on this shared machine, 21 fresh benches of one spec drifted by up to
/// 23 % in a run's relative time over a few minutes, more than the change
/// a gate should catch. Each build runs in a worker process of its own
/// (`bench-worker`, driven over its standard input and output), so each
/// replays with its own code; each writes its own bench file.
public enum BenchAgainst {
    /// One side of the bench: a build, and what its workers add (the
    /// calibration's run under test).
    public struct Side: Sendable {
        public var executable: String
        public var extraArguments: [String]

        public init(executable: String, extraArguments: [String] = []) {
            self.executable = executable
            self.extraArguments = extraArguments
        }
    }

    /// Worker processes per build: the rounds are spread over them, and
    /// the gate compares processes, not rounds. Two processes of one build
    /// started at once differ: measured here, the same binary against
    /// itself, one process a side, was flagged 3 times in 20 (a run's
    /// relative time 6–13 % apart, every round of one process alike), with
    /// address randomisation off and hashing fixed as much as with them on.
    public static let defaultProcesses = 12

    /// Benches `specPath` with `sides` (the baseline's build, then this
    /// one): `processes` pairs of workers, one of each side at a time,
    /// their rounds alternating; each takes `options.warmupRounds` untimed
    /// rounds and its share of `options.rounds`. Returns each side's runs,
    /// every round marked with its process. `progress` is told of each
    /// round taken.
    public static func run(
        specPath: String, sides: [Side], options: BenchOptions, processes: Int = defaultProcesses,
        progress: (Int) -> Void = { _ in }, isCancelled: () -> Bool = { false }
    ) throws -> [[BenchRun]] {
        do {
            return try runWorkers(
                specPath: specPath, sides: sides, options: options, processes: processes, progress: progress,
                isCancelled: isCancelled)
        } catch is BenchWorkerError where isCancelled() {
            // Ctrl-C reached the workers too: an interruption, not a failure.
            throw CancellationError()
        }
    }

    private static func runWorkers(
        specPath: String, sides: [Side], options: BenchOptions, processes: Int, progress: (Int) -> Void,
        isCancelled: () -> Bool
    ) throws -> [[BenchRun]] {
        let processes = max(1, min(processes, options.rounds))
        let perProcess = (options.rounds + processes - 1) / processes
        var collected = [[BenchRun]](repeating: [], count: sides.count)
        var round = 0
        for process in 0..<processes {
            let workers = try sides.map {
                try Worker(
                    executable: $0.executable, specPath: specPath, options: options, extra: $0.extraArguments)
            }
            defer { workers.forEach { $0.stop() } }
            let requests = try workers.map { try $0.ready() }
            guard requests.allSatisfy({ $0 == requests[0] }) else {
                throw BenchWorkerError(
                    "the two builds read \(requests.map(String.init).joined(separator: " and ")) requests of \(specPath): not the same stream"
                )
            }
            for step in 0..<(options.warmupRounds + perProcess) {
                for worker in round % 2 == 0 ? workers : workers.reversed() {
                    if isCancelled() { throw CancellationError() }
                    try worker.round(round, timed: step >= options.warmupRounds)
                    progress(1)
                }
                round += 1
            }
            for (side, worker) in workers.enumerated() {
                let runs = try worker.finish()
                collected[side] =
                    collected[side].isEmpty
                    ? runs.map { marked($0, process) }
                    : zip(collected[side], runs).map {
                        joined($0, $1, process)
                    }
            }
        }
        return collected
    }

    /// `run` with its rounds marked as process `process`'s.
    static func marked(_ run: BenchRun, _ process: Int) -> BenchRun {
        rebuilt(
            run, nanoseconds: run.roundNanoseconds, ratios: run.roundRatios,
            processes: Array(repeating: process, count: run.roundNanoseconds.count))
    }

    /// `earlier` followed by `later`'s rounds, marked as process `process`'s.
    static func joined(_ earlier: BenchRun, _ later: BenchRun, _ process: Int) -> BenchRun {
        rebuilt(
            earlier, nanoseconds: earlier.roundNanoseconds + later.roundNanoseconds,
            ratios: earlier.roundRatios + later.roundRatios,
            processes: (earlier.roundProcesses ?? []) + Array(repeating: process, count: later.roundNanoseconds.count))
    }

    static func rebuilt(_ run: BenchRun, nanoseconds: [Int64], ratios: [Double], processes: [Int]) -> BenchRun {
        BenchRun(
            label: run.label, policy: run.policy, capacity: run.capacity, options: run.options, hits: run.hits,
            requests: run.requests, roundNanoseconds: nanoseconds, roundRatios: ratios, confidence: 0.95,
            instructions: run.instructions, roundProcesses: processes)
    }

    /// One `bench-worker` process.
    final class Worker {
        let executable: String
        private let process = Process()
        private let input = Pipe()
        private let output = Pipe()
        private var buffer = Data()

        init(executable: String, specPath: String, options: BenchOptions, extra: [String]) throws {
            self.executable = executable
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments =
                ["bench-worker", specPath] + (options.requests.map { ["--requests", String($0)] } ?? []) + extra
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.standardError
            do {
                try process.run()
            } catch {
                throw BenchWorkerError("cannot start \(executable): \(error.localizedDescription)")
            }
        }

        /// Waits for the worker's first line: the requests it holds.
        func ready() throws -> Int {
            let line = try readLine()
            guard line.hasPrefix("ready "), let requests = Int(line.dropFirst("ready ".count)) else {
                throw BenchWorkerError("\(executable) bench-worker said '\(line)', expected 'ready N'")
            }
            return requests
        }

        /// Has the worker take round `round`, and waits until it has.
        func round(_ round: Int, timed: Bool) throws {
            try send("round \(round) \(timed ? 1 : 0)")
            let line = try readLine()
            guard line == "done \(round)" else {
                throw BenchWorkerError("\(executable) bench-worker said '\(line)' after round \(round)")
            }
        }

        /// Ends the worker; its runs, over the timed rounds.
        func finish() throws -> [BenchRun] {
            try send("finish")
            let line = try readLine()
            do {
                return try JSONDecoder().decode([BenchRun].self, from: Data(line.utf8))
            } catch {
                throw BenchWorkerError("\(executable) bench-worker sent runs that do not decode: \(error)")
            }
        }

        func stop() {
            try? input.fileHandleForWriting.close()
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }

        private func send(_ line: String) throws {
            do {
                try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
            } catch {
                throw BenchWorkerError("\(executable) bench-worker stopped (exit \(stoppedStatus))")
            }
        }

        private var stoppedStatus: String {
            process.isRunning ? "still running" : String(process.terminationStatus)
        }

        private func readLine() throws -> String {
            while true {
                if let newline = buffer.firstIndex(of: 0x0A) {
                    let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...newline)
                    return line
                }
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty {
                    process.waitUntilExit()
                    throw BenchWorkerError(
                        "\(executable) bench-worker ended (exit \(process.terminationStatus)) before answering; is it a cachesim with bench --against?"
                    )
                }
                buffer.append(chunk)
            }
        }
    }

    /// The worker's side: reads `round K T` and `finish` lines from
    /// standard input, answering `done K` and, at the end, its runs as one
    /// JSON line. Starts by saying `ready N` (the requests it holds).
    /// With `noopWork`, a `noop` with that much busy work joins the runs
    /// as `noop(under test)`: the calibration's run.
    public static func serve(specPath: String, requests limit: Int?, noopWork: Int? = nil) throws {
        let spec = try WorkloadSpec.load(path: specPath)
        var runs = try Bench.runs(of: try RunPlan(spec: spec))
        if let noopWork { runs.append(BenchCalibration.target(noopWork, index: runs.count)) }
        let held = try BenchRequests(spec, limit: limit, for: runs)
        let session = BenchSession(runs, over: held)
        func say(_ line: String) {
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        say("ready \(held.count)")
        while let line = Swift.readLine() {
            let words = line.split(separator: " ")
            if words.count == 3, words[0] == "round", let round = Int(words[1]) {
                try session.round(round, timed: words[2] == "1")
                say("done \(round)")
            } else if line == "finish" {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                say(String(decoding: try encoder.encode(session.results(confidence: 0.95)), as: UTF8.self))
                return
            } else {
                throw BenchWorkerError("bench-worker: unknown command '\(line)'")
            }
        }
    }
}

/// A bench worker failed or said something unexpected: exit status 2.
public struct BenchWorkerError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
