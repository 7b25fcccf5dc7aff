import Harness
import Stats

/// A memory verdict in words, from its numbers: what tables, reports and
/// chart captions say. With request times the growth is also said per
/// hour and per day, and the budget in days.
public enum VerdictText {
    /// The whole verdict in a sentence or two: `grows ~17 B per request
    /// (16.6 KiB/s: 1.37 GiB a day at 1,000 requests/s), never levels off
    /// (≈ 817.9 MiB after 50M requests); reaches 4 GiB after 2.9 days (95 %
    /// interval 2.8–3.1 days)`. `universe`: the workload's distinct keys,
    /// named beside a ceiling of entries. O(samples).
    public static func sentence(_ memory: MemoryReport, universe: Int? = nil) -> String {
        let verdict = memory.verdict
        let series = memory.series
        guard series.count >= MemoryVerdict.minimumSamples else {
            return "too few samples to judge (\(series.count))"
        }
        var text: String
        switch verdict.kind {
        case .plateau:
            let entries = verdict.plateauEntries.map(entryCount) ?? "?"
            text = "plateau at \(Formatting.bytes(verdict.plateauBytes ?? 0)) (\(entries) entries)"
            if let reached = verdict.plateauReachedAtRequest {
                text += " from request \(Formatting.grouped(reached))"
                if let rate = verdict.requestsPerSecond { text += " (\(time(Double(reached) / rate)))" }
            }
        case .grows:
            text = growth(verdict, series: series)
        case .saturating:
            text = saturation(verdict, series: series, universe: universe)
        }
        // A plateau below the budget says nothing of it: it never gets there.
        if let budget = verdict.budget, verdict.kind != .plateau || budget.alreadyReached {
            text += "; " + budgetText(budget, verdict: verdict)
        }
        return text
    }

    /// A few words for the end of a chart's line: `grows 17 B/req`,
    /// `levels off ≈ 37.8 MiB`, `plateau 0.30 MiB`.
    public static func short(_ verdict: MemoryVerdict) -> String {
        switch verdict.kind {
        case .grows: return "grows \(Formatting.bytes(verdict.bytesPerRequest))/req"
        case .plateau: return "plateau \(Formatting.bytes(verdict.plateauBytes ?? 0))"
        case .saturating: return "levels off ≈ \(Formatting.bytes(verdict.ceilingBytes?.estimate ?? 0))"
        }
    }

    /// `grows ~17 B per request (…), never levels off (≈ … after … requests)`.
    static func growth(_ verdict: MemoryVerdict, series: [MemorySample]) -> String {
        var text = "grows ~\(Formatting.bytes(verdict.bytesPerRequest)) per request"
        if verdict.measure.hasPrefix("entries"), let perThousand = entriesPerThousandRequests(series) {
            text += " (entries keep rising: \(Formatting.fixed(perThousand, digits: 1)) per 1,000 requests)"
        }
        if verdict.model == .power, let exponent = verdict.exponent {
            text +=
                ", sublinearly: a power law of exponent \(Formatting.fixed(exponent.estimate, digits: 2)) (95 % interval \(Formatting.fixed(exponent.low, digits: 2))–\(Formatting.fixed(exponent.high, digits: 2)))"
            if exponent.estimate > 1 { text = text.replacingOccurrences(of: "sublinearly", with: "faster and faster") }
        }
        text += ", never levels off"
        if let projected = verdict.projectedBytes, let at = verdict.projectedAtRequest {
            text += " (≈ \(Formatting.bytes(projected)) after \(Formatting.count(Double(at))) requests)"
        }
        if let perSecond = perSecondText(verdict) { text += "; " + perSecond }
        return text
    }

    /// `levels off near 37.8 MiB: its entries approach a ceiling of ~990k …`.
    static func saturation(_ verdict: MemoryVerdict, series: [MemorySample], universe: Int?) -> String {
        let ceiling = verdict.ceilingBytes?.estimate ?? 0
        var text = "saturating: levels off near \(Formatting.bytes(ceiling))"
        if let bytes = verdict.ceilingBytes, bytes.high > bytes.low {
            text += " (95 % interval \(Formatting.bytes(bytes.low))–\(Formatting.bytes(bytes.high)))"
        }
        let last = series.last!
        if let entries = verdict.ceilingEntries {
            text +=
                ", where its entries reach a ceiling of ~\(Formatting.count(entries.estimate)) (95 % interval \(Formatting.count(entries.low))–\(Formatting.count(entries.high))"
            if let universe { text += "; the workload has \(Formatting.grouped(universe)) keys" }
            text += ")"
            let share = entries.estimate > 0 ? Double(last.entries) / entries.estimate : 0
            text +=
                "; now \(Formatting.grouped(last.entries)) entries (\(Formatting.percent(share, digits: 0)) of it) in \(Formatting.bytes(Double(last.allocatorBytes)))"
            if ceiling <= Double(last.allocatorBytes) {
                text += ", which already has room for them at the densest packing seen"
            }
        } else {
            text += "; now \(Formatting.bytes(Double(last.allocatorBytes)))"
        }
        if verdict.bytesPerRequest != 0 {
            text += ", growing ~\(Formatting.bytes(verdict.bytesPerRequest)) per request"
            if let perSecond = perSecondText(verdict) { text += " (" + perSecond + ")" }
        }
        return text
    }

