import Foundation

/// Reading a `bench.json` back: `cachesim compare` takes bench files as
/// untrusted input, so every refusal is one line that names the file and
/// the field.
extension BenchResult {
    /// Format versions this build reads.
    public static let readableFormatVersions = 1...currentFormatVersion

    /// Reads a `bench.json`, refusing truncated files, other format
    /// versions, fields of the wrong type and figures no bench can produce,
    /// with one line that names the file and the field.
    public static func read(from path: String) throws(ResultFileError) -> BenchResult {
        let bench = try ExperimentResult.decodeFile(
            BenchResult.self, at: path, formatVersions: readableFormatVersions, kind: "bench file")
        try bench.validate(file: path)
        return bench
    }

    /// Whether the file at `path` says it is a bench file (its `format`);
    /// `false` for anything else, unreadable files included.
    public static func isBenchFile(_ path: String) -> Bool {
        struct Format: Decodable { var format: String? }
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let data = try? handle.readToEnd() else { return false }
        return (try? JSONDecoder().decode(Format.self, from: data))?.format == formatName
    }

    /// Refuses figures a bench cannot write: naming the file and the field.
    public func validate(file: String) throws(ResultFileError) {
        func fail(_ field: String, _ message: String) -> ResultFileError {
            ResultFileError("\(file): \(field): \(message)")
        }
        guard format == Self.formatName else {
            throw fail("format", "expected \"\(Self.formatName)\", got \"\(format)\"")
        }
        guard rounds >= 1 else { throw fail("rounds", "expected at least 1, got \(rounds)") }
        guard warmupRounds >= 0 else { throw fail("warmupRounds", "expected 0 or more, got \(warmupRounds)") }
        guard workload.requests >= 1 else {
            throw fail("workload.requests", "expected at least 1, got \(workload.requests)")
        }
        guard confidence > 0, confidence < 1 else {
            throw fail("confidence", "expected a fraction between 0 and 1, got \(confidence)")
        }
        guard !runs.isEmpty else { throw fail("runs", "no runs") }
        var labels = Set<String>()
        for (i, run) in runs.enumerated() {
            let at = "runs[\(i)]"
            guard labels.insert(run.label).inserted else {
                throw fail("\(at).label", "'\(run.label)' appears twice")
            }
            guard run.requests == workload.requests else {
                throw fail("\(at).requests", "\(run.requests), but workload.requests is \(workload.requests)")
            }
            guard (0...run.requests).contains(run.hits) else {
                throw fail("\(at).hits", "expected 0 to \(run.requests) (its requests), got \(run.hits)")
            }
            guard run.roundNanoseconds.count == rounds else {
                throw fail("\(at).roundNanoseconds", "\(run.roundNanoseconds.count) rounds, but rounds is \(rounds)")
            }
            if let bad = run.roundNanoseconds.firstIndex(where: { $0 <= 0 }) {
                throw fail(
                    "\(at).roundNanoseconds[\(bad)]", "expected a time above 0, got \(run.roundNanoseconds[bad])")
            }
            guard run.roundRatios.count == rounds else {
                throw fail("\(at).roundRatios", "\(run.roundRatios.count) rounds, but rounds is \(rounds)")
            }
            if let bad = run.roundRatios.firstIndex(where: { !($0 > 0 && $0.isFinite) }) {
                throw fail("\(at).roundRatios[\(bad)]", "expected a ratio above 0, got \(run.roundRatios[bad])")
            }
            if let processes = run.roundProcesses {
                guard processes.count == rounds else {
                    throw fail("\(at).roundProcesses", "\(processes.count) rounds, but rounds is \(rounds)")
                }
                if let bad = processes.firstIndex(where: { $0 < 0 }) {
                    throw fail("\(at).roundProcesses[\(bad)]", "expected a process number ≥ 0, got \(processes[bad])")
                }
                if i > 0, processes != runs[0].roundProcesses {
                    throw fail("\(at).roundProcesses", "differs from runs[0]'s: every run's round k is one process's")
                }
            } else if i > 0, runs[0].roundProcesses != nil {
                throw fail("\(at).roundProcesses", "missing, but runs[0] has it")
            }
            if let count = run.instructions {
                guard count.requests >= 1 else {
                    throw fail("\(at).instructions.requests", "expected at least 1, got \(count.requests)")
                }
                guard count.instructions >= 1 else {
                    throw fail("\(at).instructions.instructions", "expected at least 1, got \(count.instructions)")
                }
                guard count.lastLevelMisses >= 0 else {
                    throw fail(
                        "\(at).instructions.lastLevelMisses", "expected 0 or more, got \(count.lastLevelMisses)")
                }
            }
        }
        guard labels.contains(reference) else {
            throw fail("reference", "names '\(reference)', which is none of the runs")
        }
    }
}
