import Foundation
import Harness
import Report
import Workload

/// The entry points through which untrusted bytes reach cachesim — the
/// workload-spec parser, every trace reader, the result files that
/// `cachesim report` and `cachesim compare` read, the memory series
/// `cachesim forecast` reads, sweep files and the shard results
/// `cachesim merge` reads, and the byte sizes a spec may write as text
/// (`"64MiB"`, `"4G"`) — as the fuzz targets
/// (`Fuzz/FuzzTarget`, `Scripts/fuzz`) and the corpus regression test
/// (`FuzzCorpusTests`) drive them: bytes in, and either requests (a report)
/// or a `WorkloadError` (a `ResultFileError`) out. Anything else (a trap, a
/// sanitizer report, a hang) is a bug.
public enum UntrustedInput {
    /// Fuzz target names: `spec`, then one per trace format (`text`, `csv`,
    /// …), then `result` (a `result.json`, read and reported on),
    /// `forecast` (a service's memory series, read, judged and reported on),
    /// `shard` (a `shard.json`, read, merged alone and reported on),
    /// `sweep` (a sweep file, expanded into a plan and partitioned),
    /// `byte-size` (a byte size as a spec's byte fields read it) and
    /// `bench` (a `bench.json`, read, compared with itself and with a
    /// slowed copy, and written as JUnit and Markdown).
    public static let targets =
        ["spec"] + TraceSource.Format.allCases.map(\.rawValue) + [
            "result", "forecast", "shard", "sweep", "byte-size", "bench",
        ]

    /// Requests read per call: enough to cross chunk and page boundaries.
    static let chunkSize = 256

    /// Requests read from one input at most. A few bytes may rightly stand
    /// for billions of requests (an ARC line `0 1000000000000 0 0`, a CSV
    /// length split into pages); reading them all is a timeout of the
    /// fuzzer, not a bug of the reader, which is constant in memory.
    static let maximumRequests = 1 << 20

    /// Feeds `data` to `target`. A trace or result is written to `scratch`
    /// first (the readers read files, as they do in production,
    /// decompression included). Returns how many requests were produced (at
    /// most ``maximumRequests`` and a chunk), or for `result` how many runs
    /// the result holds; throws the reader's error: a `WorkloadError`, or a
    /// `ResultFileError` for `result`.
    @discardableResult
    public static func feed(_ data: Data, to target: String, scratch: String) throws -> Int {
        if target == "spec" { return try feedSpec(data) }
        if target == "result" { return try feedResult(data, scratch: scratch) }
        if target == "forecast" { return try feedForecast(data, scratch: scratch) }
        if target == "byte-size" { return try feedByteSize(data, path: scratch) }
        if target == "shard" { return try feedShard(data, scratch: scratch) }
        if target == "sweep" { return try feedSweep(data, scratch: scratch) }
        if target == "bench" { return try feedBench(data, scratch: scratch) }
        guard let format = TraceSource.Format(rawValue: target) else {
            preconditionFailure("unknown fuzz target '\(target)'; known: \(targets.joined(separator: ", "))")
        }
        guard FileManager.default.createFile(atPath: scratch, contents: data) else {
            preconditionFailure("\(scratch): cannot write the scratch file")
        }
        var reader = try TraceReader(source(format, path: scratch))
        var chunk = RequestChunk(capacity: chunkSize)
        var total = 0
        while total < maximumRequests {
            chunk.removeAll()
            let n = try reader.read(limit: chunkSize, into: &chunk)
            guard n > 0 else { break }
            total += n
        }
        return total
    }

    /// Parses a spec and, for a synthetic one, draws its first requests
    /// (generators, arrivals and sizes included). Specs naming a trace are
    /// parsed only: the fuzzer must not open arbitrary files.
    static func feedSpec(_ data: Data) throws(WorkloadError) -> Int {
        let spec = try WorkloadSpec.parse(data, path: "/nonexistent/fuzz.json")
        if case .trace = spec.keys { return 0 }
        var stream = try WorkloadStream(spec)
        var chunk = RequestChunk(capacity: chunkSize)
        return try stream.next(into: &chunk, limit: chunkSize)
    }

