import ArgumentParser
import Caches
import Foundation
import Report
import Workload

/// `cachesim mrc`: a policy's hit ratio at every capacity, from one pass:
/// LRU's from stack distances, any other's from miniature simulations.
struct MRCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mrc",
        abstract:
            "Hit ratio at every capacity in one pass: LRU's from stack distances (SHARDS for large inputs), "
            + "any policy's from miniature simulations.",
        // The full usage line is wider than a terminal; the options are listed below it.
        usage: "cachesim mrc <input> [<options>]",
        discussion: """
            INPUT is a spec (*.json; its first repetition's stream) or a trace, as for `describe`. \
            The curve is exact unless --shards gives a sampling rate, which is then printed with it. \
            With --policy, each policy named gets its curve from the same pass: LRU from stack distances, \
            the others by miniature simulation (the keys sampled by hash at the --shards rate, each capacity C \
            simulated by the policy itself at C × rate entries; sizes whose miniature would hold fewer than \
            32 entries are marked, not printed). --check K simulates K of the sizes in full beside them and \
            prints the error at each. Memory grows with the distinct keys tracked. Bad input exits with code 2.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json
    }

    @Argument(help: "A workload spec (*.json) or a trace file.")
    var input: String

    @Option(help: "Capacities in entries, comma-separated (default: log-spaced from 1 to the largest stack distance).")
    var capacities: String?

    @Option(help: "How many log-spaced capacities when --capacities is not given.")
    var points: Int = 20

    @Option(help: "SHARDS sampling rate in (0, 1]: track only that fraction of the keys (default: exact).")
    var shards: Double?

    @Option(help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .table

    @Option(help: "Policies to draw, comma-separated (every registered policy with a capacity; default lru).")
    var policy: String = "lru"

    @Option(help: "Also simulate this many of the sizes in full, per policy, and print the error at each.")
    var check: Int?

    func validate() throws {
        if let shards, !(shards > 0 && shards <= 1) {
            throw ValidationError("--shards: a sampling rate must be in (0, 1], got \(shards)")
        }
        if points < 2 { throw ValidationError("--points: at least 2, got \(points)") }
        if let check, check < 1 { throw ValidationError("--check: at least 1 size, got \(check)") }
        _ = try requestedCapacities()
        _ = try requestedPolicies()
    }

    /// The capacities of --capacities, or `nil` for log-spaced ones.
    func requestedCapacities() throws -> [Int]? {
        guard let capacities else { return nil }
        let values = capacities.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("--capacities: expected whole numbers ≥ 1 separated by commas, got '\(capacities)'")
        }
        return values.map { $0! }
    }

    func run() throws {
        if policy != "lru" || check != nil { return try runPolicies(try requestedPolicies()) }
        let rate = shards ?? 1
        let (spec, histogram) = try reportingBadInput {
            let spec = try workload(atPath: input)
            var stream = try WorkloadStream(spec)
            let histogram = StackDistanceHistogram(samplingRate: rate)
            var chunk = RequestChunk(capacity: defaultChunkSize)
            while try stream.next(into: &chunk, limit: defaultChunkSize) > 0 {
                chunk.keys.withUnsafeBufferPointer { histogram.record($0) }
            }
            return (spec, histogram)
        }
        let capacities =
            try requestedCapacities()
            ?? MissRatioCurve.logSpacedCapacities(upTo: max(1, histogram.largestDistance), count: points)
        let curve = histogram.curve(capacities: capacities)
        // SHARDS scales capacities by the rate, as the histogram does: below
        // one sampled entry no distance fits, and the 0 it gives means nothing.
        func resolved(_ capacity: Int) -> Bool { (Double(capacity) * rate).rounded(.down) >= 1 }
        let unresolved = "below the sampling's resolution: capacity × rate < 1"
        let method = rate < 1 ? "SHARDS, sampling rate \(rate)" : "exact"
        switch format {
        case .table:
            print("LRU hit ratio of \(Markup.terminalText(spec.name)): \(histogram.requests) requests, \(method)")
            print("capacity  hit ratio")
            for point in curve {
                let ratio = resolved(point.capacity) ? String(format: "%.4f", point.hitRatio) : "—"
                print(String(point.capacity).leftPadded(to: 8) + "  " + ratio)
            }
            if curve.contains(where: { !resolved($0.capacity) }) { print("\n— \(unresolved) (rate \(rate))") }
        case .csv:
            print("capacity,hit_ratio,sampling_rate,note")
            for point in curve {
                let fields = resolved(point.capacity) ? "\(point.hitRatio),\(rate)," : "—,\(rate),\(unresolved)"
                print("\(point.capacity),\(fields)")
            }
        case .json:
            let points = curve.map {
                let figure =
                    resolved($0.capacity)
                    ? "\"hitRatio\": \($0.hitRatio)"
                    : "\"hitRatio\": null, \"note\": \(jsonQuoted(unresolved))"
                return "{\"capacity\": \($0.capacity), \(figure)}"
            }
            print(
                "{\"workload\": \(jsonQuoted(spec.name)), \"requests\": \(histogram.requests), "
                    + "\"samplingRate\": \(rate), \"points\": [\(points.joined(separator: ", "))]}")
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
