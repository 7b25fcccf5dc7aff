import Foundation

extension ServiceMemorySeries {
    /// The answer of `/api/v1/query_range`:
    /// `{"status": "success", "data": {"resultType": "matrix", "result": [{"metric": {…}, "values": [[t, "v"], …]}]}}`.
    static func parsePrometheus(_ data: Data, path: String, series: Int?) throws(WorkloadError) -> ServiceMemorySeries {
        var root = try JSONNode.parse(data, file: path).object()
        let statusNode = try root.required("status")
        let status = try statusNode.string()
        guard status == "success" else {
            let detail = (try? root.optional("error")?.string()).flatMap { $0 }.map { " (error: \($0))" } ?? ""
            throw statusNode.error("expected \"success\", got \(statusNode.rendered)\(detail)")
        }
        var answer = try root.required("data").object()
        let typeNode = try answer.required("resultType")
        guard try typeNode.string() == "matrix" else {
            throw typeNode.error(
                "expected \"matrix\" (the answer of a range query, /api/v1/query_range), got \(typeNode.rendered)")
        }
        let resultNode = try answer.required("result")
        let result = try resultNode.array()
        guard !result.isEmpty else { throw resultNode.error("holds no series: the query matched nothing") }
        let names = try result.map { node throws(WorkloadError) in try seriesName(node) }
        let chosen: Int
        if let series {
            guard result.indices.contains(series) else {
                throw resultNode.error(
                    "--series \(series): the answer holds \(result.count) series (0…\(result.count - 1))")
            }
            chosen = series
        } else {
            guard result.count == 1 else {
                let listed = names.enumerated().prefix(5).map { "[\($0)] \($1)" }.joined(separator: ", ")
                throw resultNode.error(
                    "holds \(result.count) series (\(listed)\(result.count > 5 ? ", …" : "")); pick one with --series N or narrow the query"
                )
            }
            chosen = 0
        }
        var entry = try result[chosen].object()
        let valuesNode = try entry.required("values")
        var times: [Double] = [], values: [Double] = []
        for pair in try valuesNode.array() {
            let fields = try pair.array()
            guard fields.count == 2 else {
                throw pair.error("expected [unix seconds, \"value\"], got an array of \(fields.count)")
            }
            let time = try fields[0].double()
            let text = try fields[1].string()
            guard let value = bytes(Substring(text)) else {
                throw fields[1].error("expected a finite number ≥ 0 of bytes, got \(fields[1].rendered)")
            }
            if let previous = times.last, time <= previous {
                throw fields[0].error(
                    "time \(fields[0].rendered) is not after the previous point's: points must be in increasing time order"
                )
            }
            times.append(time)
            values.append(value)
        }
        return ServiceMemorySeries(path: path, format: .prometheus, times: times, bytes: values, name: names[chosen])
    }

    /// `process_resident_memory_bytes{instance="a:9100",job="api"}` from a series' `metric` labels.
    private static func seriesName(_ node: JSONNode) throws(WorkloadError) -> String {
        var entry = try node.object()
        guard let metric = entry.optional("metric") else { return "(no labels)" }
        var labels = try metric.object()
        var pairs: [(String, String)] = []
        for (name, value) in labels.takeRest() { pairs.append((name, (try? value.string()) ?? value.rendered)) }
        let metricName = pairs.first { $0.0 == "__name__" }?.1 ?? ""
        let rest = pairs.filter { $0.0 != "__name__" }.map { "\($0.0)=\"\($0.1)\"" }
        return metricName + (rest.isEmpty ? "" : "{" + rest.joined(separator: ",") + "}")
    }
}