    /// Reads a `result.json` as `cachesim report` and `cachesim compare` do
    /// (``ExperimentResult/read(from:)``: decoding, then validation); then
    /// renders everything a report holds (Markdown, HTML with its charts,
    /// CSV), the terminal table of `cachesim run`, and the comparison of the
    /// result with itself — with throughput compared too when it has a
    /// reference run. Returns the number of runs.
    static func feedResult(_ data: Data, scratch: String) throws(ResultFileError) -> Int {
        guard FileManager.default.createFile(atPath: scratch, contents: data) else {
            preconditionFailure("\(scratch): cannot write the scratch file")
        }
        let result = try ExperimentResult.read(from: scratch)
        var rendered = ReportFiles.render([result], csv: true).reduce(0) { $0 + $1.contents.count }
        rendered += RunTable.render(result).utf8.count
        for tolerance in [Tolerance(), Tolerance(throughput: 0.1)] {
            // Throws only when throughput is compared and there is no reference run.
            if let comparison = try? ResultComparison.compare(result, result, tolerance: tolerance) {
                rendered += comparison.render().utf8.count + comparison.render(onlyChanges: true).utf8.count
            }
        }
        precondition(rendered > 0, "a report is never empty")
        return result.runs.count
    }

    /// Reads a `bench.json` as `cachesim compare` does
    /// (``BenchResult/read(from:)``: decoding, then validation); compares
    /// it with itself (which must be clean) and with a copy whose first run
    /// is twice as slow, and renders every output of both. Returns the
    /// number of runs.
    static func feedBench(_ data: Data, scratch: String) throws(ResultFileError) -> Int {
        guard FileManager.default.createFile(atPath: scratch, contents: data) else {
            preconditionFailure("\(scratch): cannot write the scratch file")
        }
        let bench = try BenchResult.read(from: scratch)
        var slowed = bench
        slowed.runs[0].roundNanoseconds = slowed.runs[0].roundNanoseconds.map { min($0, Int64.max / 2) / 2 * 3 }
        var rendered = BenchTable.render(bench, destination: scratch).utf8.count
        for current in [bench, slowed] {
            do {
                let comparison = try BenchComparison.compare(bench, current, tolerance: Tolerance())
                if current == bench {
                    precondition(
                        comparison.rows.allSatisfy { $0.status == .ok }, "a bench file compared with itself is clean")
                }
                let export = ComparisonExport(comparison)
                rendered += comparison.render().utf8.count + export.junit.utf8.count + export.markdown.utf8.count
            } catch {
                // Only a bench of one run (its reference) has nothing in common with itself.
                precondition(bench.runs.count == 1, "a valid bench file is comparable with itself: \(error)")
            }
        }
        precondition(rendered > 0, "a bench table is never empty")
        return bench.runs.count
    }

    /// Reads a `shard.json` as `cachesim merge` does (decoding, then the
    /// checks of ``ShardResult/read(from:)``), merges it alone — a shard of
    /// one is a whole plan; any other is refused as incomplete — and renders
    /// the merged results' reports. Returns the number of units.
    static func feedShard(_ data: Data, scratch: String) throws -> Int {
        guard FileManager.default.createFile(atPath: scratch, contents: data) else {
            preconditionFailure("\(scratch): cannot write the scratch file")
        }
        let shard = try ShardResult.read(from: scratch)
        if let merged = try? ShardMerge.merge([(scratch, shard)]) {
            let rendered = ReportFiles.render(merged, csv: true).reduce(0) { $0 + $1.contents.count }
            precondition(rendered > 0, "a report is never empty")
        }
        _ = ShardMerge.missing([(scratch, shard)], specHash: shard.specHash, count: shard.shards)
        return shard.units.count
    }

    /// Expands a sweep file into a plan, as `cachesim run` does, and
    /// partitions it into 3 shards. The sweep is written as
    /// `<scratch>.d/sweep.json` beside a valid spec `zipf.json` and a folder
    /// `traces/` of two small traces, which inputs may list. Returns the
    /// number of units.
    static func feedSweep(_ data: Data, scratch: String) throws -> Int {
        let folder = scratch + ".d"
        let manager = FileManager.default
        if !manager.fileExists(atPath: "\(folder)/traces/b.txt") {
            try manager.createDirectory(atPath: "\(folder)/traces", withIntermediateDirectories: true)
            let spec = #"{"name": "zipf", "requests": 100, "keys": {"source": "zipf", "alpha": 1, "universe": 50}}"#
            try Data(spec.utf8).write(to: URL(fileURLWithPath: "\(folder)/zipf.json"))
            try Data("1\n2\n1\n3\n".utf8).write(to: URL(fileURLWithPath: "\(folder)/traces/a.txt"))
            try Data("7\n7\n8\n".utf8).write(to: URL(fileURLWithPath: "\(folder)/traces/b.txt"))
        }
        let path = "\(folder)/sweep.json"
        try data.write(to: URL(fileURLWithPath: path))
        let plan = try SweepPlan.load(path: path)
        let shards = plan.partition(3)
        precondition(shards.flatMap { $0 }.sorted() == Array(plan.units.indices), "every unit in one shard")
        return plan.units.count
    }

