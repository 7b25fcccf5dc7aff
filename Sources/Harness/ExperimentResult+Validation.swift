/// What a `result.json` must hold beyond its shape. Result files are passed
/// around and committed as baselines, so `cachesim report` and `cachesim
/// compare` read them as untrusted input: decoding checks the types and
/// fields are there, and ``ExperimentResult/validate(file:)`` checks the
/// figures are ones a run can produce — before any of them reaches a table,
/// a chart or a comparison. The rules are listed in Results/README.md.
extension ExperimentResult {
    /// The largest count, byte figure or request index a result may hold
    /// (2⁶², about 4.6 × 10¹⁸): far beyond any run, and small enough that
    /// the sum or difference of two such figures never overflows an `Int`.
    public static let largestCount = 1 << 62
    /// The largest rate (requests per second), time in seconds, latency in
    /// nanoseconds or confidence half-width a result may hold.
    public static let largestRate = 1e15
    /// The largest modeled service latency in nanoseconds: a spec allows a
    /// lognormal miss penalty of median 1 h and σ 10, whose mean is ≈ 1.9 × 10³⁴ ns.
    public static let largestModeledNanoseconds = 1e36

    /// Throws the first figure that no run can produce, as
    /// `<file>: <field path>: <problem>` (`r.json: runs[2].hitRatio: must be
    /// between 0 and 1, got 1e+308`). O(runs × samples).
    public func validate(file: String) throws(ResultFileError) {
        do {
            try check()
        } catch {
            throw ResultFileError("\(file): \(error.field): \(error.problem)")
        }
    }

    private func check() throws(ValidationProblem) {
        let top = ResultField("")
        try top["timerCostNanoseconds"].count(Int(clamping: timerCostNanoseconds))
        try top["measurement"]["jobs"].count(measurement.jobs, atLeast: 1)
        try top["measurement"]["latencySampleEvery"].count(measurement.latencySampleEvery, atLeast: 1)
        try top["measurement"]["memorySampleEvery"].count(measurement.memorySampleEvery)
        try top["workload"]["repetitions"].count(workload.repetitions, atLeast: 1)
        for (index, run) in runs.enumerated() { try run.check(top["runs"][index]) }
        for (index, summary) in summaries.enumerated() { try summary.check(top["summaries"][index]) }
    }
}

/// One broken rule: where, and what is wrong.
struct ValidationProblem: Error {
    let field: String
    let problem: String
}

/// A field path being checked (`runs[2].memory.series[5].request`), with
/// the checks that apply to one figure.
struct ResultField {
    let path: String

    init(_ path: String) { self.path = path }

    subscript(_ name: String) -> ResultField { ResultField(path.isEmpty ? name : "\(path).\(name)") }
    subscript(_ index: Int) -> ResultField { ResultField("\(path)[\(index)]") }

    func fail(_ problem: String) -> ValidationProblem { ValidationProblem(field: path, problem: problem) }

    /// A count or byte figure: `atLeast` … 2⁶².
    func count(_ value: Int, atLeast low: Int = 0) throws(ValidationProblem) {
        guard value >= low, value <= ExperimentResult.largestCount else {
            throw fail("must be between \(low) and 2^62, got \(value)")
        }
    }

    /// A count bounded by another figure of the same run (hits ≤ requests).
    func count(_ value: Int, atMost high: Int, _ highName: String) throws(ValidationProblem) {
        guard value >= 0, value <= high else { throw fail("must be between 0 and \(highName) (\(high)), got \(value)") }
    }

    /// A difference of process-wide counters (allocator bytes, RSS growth):
    /// it may be negative when the cache's work released memory.
    func signedBytes(_ value: Int) throws(ValidationProblem) {
        let limit = ExperimentResult.largestCount
        guard value >= -limit, value <= limit else { throw fail("must be between -2^62 and 2^62, got \(value)") }
    }

    /// The same as a Double (a fitted slope or level, in bytes).
    func signedBytes(_ value: Double) throws(ValidationProblem) {
        let limit = Double(ExperimentResult.largestCount)
        guard value >= -limit, value <= limit else {
            throw fail("must be a finite number between -2^62 and 2^62, got \(value)")
        }
    }

    /// A capacity: entries or bytes, at least 1.
    func capacity(_ capacity: CapacityValue?) throws(ValidationProblem) {
        guard let capacity else { return }
        guard capacity.unit == "entries" || capacity.unit == "bytes" else {
            throw self["unit"].fail("must be \"entries\" or \"bytes\", got \"\(capacity.unit)\"")
        }
        guard capacity.value >= 1 else { throw self["value"].fail("must be at least 1, got \(capacity.value)") }
    }

    /// A hit ratio: 0 … 1.
    func ratio(_ value: Double) throws(ValidationProblem) {
        guard value >= 0, value <= 1 else { throw fail("must be between 0 and 1, got \(value)") }
    }

    /// A non-negative finite number up to `high`, written `highText` in the
    /// message (NaN fails every comparison).
    func number(
        _ value: Double, upTo high: Double = ExperimentResult.largestRate, _ highText: String = "1e15"
    ) throws(ValidationProblem) {
        guard value >= 0, value <= high else {
            throw fail("must be a finite number between 0 and \(highText), got \(value)")
        }
    }
}

