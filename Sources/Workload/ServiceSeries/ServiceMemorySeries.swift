import Foundation

/// A live service's memory over time — what `cachesim forecast` reads and
/// forecasts — from one of two files (the format is told by the first
/// character: `{` is JSON):
///
/// - a CSV of `time,bytes` rows after a header row: times in unix seconds
///   (decimals allowed) or ISO 8601 (`2024-05-01T12:00:00Z`, fractions
///   and offsets allowed; no offset means UTC), bytes a number ≥ 0;
/// - the JSON answer of a Prometheus range query (`/api/v1/query_range`,
///   e.g. of `process_resident_memory_bytes` or Go's
///   `go_memstats_heap_inuse_bytes`): one series of its `data.result`,
///   whose `values` are `[unix seconds, "bytes"]` pairs.
///
/// Untrusted input: a file that is not one of these — unsorted or repeated
/// times, a value that is not a finite number ≥ 0 (`NaN`, `+Inf`, text),
/// fewer than ``minimumPoints`` points — is refused with a `WorkloadError`
/// naming the file and the line (CSV) or the JSON path (Prometheus).
public struct ServiceMemorySeries: Sendable, Equatable {
    public enum Format: String, Sendable, Equatable {
        case csv, prometheus
    }

    /// The file read.
    public var path: String
    public var format: Format
    /// Unix seconds of each point, strictly increasing.
    public var times: [Double]
    /// Bytes at each point.
    public var bytes: [Double]
    /// What was measured: the CSV's value column header, or the Prometheus
    /// series' metric and labels (`process_resident_memory_bytes{job="api"}`).
    public var name: String?

    /// The fewest points a series may have: a trend needs a few.
    public static let minimumPoints = 4

    public init(path: String, format: Format, times: [Double], bytes: [Double], name: String? = nil) {
        self.path = path
        self.format = format
        self.times = times
        self.bytes = bytes
        self.name = name
    }

    /// Reads the series at `path`; `series` picks one series of a
    /// Prometheus answer that holds several (0-based). O(file size).
    public static func read(path: String, series: Int? = nil) throws(WorkloadError) -> ServiceMemorySeries {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw WorkloadError(file: path, reason)
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw WorkloadError(file: path, "cannot be read")
        }
        return try parse(data, path: path, series: series)
    }

    /// Parses `data`; `path` names it in errors. O(size).
    public static func parse(
        _ data: Data, path: String, series: Int? = nil
    ) throws(WorkloadError)
        -> ServiceMemorySeries
    {
        let firstByte = data.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        let parsed: ServiceMemorySeries
        if firstByte == UInt8(ascii: "{") {
            parsed = try parsePrometheus(data, path: path, series: series)
        } else {
            if series != nil {
                throw WorkloadError(
                    file: path, "--series picks one series of a Prometheus answer; a CSV holds one series")
            }
            parsed = try parseCSV(data, path: path)
        }
        guard parsed.times.count >= minimumPoints else {
            let count = parsed.times.count
            throw WorkloadError(
                file: path,
                "holds \(count) point\(count == 1 ? "" : "s"); a forecast needs at least \(minimumPoints)")
        }
        return parsed
    }

    /// The bytes of a value: a finite number ≥ 0, or nil.
    static func bytes(_ text: Substring) -> Double? {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, value >= 0 else {
            return nil
        }
        return value
    }
}
