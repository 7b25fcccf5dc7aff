import Foundation

extension ExperimentResult {
    /// `result.json`: pretty-printed with sorted keys, so a committed
    /// baseline's differences read well in a review.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// `series.csv`: every memory sample of every run, one row each
    /// (`seconds` and `hits` empty where the sample has none).
    public func seriesCSV() -> Data {
        var text =
            "label,policy,capacity,capacityUnit,seed,request,entries,objectBytes,storageBytes,allocatorBytes,rssBytes,seconds,hits\n"
        for run in runs {
            let capacity = run.capacity.map { "\($0.limit),\(CSVField.escape($0.unit))" } ?? ","
            let names = CSVField.escape(run.label) + "," + CSVField.escape(run.policy)
            for sample in run.memory.series {
                text += "\(names),\(capacity),\(run.seed),\(sample.request),\(sample.entries),"
                text += "\(sample.objectBytes),\(sample.storageBytes),\(sample.allocatorBytes),\(sample.rssBytes),"
                text += "\(sample.seconds.map { String($0) } ?? ""),\(sample.hits.map { String($0) } ?? "")\n"
            }
        }
        return Data(text.utf8)
    }
}