    /// `16.6 KiB/s: 58.4 MiB an hour, 1.37 GiB a day at 1,000 requests/s`.
    static func perSecondText(_ verdict: MemoryVerdict) -> String? {
        guard let perSecond = verdict.bytesPerSecond, let rate = verdict.requestsPerSecond else { return nil }
        let bytes = perSecond.estimate
        return
            "\(Formatting.bytes(bytes))/s: \(Formatting.bytes(bytes * 3600)) an hour, \(Formatting.bytes(bytes * 86_400)) a day at \(rateText(rate))"
    }

    /// `reaches 4 GiB after 2.9 days (95 % interval 2.8–3.1 days) at 1,000 requests/s`.
    static func budgetText(_ budget: BudgetForecast, verdict: MemoryVerdict) -> String {
        let name = Formatting.bytes(Double(budget.budgetBytes))
        if budget.alreadyReached {
            return "passed the budget of \(name) at request \(Formatting.count(budget.atRequest ?? 0))"
                + (budget.atSeconds.map { " (\(time($0)))" } ?? "")
        }
        guard let at = budget.atRequest else {
            switch verdict.kind {
            case .plateau, .saturating: return "never reaches the budget of \(name): it levels off below"
            case .grows:
                return
                    "does not reach the budget of \(name) within \(Formatting.count(MemoryVerdict.forecastReach))× this run"
            }
        }
        if let seconds = budget.atSeconds, let rate = verdict.requestsPerSecond {
            var text = "reaches \(name) after \(time(seconds))"
            if let earliest = budget.earliestSeconds {
                text += " (95 % interval \(range(earliest, budget.latestSeconds)))"
            }
            return text + " at \(rateText(rate))"
        }
        var text = "reaches \(name) after \(Formatting.count(at)) requests"
        if let earliest = budget.earliestRequest {
            text +=
                " (95 % interval \(Formatting.count(earliest))–\(budget.latestRequest.map(Formatting.count) ?? "never"))"
        }
        return text
    }

    /// TTL's Little's-law prediction beside the measured plateau:
    /// `Little's law: 333.3 keys/s × 30 s = 10,000 entries (834.8 KiB);
    /// measured 10,009 (+0.09 %)`; nil without a prediction.
    public static func littlesLaw(_ run: RunResult) -> String? {
        guard let prediction = run.ttlPrediction else { return nil }
        let measured = run.memory.verdict.plateauEntries ?? Double(run.memory.finalEntries)
        var text =
            "Little's law: \(Formatting.fixed(prediction.insertionsPerSecond, digits: 1)) keys/s inserted × \(Formatting.elapsed(seconds: prediction.lifetimeSeconds)) = \(entryCount(prediction.entries)) entries"
        if let bytes = prediction.bytes { text += " (\(Formatting.bytes(bytes)))" }
        text += "; measured \(entryCount(measured))"
        if prediction.entries > 0 {
            let change = (measured - prediction.entries) / prediction.entries
            text += " (\(change >= 0 ? "+" : "")\(Formatting.percent(change, digits: 2)))"
        }
        text +=
            "; hit ratio predicted \(Formatting.percent(prediction.hitRatio)), simulated \(Formatting.percent(run.hitRatio))"
        return text
    }

    /// When the cache became warm: `warm from request 39,062 (3.9 s): every
    /// later window within 1.0 point of its steady 38.4 %`; nil when not judged.
    public static func warm(_ run: RunResult) -> String? {
        guard let warm = run.warm else { return nil }
        var text = "warm from request \(Formatting.grouped(warm.request))"
        if let seconds = warm.seconds { text += " (\(time(seconds)))" }
        text +=
            ": no later window's hit ratio falls more than \(Formatting.fixed(warm.tolerance * 100, digits: 1)) points below its steady \(Formatting.percent(warm.steadyHitRatio, digits: 1))"
        if let excluded = run.warmupRequests {
            text += "; the first \(Formatting.grouped(excluded)) requests (the spec's warm-up) are not counted"
        }
        return text
    }

    /// `2.7–3.0 days`, `20 h–2.1 days`, `2.7 days–never`: two times, the
    /// unit said once when they share it.
    static func range(_ low: Double, _ high: Double?) -> String {
        let first = time(low)
        guard let high else { return first + "–never" }
        let second = time(high)
        let unit = { (text: String) in text.split(separator: " ").last.map(String.init) ?? "" }
        if unit(first) == unit(second), let number = first.split(separator: " ").first {
            return "\(number)–\(second)"
        }
        return "\(first)–\(second)"
    }

    /// `1,000 requests/s`.
    static func rateText(_ rate: Double) -> String {
        let whole = rate.rounded()
        if rate >= 1, let integer = Int(exactly: whole) { return "\(Formatting.grouped(integer)) requests/s" }
        return "\(Formatting.fixed(rate, digits: 3)) requests/s"
    }

    /// `2.9 days`, `74 s`, in virtual time.
    static func time(_ seconds: Double) -> String { Formatting.elapsed(seconds: seconds) }

    /// `139,442` for a mean of entries.
    static func entryCount(_ value: Double) -> String {
        Int(exactly: value.rounded()).map(Formatting.grouped) ?? Formatting.whole(value)
    }

    /// Entries gained per 1,000 requests over the second half of the series.
    static func entriesPerThousandRequests(_ series: [MemorySample]) -> Double? {
        guard let last = series.last, let middle = series.first(where: { $0.request >= last.request / 2 }),
            last.request > middle.request
        else { return nil }
        // In Doubles: a result is untrusted, and its integers may be anything.
        let entries = Double(last.entries) - Double(middle.entries)
        return entries / (Double(last.request) - Double(middle.request)) * 1000
    }
}
