import Foundation

/// Reading a `result.json` back: `cachesim report` and `cachesim compare`
/// take result files as untrusted input, so every refusal is one line that
/// names the file and the field.
extension ExperimentResult {
    /// Reads a `result.json`, refusing truncated files, other format
    /// versions, fields of the wrong type and figures no run can produce
    /// (``validate(file:)``) with one line that names the file and the field.
    public static func read(from path: String) throws(ResultFileError) -> ExperimentResult {
        let result = try decodeFile(
            ExperimentResult.self, at: path, formatVersions: readableFormatVersions, kind: "result")
        try result.validate(file: path)
        return result
    }

    /// Reads `path` and decodes it as `type`, refusing (in one line naming
    /// the file and the field) an unreadable or truncated file, a
    /// `formatVersion` outside `formatVersions`, a missing field, a field of the wrong type and a
    /// number its field cannot hold; `kind` names the format in messages
    /// (`result`, `shard result`).
    static func decodeFile<T: Decodable>(
        _ type: T.Type, at path: String, formatVersions: ClosedRange<Int>, kind: String
    ) throws(ResultFileError) -> T {
        let what = "a cachesim \(kind)"
        // Through a FileHandle, not Data(contentsOf:): on Linux that leaks a
        // 4 KiB buffer for an empty file (Foundation's path for files whose
        // size reads 0), which the fuzzer's leak check reports.
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ResultFileError("\(path): cannot read the file")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw ResultFileError("\(path): cannot read the file")
        }
        guard let version = try? JSONDecoder().decode(FormatVersion.self, from: data) else {
            throw ResultFileError("\(path): not \(what) (not valid JSON: truncated or damaged?)")
        }
        guard let number = version.formatVersion, formatVersions.contains(number) else {
            let found = version.formatVersion.map { String($0) } ?? "none"
            let readable =
                formatVersions.count == 1
                ? "version \(formatVersions.lowerBound)"
                : "versions \(formatVersions.lowerBound) to \(formatVersions.upperBound)"
            throw ResultFileError("\(path): \(kind) format version \(found), but this cachesim reads \(readable)")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ResultFileError("\(path): missing field '\(fieldPath(context.codingPath + [key]))'")
        } catch let DecodingError.typeMismatch(type, context) {
            throw ResultFileError(
                "\(path): \(fieldPath(context.codingPath)): expected \(typeName(type)), got \(found(context.debugDescription))"
            )
        } catch let DecodingError.valueNotFound(type, context) {
            throw ResultFileError("\(path): \(fieldPath(context.codingPath)): expected \(typeName(type)), got null")
        } catch let DecodingError.dataCorrupted(context) {
            // A complaint about the whole document: the decoder reads values
            // lazily, so it is damaged text past formatVersion, or a number that
            // does not fit its field (1e308 or 0.5 for an integer).
            if context.codingPath.isEmpty { throw ResultFileError("\(path): \(undecodable(data, what: what))") }
            throw ResultFileError("\(path): \(fieldPath(context.codingPath)): \(oneLine(context.debugDescription))")
        } catch {
            throw ResultFileError("\(path): not \(what) (\(oneLine(String(describing: error))))")
        }
    }

    /// Fields of a result that hold integers (`Int`, `Int64`; `seed` is a
    /// `UInt64`). No field of the format holds a number under one of these
    /// names and a fraction under another (`capacity` is an object in a run,
    /// an integer in `lruCurve`: only numbers are looked at).
    static let integerFields: Set<String> = [
        "formatVersion", "timerCostNanoseconds", "repetitions", "jobs", "latencySampleEvery", "memorySampleEvery",
        "value",
        "capacity", "repetition", "requests", "hits", "misses", "bytesRequested", "bytesHit", "evictions", "request",
        "entries",
        "objectBytes", "storageBytes", "allocatorBytes", "rssBytes", "finalEntries", "peakEntries",
        "finalAllocatorBytes",
        "peakAllocatorBytes", "finalStorageBytes", "peakStorageBytes", "finalRSSBytes", "peakRSSBytes",
        "projectedAtRequest",
        "plateauReachedAtRequest", "count", "p50", "p90", "p99", "p999", "max", "sampleEvery", "replayedRequests",
        "samples", "seed", "distinctKeyLimit", "warmupRequests", "budgetBytes", "nodes", "failNode",
        "failedAtRequest",
        // shard results (``ShardResult``)
        "shard", "shards", "planUnits", "plannedRuns", "unit", "run", "index",
        // bench files (``BenchResult``)
        "rounds", "warmupRounds", "cores", "instructions", "lastLevelMisses", "roundProcesses",
    ]

    /// Why the decoder refused `data` as a whole, where it does not say:
    /// where the text is not valid JSON, or the first integer field (in key
    /// order) whose number it cannot take, as `runs[0].hits: expected an
    /// integer between -2^63 and 2^63-1, got 1e+308`. The spec and policy
    /// options, free-form, are skipped. O(size of the file).
    static func undecodable(_ data: Data, what: String = "a cachesim result") -> String {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "truncated or damaged?"
            return
                "not \(what) (not valid JSON: \(oneLine(detail.hasSuffix(".") ? String(detail.dropLast()) : detail)))"
        }
        // A key given twice keeps its last value here and its first in the
        // decoder: then the culprit may not be found.
        return integerThatDoesNotFit(root)
            ?? "a number does not fit its field (an integer field holds a fraction or a number beyond 64 bits)"
    }

    /// The first integer field of `root` (in key order) whose number the
    /// decoder cannot take; `nil` when there is none.
    static func integerThatDoesNotFit(_ root: Any) -> String? {
        func search(_ node: Any, _ path: String, _ name: String?) -> String? {
            if let object = node as? [String: Any] {
                for key in object.keys.sorted()
                where !((path == "workload" || path.hasSuffix(".workload")) && key == "spec") && key != "options" {
                    if let found = search(object[key]!, path.isEmpty ? key : "\(path).\(key)", key) { return found }
                }
            } else if let array = node as? [Any] {
                for (index, element) in array.enumerated() {
                    if let found = search(element, "\(path)[\(index)]", nil) { return found }
                }
            } else if let name, integerFields.contains(name), let number = node as? NSNumber, !(node is Bool) {
                if name == "seed", (number as? UInt64) == nil {
                    return "\(path): expected an integer between 0 and 2^64-1, got \(number)"
                }
                if name != "seed", (number as? Int) == nil {
                    return "\(path): expected an integer between -2^63 and 2^63-1, got \(number)"
                }
            }
            return nil
        }
        return search(root, "", nil)
    }

    /// `runs[2].memory.series[5].request`, as the validation names fields.
    static func fieldPath(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for key in codingPath {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += out.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return out.isEmpty ? "(top level)" : out
    }

    /// `an integer`, `a number`, `a string`… for a decoding type mismatch.
    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is UInt64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object (\(name))"
        }
    }

    /// What the decoder found instead (`Expected to decode Int but found a
    /// string instead.` → `a string`), in the words of ``typeName(_:)``.
    static func found(_ debugDescription: String) -> String {
        guard let start = debugDescription.range(of: " but found "),
            let end = debugDescription.range(of: " instead", range: start.upperBound..<debugDescription.endIndex)
        else { return "something else" }
        let what = String(debugDescription[start.upperBound..<end.lowerBound])
        switch what {
        case "a dictionary": return "an object"
        case "bool": return "true or false"
        case "number": return "a number"
        default: return oneLine(what)
        }
    }

    /// Error text on one line, so a refusal stays one line on standard error.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

/// The one field every result format starts by checking.
private struct FormatVersion: Decodable { var formatVersion: Int? }

/// A result file that cannot be used.
public struct ResultFileError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
