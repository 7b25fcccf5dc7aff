import Foundation
import Harness
import Report
import Workload

/// The entry points through which untrusted bytes reach cachesim — the
/// workload-spec parser, every trace reader, the result files that
/// `cachesim report` and `cachesim compare` read, and the memory series
/// `cachesim forecast` reads — as the fuzz targets
/// (`Fuzz/FuzzTarget`, `Scripts/fuzz`) and the corpus regression test
/// (`FuzzCorpusTests`) drive them: bytes in, and either requests (a report)
/// or a `WorkloadError` (a `ResultFileError`) out. Anything else (a trap, a
/// sanitizer report, a hang) is a bug.
public enum UntrustedInput {
    /// Fuzz target names: `spec`, then one per trace format (`text`, `csv`,
    /// …), then `result` (a `result.json`, read and reported on), then
    /// `forecast` (a service's memory series, read, judged and reported on).
    public static let targets = ["spec"] + TraceSource.Format.allCases.map(\.rawValue) + ["result", "forecast"]

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
