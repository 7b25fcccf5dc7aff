import Foundation
import Products
import Synchronization
import Workload

/// Runs parts of a plan in worker processes (`cachesim _worker`), one per
/// job, so that each process's allocator and RSS figures belong to the one
/// cache it is replaying at that moment, and a run on two cores takes half
/// the time.
///
/// A worker re-reads the spec file, replays the runs it is given and writes
/// newline-delimited JSON to standard output: `{"progress": n}` as it goes,
/// then one `WorkerReport` line.
public struct ParallelRunner: Sendable {
    public let executable: String
    public let specPath: String
    public let options: HarnessOptions
    public let timerCost: Int64
    /// Which workload of a sweep file `specPath` is (nil: it is a spec).
    public var member: Int? = nil

    /// What a worker prints last.
    public struct WorkerReport: Codable, Sendable {
        public var results: [RunResult]
        public init(results: [RunResult]) { self.results = results }
    }

    /// A progress line of a worker.
    public struct WorkerProgress: Codable, Sendable {
        public var progress: Int
        public init(progress: Int) { self.progress = progress }
    }

    /// Splits runs into at most `jobs` groups. Each group's worker generates
    /// the stream of every seed it holds, once, for all its runs of that
    /// seed, so seeds are spread over as few groups as the balance allows:
    /// with at least as many seeds as jobs, whole seeds are dealt in turn;
    /// with fewer, the runs in seed order are cut into consecutive groups
    /// differing by at most one run, so a worker holds one or two seeds
    /// (not every seed), and within a seed its runs are dealt in turn among
    /// its groups (with a single seed, plain turn by turn). O(runs · log runs).
    public static func partition(_ runs: [PlannedRun], jobs: Int) -> [[Int]] {
        let jobs = max(1, min(jobs, runs.count))
        let seeds = Array(Set(runs.map(\.seed))).sorted()
        if seeds.count >= jobs {
            var groups = [[Int]](repeating: [], count: jobs)
            for run in runs {
                groups[seeds.firstIndex(of: run.seed)! % jobs].append(run.index)
            }
            return groups.filter { !$0.isEmpty }
        }
        var perSeed: [UInt64: Int] = [:]
        let ordered = runs.map { run -> (seed: UInt64, turn: Int, position: Int, index: Int) in
            let position = perSeed[run.seed, default: 0]
            perSeed[run.seed] = position + 1
            return (run.seed, position % jobs, position, run.index)
        }.sorted { ($0.seed, $0.turn, $0.position) < ($1.seed, $1.turn, $1.position) }
        var groups: [[Int]] = []
        var start = 0
        for group in 0..<jobs {
            let size = runs.count / jobs + (group < runs.count % jobs ? 1 : 0)
            groups.append(ordered[start..<start + size].map(\.index))
            start += size
        }
        return groups.filter { !$0.isEmpty }
    }

    /// The worker's command line for `indices`.
    public func arguments(for indices: [Int]) -> [String] {
        let optionsJSON = String(decoding: try! JSONEncoder().encode(options), as: UTF8.self)
        return [
            "_worker", specPath, "--runs", indices.map(String.init).joined(separator: ","),
            "--timer-cost", String(timerCost), "--options", optionsJSON,
        ] + (member.map { ["--member", String($0)] } ?? [])
    }

    /// Starts one worker per group and gathers their results in plan order.
    public func run(
        groups: [[Int]], progress: @escaping @Sendable (Int) -> Void, isCancelled: @escaping @Sendable () -> Bool
    ) throws -> [RunResult] {
        let processes = try groups.map { group -> (Process, Pipe, Pipe) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments(for: group)
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            process.standardInput = FileHandle.nullDevice
            try process.run()
            return (process, output, errors)
        }
        let collected = Mutex<[Int: Result<[RunResult], any Error>]>([:])
        for (position, (process, output, errors)) in processes.enumerated() {
            Thread {
                let outcome = Self.collect(process: process, output: output, errors: errors, progress: progress)
                collected.withLock { $0[position] = outcome }
            }.start()
        }
        // Stops the workers and waits for them: a worker stops the servers
        // it started before it ends, and none may outlive this process. One
        // that does not end within 10 s is killed (its servers die with it).
        // SIGTERM is sent again every 0.25 s: a worker inherits this
        // process's ignored SIGINT and SIGTERM and listens only once it has
        // started, so a signal sent while it was starting was lost (a
        // Ctrl-C right after launch waited the whole 10 s).
        func stopWorkers() {
            for (process, _, _) in processes where process.isRunning { process.terminate() }
            let deadline = Date().addingTimeInterval(10)
            var resend = Date().addingTimeInterval(0.25)
            for (process, _, _) in processes {
                while process.isRunning && Date() < deadline {
                    Thread.sleep(forTimeInterval: 0.02)
                    if Date() >= resend {
                        for (other, _, _) in processes where other.isRunning { other.terminate() }
                        resend = Date().addingTimeInterval(0.25)
                    }
                }
                if process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    process.waitUntilExit()
                }
            }
            // A worker stopped while one of its servers was starting can
            // leave that server's private directory behind (a fresh-clone
            // run of the Ctrl-C test found one); its owner is gone now, so
            // it is swept up here rather than by the next run.
            ServerProcess.removeStaleDirectories()
        }
        while collected.withLock({ $0.count }) < processes.count {
            if isCancelled() {
                stopWorkers()
                throw CancellationError()
            }
            // One worker's failure (bad trace bytes, --max-memory) fails the
            // run: stop the others rather than wait for them.
            if let failure = collected.withLock({ $0.values.lazy.compactMap(\.error).first }) {
                stopWorkers()
                throw failure
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        if isCancelled() { throw CancellationError() }
        var results: [RunResult] = []
        let outcomes = collected.withLock { $0 }
        for position in processes.indices {
            results.append(contentsOf: try outcomes[position]!.get())
        }
        let indices = groups.flatMap { $0 }
        return zip(indices, results).sorted { $0.0 < $1.0 }.map(\.1)
    }

    private static func collect(
        process: Process, output: Pipe, errors: Pipe, progress: @Sendable (Int) -> Void
    ) -> Result<[RunResult], any Error> {
        let decoder = JSONDecoder()
        var buffer = Data()
        var report: WorkerReport?
        let handle = output.fileHandleForReading
        while true {
            let data = handle.availableData
            if data.isEmpty { break }
            buffer.append(data)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = Data(buffer[(newline + 1)...])
                if let step = try? decoder.decode(WorkerProgress.self, from: line) {
                    progress(step.progress)
                } else if let final = try? decoder.decode(WorkerReport.self, from: line) {
                    report = final
                }
            }
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let report else {
            let reason = message.trimmingCharacters(in: .whitespacesAndNewlines)
            return .failure(
                WorkerFailure(
                    description: "a worker process failed (status \(process.terminationStatus))"
                        + (reason.isEmpty ? "" : ": \(reason)")))
        }
        return .success(report.results)
    }
}

extension Result {
    /// The error of a failure; nil for a success.
    fileprivate var error: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// A worker process ended without a report.
public struct WorkerFailure: Error, CustomStringConvertible {
    public let description: String
}
