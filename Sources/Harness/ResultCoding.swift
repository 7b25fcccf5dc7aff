import Foundation

extension ExperimentResult {
    /// `result.json`: pretty-printed with sorted keys, so a committed
    /// baseline's differences read well in a review.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// `series.csv`: every memory sample of every run, one row each.
    public func seriesCSV() -> Data {
        var text = "label,policy,capacity,capacityUnit,seed,request,entries,objectBytes,storageBytes,allocatorBytes,rssBytes\n"
        for run in runs {
            let capacity = run.capacity.map { "\($0.value),\($0.unit)" } ?? ","
            for sample in run.memory.series {
                text += "\(run.label),\(run.policy),\(capacity),\(run.seed),\(sample.request),\(sample.entries),"
                text += "\(sample.objectBytes),\(sample.storageBytes),\(sample.allocatorBytes),\(sample.rssBytes)\n"
            }
        }
        return Data(text.utf8)
    }

    /// Reads a `result.json`, refusing truncated files and other format
    /// versions with a message that names the file.
    public static func read(from path: String) throws(ResultFileError) -> ExperimentResult {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ResultFileError("\(path): cannot read the file")
        }
        struct Version: Decodable { var formatVersion: Int? }
        guard let version = try? JSONDecoder().decode(Version.self, from: data) else {
            throw ResultFileError("\(path): not a cachesim result (not valid JSON: truncated or damaged?)")
        }
        guard version.formatVersion == currentFormatVersion else {
            let found = version.formatVersion.map(String.init) ?? "none"
            throw ResultFileError("\(path): result format version \(found), but this cachesim reads version \(currentFormatVersion)")
        }
        do {
            return try JSONDecoder().decode(ExperimentResult.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ResultFileError("\(path): missing field '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'")
        } catch {
            throw ResultFileError("\(path): not a cachesim result (\(error))")
        }
    }
}

/// A result file that cannot be used.
public struct ResultFileError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
