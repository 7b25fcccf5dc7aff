import Caches

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
        if let curves { try curves.check(top["curves"]) }
    }
}

extension CurveSet {
    /// Rates in (0, 1], capacities at least 1 and increasing, ratios 0 … 1.
    func check(_ field: ResultField) throws(ValidationProblem) {
        guard samplingRate > 0 && samplingRate <= 1 else {
            throw field["samplingRate"].fail("must be in (0, 1], got \(samplingRate)")
        }
        try field["requests"].count(requests)
        for (c, curve) in curves.enumerated() {
            var previous = 0
            for (p, point) in curve.points.enumerated() {
                let entry = field["curves"][c]["points"][p]
                guard point.capacity > previous else {
                    throw entry["capacity"].fail("must be at least 1 and above the one before, got \(point.capacity)")
                }
                previous = point.capacity
                if let hitRatio = point.hitRatio { try entry["hitRatio"].ratio(hitRatio) }
                if let exact = point.exactHitRatio { try entry["exactHitRatio"].ratio(exact) }
            }
        }
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
    /// The steps from the root, kept unjoined: a result has ~10⁵ fields to
    /// check and the path is needed only for the one that fails, so it is
    /// spelled out then (building every path as a string cost a tenth of
    /// reading a 200-result sweep).
    private indirect enum Step {
        case root(String)
        case member(Step, String)
        case element(Step, Int)
    }
    private let step: Step

    init(_ path: String) { step = .root(path) }
    private init(step: Step) { self.step = step }

    /// `runs[3].memory.series[12].entries`. O(depth).
    var path: String { Self.spell(step) }

    private static func spell(_ step: Step) -> String {
        switch step {
        case .root(let path): return path
        case .member(let parent, let name):
            let base = spell(parent)
            return base.isEmpty ? name : "\(base).\(name)"
        case .element(let parent, let index): return "\(spell(parent))[\(index)]"
        }
    }

    subscript(_ name: String) -> ResultField { ResultField(step: .member(step, name)) }
    subscript(_ index: Int) -> ResultField { ResultField(step: .element(step, index)) }

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

    /// Any finite number (a fitted parameter, an information criterion).
    func finite(_ value: Double) throws(ValidationProblem) {
        guard value.isFinite else { throw fail("must be a finite number, got \(value)") }
    }

    /// An estimate with its interval, low ≤ estimate ≤ high: each a byte
    /// figure (−2⁶² … 2⁶²) when `bytes`, else any finite number.
    func estimate(_ estimate: Estimate, bytes: Bool) throws(ValidationProblem) {
        for (name, value) in [("estimate", estimate.estimate), ("low", estimate.low), ("high", estimate.high)] {
            if bytes { try self[name].signedBytes(value) } else { try self[name].finite(value) }
        }
        guard estimate.low <= estimate.estimate, estimate.estimate <= estimate.high else {
            throw fail("must have low ≤ estimate ≤ high, got \(estimate.low), \(estimate.estimate), \(estimate.high)")
        }
    }

    /// A request position that may lie beyond the run (a forecast): 0 … 2⁶².
    func requestPosition(_ value: Double) throws(ValidationProblem) {
        try number(value, upTo: Double(ExperimentResult.largestCount), "2^62")
    }

    /// A capacity: entries or bytes, at least 1.
    func capacity(_ capacity: Capacity?) throws(ValidationProblem) {
        guard let capacity else { return }
        if case .unbounded = capacity {
            throw self["unit"].fail(
                "must be \"entries\" or \"bytes\" (an unbounded run has no capacity), got \"unbounded\"")
        }
        guard capacity.limit >= 1 else { throw self["value"].fail("must be at least 1, got \(capacity.limit)") }
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
        if let warm {
            let entry = field["warm"]
            try entry["request"].count(warm.request)
            if let last = memory.series.last?.request, warm.request > last {
                throw entry["request"].fail("must not be beyond the last sample (\(last)), got \(warm.request)")
            }
            if let seconds = warm.seconds { try entry["seconds"].number(seconds) }
            try entry["steadyHitRatio"].ratio(warm.steadyHitRatio)
            try entry["tolerance"].ratio(warm.tolerance)
        }
        if let warmupRequests { try field["warmupRequests"].count(warmupRequests) }
        if let ttlPrediction {
            let entry = field["ttlPrediction"]
            try entry["insertionsPerSecond"].number(ttlPrediction.insertionsPerSecond)
            try entry["lifetimeSeconds"].number(ttlPrediction.lifetimeSeconds)
            try entry["entries"].number(ttlPrediction.entries, upTo: Double(ExperimentResult.largestCount), "2^62")
            if let bytes = ttlPrediction.bytes { try entry["bytes"].signedBytes(bytes) }
            try entry["hitRatio"].ratio(ttlPrediction.hitRatio)
        }
        if let tier { try tier.check(field["tier"], requests: requests + (warmupRequests ?? 0)) }
        if let missCauses {
            let entry = field["missCauses"]
            try entry["compulsory"].count(missCauses.compulsory)
            try entry["expired"].count(missCauses.expired)
            try entry["capacity"].count(missCauses.capacity)
            try entry["removed"].count(missCauses.removed)
            guard missCauses.total == misses else {
                throw entry.fail("must sum to the run's \(misses) misses, got \(missCauses.total)")
            }
        }
        if let expirations { try field["expirations"].count(expirations) }
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
            if let seconds = sample.seconds {
                try entry["seconds"].number(seconds)
                if index > 0, let before = series[index - 1].seconds, seconds < before {
                    throw entry["seconds"].fail(
                        "must not be less than the previous sample's (\(before)), got \(seconds)")
                }
            }
            if let hits = sample.hits {
                try entry["hits"].count(hits, atMost: sample.request, "request")
                if index > 0, let before = series[index - 1].hits {
                    guard hits >= before else {
                        throw entry["hits"].fail("must not be less than the previous sample's (\(before)), got \(hits)")
                    }
                    // Both within 0…2⁶², so the differences cannot overflow.
                    let served = sample.request - series[index - 1].request
                    guard hits - before <= served else {
                        throw entry["hits"].fail(
                            "must not grow by more than the requests since the previous sample (\(served)), got \(hits - before) more"
                        )
                    }
                }
            }
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
        try self.verdict.checkForecast(verdict)
    }
}

extension MemoryVerdict {
    /// The fields format 2 added: rates, ceilings, the budget, the forecast and the fits.
    fileprivate func checkForecast(_ field: ResultField) throws(ValidationProblem) {
        if let requestsPerSecond { try field["requestsPerSecond"].number(requestsPerSecond) }
        if let bytesPerSecond { try field["bytesPerSecond"].estimate(bytesPerSecond, bytes: true) }
        if let ceilingBytes { try field["ceilingBytes"].estimate(ceilingBytes, bytes: true) }
        if let ceilingEntries { try field["ceilingEntries"].estimate(ceilingEntries, bytes: true) }
        if let exponent { try field["exponent"].estimate(exponent, bytes: false) }
        if let budget {
            let entry = field["budget"]
            try entry["budgetBytes"].count(budget.budgetBytes, atLeast: 1)
            for (name, value) in [
                ("atRequest", budget.atRequest), ("earliestRequest", budget.earliestRequest),
                ("latestRequest", budget.latestRequest),
            ] {
                if let value { try entry[name].requestPosition(value) }
            }
            for (name, value) in [
                ("atSeconds", budget.atSeconds), ("earliestSeconds", budget.earliestSeconds),
                ("latestSeconds", budget.latestSeconds),
            ] {
                if let value { try entry[name].number(value) }
            }
        }
        for (index, point) in (forecast ?? []).enumerated() {
            let entry = field["forecast"][index]
            try entry["atRequest"].requestPosition(point.atRequest)
            if let seconds = point.seconds { try entry["seconds"].number(seconds) }
            try entry["bytes"].signedBytes(point.bytes)
            try entry["low"].signedBytes(point.low)
            try entry["high"].signedBytes(point.high)
            guard point.low <= point.high else {
                throw entry["low"].fail("must not be above high (\(point.high)), got \(point.low)")
            }
            for (name, value) in [
                ("fittedEntries", point.fittedEntries), ("entriesLow", point.entriesLow),
                ("entriesHigh", point.entriesHigh),
            ] {
                if let value { try entry[name].signedBytes(value) }
            }
        }
        for (index, measure) in (fits ?? []).enumerated() {
            let entry = field["fits"][index]
            if let chosen = measure.chosen {
                for (parameterIndex, parameter) in chosen.parameters.enumerated() {
                    let place = entry["chosen"]["parameters"][parameterIndex]
                    try place["estimate"].finite(parameter.estimate)
                    try place["low"].finite(parameter.low)
                    try place["high"].finite(parameter.high)
                }
                try entry["chosen"]["residualSumOfSquares"].finite(chosen.residualSumOfSquares)
                try entry["chosen"]["aic"].finite(chosen.aic)
                try entry["chosen"]["bic"].finite(chosen.bic)
            }
            for (scoreIndex, score) in measure.candidates.enumerated() {
                let place = entry["candidates"][scoreIndex]
                try place["residualSumOfSquares"].finite(score.residualSumOfSquares)
                try place["aic"].finite(score.aic)
                try place["bic"].finite(score.bic)
            }
        }
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