extension RunResult {
    /// Throws the first figure of this run no replay can produce.
    func check(_ field: ResultField) throws(ValidationProblem) {
        try field["capacity"].capacity(capacity)
        for name in options.keys.sorted() where options[name]!.asNumber.map({ !$0.isFinite }) ?? false {
            throw field["options"][name].fail("must be a finite number, got \(options[name]!)")
        }
        try field["repetition"].count(repetition)
        try field["requests"].count(requests)
        try field["hits"].count(hits, atMost: requests, "requests")
        guard misses == requests - hits else {
            throw field["misses"].fail("must be requests − hits (\(requests - hits)), got \(misses)")
        }
        try field["hitRatio"].ratio(hitRatio)
        try field["bytesRequested"].count(bytesRequested)
        try field["bytesHit"].count(bytesHit, atMost: bytesRequested, "bytesRequested")
        try field["byteHitRatio"].ratio(byteHitRatio)
        try field["evictions"].count(evictions)
        try memory.check(field["memory"])
        try latency.check(field["latency"])
        try field["throughput"]["requestsPerSecond"].number(throughput.requestsPerSecond)
        try field["throughput"]["replayedRequests"].count(throughput.replayedRequests)
        try field["throughput"]["replaySeconds"].number(throughput.replaySeconds)
        if let serviceLatency {
            let service = field["serviceLatency"]
            let modeled = ExperimentResult.largestModeledNanoseconds
            try service["meanNanoseconds"].number(serviceLatency.meanNanoseconds, upTo: modeled, "1e36")
            try service["p50Nanoseconds"].number(serviceLatency.p50Nanoseconds, upTo: modeled, "1e36")
            try service["p99Nanoseconds"].number(serviceLatency.p99Nanoseconds, upTo: modeled, "1e36")
            try service["samples"].count(serviceLatency.samples)
        }
        if let cheHitRatio { try field["cheHitRatio"].ratio(cheHitRatio) }
        for (index, point) in (lruCurve ?? []).enumerated() {
            let entry = field["lruCurve"][index]
            guard point.capacity >= 1 else { throw entry["capacity"].fail("must be at least 1, got \(point.capacity)") }
            try entry["hitRatio"].ratio(point.hitRatio)
        }
        if let tier { try tier.check(field["tier"], requests: requests) }
    }
}

extension MemoryReport {
    fileprivate func check(_ field: ResultField) throws(ValidationProblem) {
        var previous = 0
        for (index, sample) in series.enumerated() {
            let entry = field["series"][index]
            try entry["request"].count(sample.request)
            guard sample.request >= previous else {
                throw entry["request"].fail(
                    "must not be less than the previous sample's (\(previous)), got \(sample.request)")
            }
            previous = sample.request
            try entry["entries"].count(sample.entries)
            try entry["objectBytes"].count(sample.objectBytes)
            try entry["storageBytes"].count(sample.storageBytes)
            try entry["allocatorBytes"].signedBytes(sample.allocatorBytes)
            try entry["rssBytes"].signedBytes(sample.rssBytes)
        }
        try field["finalEntries"].count(finalEntries)
        try field["peakEntries"].count(peakEntries)
        try field["finalAllocatorBytes"].signedBytes(finalAllocatorBytes)
        try field["peakAllocatorBytes"].signedBytes(peakAllocatorBytes)
        try field["finalStorageBytes"].count(finalStorageBytes)
        try field["peakStorageBytes"].count(peakStorageBytes)
        try field["finalRSSBytes"].signedBytes(finalRSSBytes)
        try field["peakRSSBytes"].signedBytes(peakRSSBytes)
        let verdict = field["verdict"]
        try verdict["bytesPerRequest"].signedBytes(self.verdict.bytesPerRequest)
        try verdict["bytesPerRequestLow"].signedBytes(self.verdict.bytesPerRequestLow)
        try verdict["bytesPerRequestHigh"].signedBytes(self.verdict.bytesPerRequestHigh)
        if let projected = self.verdict.projectedBytes { try verdict["projectedBytes"].signedBytes(projected) }
        if let at = self.verdict.projectedAtRequest { try verdict["projectedAtRequest"].count(at) }
        if let plateau = self.verdict.plateauBytes { try verdict["plateauBytes"].signedBytes(plateau) }
        if let entries = self.verdict.plateauEntries {
            try verdict["plateauEntries"].number(entries, upTo: Double(ExperimentResult.largestCount), "2^62")
        }
        if let reached = self.verdict.plateauReachedAtRequest { try verdict["plateauReachedAtRequest"].count(reached) }
    }
}

extension LatencyReport {
    fileprivate func check(_ field: ResultField) throws(ValidationProblem) {
        for (name, percentiles) in [("get", get), ("set", set)] {
            let operation = field[name]
            try operation["count"].count(percentiles.count)
            for (figure, value) in [
                ("p50", percentiles.p50), ("p90", percentiles.p90), ("p99", percentiles.p99),
                ("p999", percentiles.p999),
                ("max", percentiles.max),
            ] {
                try operation[figure].count(value)
            }
            try operation["mean"].number(percentiles.mean)
        }
        try field["sampleEvery"].count(sampleEvery, atLeast: 1)
        try field["timerCostNanoseconds"].count(Int(clamping: timerCostNanoseconds))
    }
}

extension RunSummary {
    fileprivate func check(_ field: ResultField) throws(ValidationProblem) {
        try field["capacity"].capacity(capacity)
        try field["repetitions"].count(repetitions, atLeast: 1)
        try field["hitRatio"].ratio(hitRatio)
        try field["hitRatioHalfWidth"].number(hitRatioHalfWidth)
        try field["byteHitRatio"].ratio(byteHitRatio)
        try field["requestsPerSecond"].number(requestsPerSecond)
        try field["requestsPerSecondHalfWidth"].number(requestsPerSecondHalfWidth)
        if let cheHitRatio { try field["cheHitRatio"].ratio(cheHitRatio) }
    }
}