    /// Reads a memory series as `cachesim forecast` does (CSV or
    /// Prometheus JSON), judges it against a 1 GiB budget, and renders the
    /// table, the JSON and the HTML page. Returns the number of points.
    static func feedForecast(_ data: Data, scratch: String) throws(WorkloadError) -> Int {
        guard FileManager.default.createFile(atPath: scratch, contents: data) else {
            preconditionFailure("\(scratch): cannot write the scratch file")
        }
        let series = try ServiceMemorySeries.read(path: scratch)
        let forecast = ServiceForecast.assess(series, budget: 1 << 30)
        let json = (try? forecast.jsonData()) ?? Data()
        precondition(!json.isEmpty, "a forecast's JSON is always written")
        let rendered = ForecastReport.table(forecast).utf8.count + ForecastReport.html(forecast).utf8.count
        precondition(rendered > 0, "a forecast is never empty")
        return series.times.count
    }

    /// Reads `data` (as UTF-8 text) as a spec's two byte fields read it,
    /// `caches[0].capacityBytes` and `memoryBudget` (one reading,
    /// ``ByteSize``), each in a spec built around the text, refusals naming
    /// `path`. The two must agree: both accept with the same bytes, or both
    /// refuse. Returns the bytes; throws the `capacityBytes` refusal.
    static func feedByteSize(_ data: Data, path: String) throws(WorkloadError) -> Int {
        // JSONEncoder quotes and escapes any string; it cannot fail on one.
        let quoted = String(decoding: try! JSONEncoder().encode(String(decoding: data, as: UTF8.self)), as: UTF8.self)
        let keys =
            #""requests": 1, "keys": {"source": "uniform", "universe": 1}, "sizes": {"distribution": "fixed", "bytes": 1}"#
        let capacity = Result { () throws(WorkloadError) -> Int in
            let spec = try WorkloadSpec.parse(
                Data(#"{\#(keys), "caches": [{"policy": "lru", "capacityBytes": \#(quoted)}]}"#.utf8), path: path)
            guard case .bytes(let bytes)? = spec.caches.first?.capacities.first, bytes >= 1 else {
                preconditionFailure("capacityBytes \(quoted) was read as \(spec.caches.first?.capacities ?? [])")
            }
            return bytes
        }
        let budget = Result { () throws(WorkloadError) -> Int in
            let spec = try WorkloadSpec.parse(
                Data(#"{\#(keys), "memoryBudget": \#(quoted), "caches": [{"policy": "lru", "capacity": 1}]}"#.utf8),
                path: path)
            guard let bytes = spec.memoryBudget, bytes >= 1 else {
                preconditionFailure("memoryBudget \(quoted) was read as \(String(describing: spec.memoryBudget))")
            }
            return bytes
        }
        switch (capacity, budget) {
        case (.success(let bytes), .success(let other)):
            precondition(bytes == other, "capacityBytes read \(quoted) as \(bytes) bytes, memoryBudget as \(other)")
            return bytes
        case (.success(let bytes), .failure(let error)), (.failure(let error), .success(let bytes)):
            preconditionFailure("one byte field read \(quoted) as \(bytes) bytes, the other refused it: \(error)")
        case (.failure(let error), .failure):
            throw error
        }
    }

    /// The trace source the `format` target reads: CSV with time, key and
    /// size columns split into 4 KiB pages (the page splitter is fuzzed too),
    /// binary as 4-byte little-endian keys, the others as they come.
    static func source(_ format: TraceSource.Format, path: String) -> TraceSource {
        switch format {
        case .csv:
            return TraceSource(path: path, format: .csv, keyColumn: 1, timeColumn: 0, sizeColumn: 2, pageSize: 4096)
        case .binary:
            return TraceSource(path: path, format: .binary, integers: IntegerLayout(width: 4, byteOrder: .littleEndian))
        default:
            return TraceSource(path: path, format: format)
        }
    }
}
