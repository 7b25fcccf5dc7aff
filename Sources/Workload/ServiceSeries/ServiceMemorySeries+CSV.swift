import Foundation

extension ServiceMemorySeries {
    /// `time,bytes` rows after a header row; blank lines are skipped.
    static func parseCSV(_ data: Data, path: String) throws(WorkloadError) -> ServiceMemorySeries {
        guard let text = String(data: data, encoding: .utf8) else {
            throw WorkloadError(file: path, "not UTF-8 text: expected a CSV of time,bytes or a Prometheus JSON answer")
        }
        var times: [Double] = [], values: [Double] = []
        var name: String?
        var sawHeader = false
        let dates = ISODates()
        // Split on newline Characters: in Swift "\r\n" is one, so CRLF files split too.
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            let location = "line \(index + 1)"
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 2 else {
                throw WorkloadError(
                    file: path, location: location, "expected 2 fields, time and bytes, got \(fields.count)")
            }
            if !sawHeader {
                sawHeader = true
                // A header row is one whose fields are neither a time nor a number.
                let first = fields[0].trimmingCharacters(in: .whitespaces)
                let second = fields[1].trimmingCharacters(in: .whitespaces)
                if dates.seconds(first) == nil && Double(second) == nil {
                    name = second
                    continue
                }
            }
            let timeText = fields[0].trimmingCharacters(in: .whitespaces)
            guard let time = dates.seconds(timeText) else {
                throw WorkloadError(
                    file: path, location: location,
                    "time \"\(timeText)\" is neither unix seconds nor an ISO 8601 date such as 2024-05-01T12:00:00Z")
            }
            guard let value = bytes(fields[1]) else {
                throw WorkloadError(
                    file: path, location: location,
                    "bytes \"\(fields[1].trimmingCharacters(in: .whitespaces))\" is not a finite number ≥ 0")
            }
            if let previous = times.last, time <= previous {
                throw WorkloadError(
                    file: path, location: location,
                    "time \(timeText) is not after the previous point's: points must be in increasing time order")
            }
            times.append(time)
            values.append(value)
        }
        return ServiceMemorySeries(path: path, format: .csv, times: times, bytes: values, name: name)
    }
}

/// Times as unix seconds from either spelling a CSV may use.
struct ISODates {
    private let zoned = ISO8601DateFormatter()
    private let zonedFraction = ISO8601DateFormatter()
    private let local = ISO8601DateFormatter()
    private let localFraction = ISO8601DateFormatter()

    init() {
        zonedFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        local.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
        localFraction.formatOptions = local.formatOptions.union(.withFractionalSeconds)
        for formatter in [local, localFraction] { formatter.timeZone = TimeZone(identifier: "UTC") }
    }

    /// `1714564800`, `1714564800.25`, `2024-05-01T12:00:00Z`,
    /// `2024-05-01T14:00:00.5+02:00`, `2024-05-01 12:00:00` (UTC); nil otherwise.
    func seconds(_ text: String) -> Double? {
        if let unix = Double(text) { return unix.isFinite ? unix : nil }
        guard text.count >= 19, text.first?.isNumber == true else { return nil }
        let normalized = text.replacingOccurrences(of: " ", with: "T")
        for formatter in [zoned, zonedFraction, local, localFraction] {
            if let date = formatter.date(from: normalized) { return date.timeIntervalSince1970 }
        }
        return nil
    }
}
