import ArgumentParser
import Caches
import Foundation
import Report
import Workload

/// `cachesim mrc --policy P,Q…`: a curve for every policy named, LRU's from
/// stack distances (exact or SHARDS), the others' from miniature
/// simulations (``MiniatureSimulation``) at the `--shards` rate, all from
/// one pass over the stream; `--check K` simulates K of the sizes in full
/// beside them and prints the error at each.
extension MRCCommand {
    /// The policies of `--policy`, each registered and able to draw a curve.
    func requestedPolicies() throws -> [PolicyDescriptor] {
        let names = policy.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty }) else {
            throw ValidationError("--policy: expected policy names separated by commas, got '\(policy)'")
        }
        return try names.map { name in
            guard let descriptor = PolicyRegistry.named(name) else {
                let known = PolicyRegistry.all.map(\.name).joined(separator: ", ")
                throw ValidationError("--policy: unknown policy '\(name)' (known: \(known))")
            }
            if descriptor.needsFuture {
                throw ValidationError(
                    "--policy: \(name) needs each request's next access, which a sampled stream does not index; "
                        + "run it with `cachesim run` at each capacity instead")
            }
            if descriptor.allowsUnbounded || descriptor.isReference {
                throw ValidationError("--policy: \(name) has no capacity, so no miss-ratio curve")
            }
            return descriptor
        }
    }

    /// One policy's curve: how it was obtained, and its points.
    struct PolicyCurve {
        var policy: String
        var method: String
        /// (capacity, hit ratio or `nil` when unresolved).
        var points: [(capacity: Int, hitRatio: Double?)]
        /// Full simulations at `--check` capacities: capacity → hit ratio.
        var exact: [Int: Double] = [:]
    }

    /// Replays the input once through `body` per chunk of keys.
    func eachChunk(_ body: (UnsafeBufferPointer<UInt64>) -> Void) throws -> WorkloadSpec {
        try reportingBadInput {
            let spec = try workload(atPath: input)
            var stream = try WorkloadStream(spec)
            var chunk = RequestChunk(capacity: defaultChunkSize)
            while try stream.next(into: &chunk, limit: defaultChunkSize) > 0 {
                chunk.keys.withUnsafeBufferPointer(body)
            }
            return spec
        }
    }

    func runPolicies(_ descriptors: [PolicyDescriptor]) throws {
        let rate = shards ?? 1
        // Log-spaced capacities up to the largest stack distance need a pass
        // of their own when none are given.
        var capacities = try requestedCapacities()
        if capacities == nil {
            let histogram = StackDistanceHistogram(samplingRate: rate)
            _ = try eachChunk { histogram.record($0) }
            capacities = MissRatioCurve.logSpacedCapacities(upTo: max(1, histogram.largestDistance), count: points)
        }
        let sizes = capacities!
        let histogram = descriptors.contains { $0.name == "lru" } ? StackDistanceHistogram(samplingRate: rate) : nil
        let miniatures = try reportingBadInput {
            try descriptors.filter { $0.name != "lru" }.map {
                try MiniatureSimulation(policy: $0, capacities: sizes, samplingRate: rate)
            }
        }
        var requests = 0
        let spec = try eachChunk { keys in
            requests += keys.count
            histogram?.record(keys)
            for miniature in miniatures { miniature.record(keys) }
        }
        let unresolvedNote = "below the sampling's resolution: capacity × rate < \(MiniatureSimulation.minimumEntries)"
        var curves: [PolicyCurve] = descriptors.map { descriptor in
            if descriptor.name == "lru", let histogram {
                let curve = histogram.curve(capacities: sizes)
                return PolicyCurve(
                    policy: "lru", method: rate < 1 ? "SHARDS at rate \(rate)" : "exact (stack distances)",
                    points: curve.map { point in
                        ((point.capacity, (Double(point.capacity) * rate).rounded(.down) >= 1 ? point.hitRatio : nil))
                    })
            }
            let miniature = miniatures.first { $0.policy == descriptor.name }!
            return PolicyCurve(
                policy: descriptor.name,
                method: rate < 1 ? "miniature simulation at rate \(rate)" : "exact (a full simulation per capacity)",
                points: miniature.points.map { ($0.capacity, $0.hitRatio) })
        }
        if let check, check > 0 { try addChecks(&curves, descriptors: descriptors, count: check) }
        printCurves(curves, spec: spec, requests: requests, rate: rate, unresolvedNote: unresolvedNote)
    }

    /// Simulates `count` of the resolved capacities of each curve in full
    /// (one more pass, every check cache fed from it).
    func addChecks(_ curves: inout [PolicyCurve], descriptors: [PolicyDescriptor], count: Int) throws {
        var checks: [(curve: Int, capacity: Int, cache: any ReplayableCache, tally: ReplayTally)] = []
        for (index, curve) in curves.enumerated() {
            let resolved = curve.points.filter { $0.hitRatio != nil }.map(\.capacity)
            guard !resolved.isEmpty else { continue }
            let k = min(count, resolved.count)
            let picked =
                k == 1 ? [resolved[resolved.count - 1]] : (0..<k).map { resolved[$0 * (resolved.count - 1) / (k - 1)] }
            for capacity in Set(picked).sorted() {
                let cache = try reportingBadInput {
                    try descriptors[index].make(CacheConfiguration(capacity: .entries(capacity)))
                }
                checks.append((index, capacity, cache, ReplayTally()))
            }
        }
        var time: Int64 = 0
        _ = try eachChunk { keys in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: keys.count) { sizes in
                sizes.initialize(repeating: 1)
                withUnsafeTemporaryAllocation(of: Int64.self, capacity: keys.count) { times in
                    for i in 0..<keys.count { times[i] = time + Int64(i) }
                    for index in checks.indices {
                        checks[index].cache.replay(
                            keys: keys, sizes: UnsafeBufferPointer(sizes), times: UnsafeBufferPointer(times),
                            tally: &checks[index].tally)
                    }
                }
            }
            time += Int64(keys.count)
        }
        for check in checks where check.tally.requests > 0 {
            curves[check.curve].exact[check.capacity] = Double(check.tally.hits) / Double(check.tally.requests)
        }
    }

    func printCurves(_ curves: [PolicyCurve], spec: WorkloadSpec, requests: Int, rate: Double, unresolvedNote: String) {
        let sizes = curves[0].points.map(\.capacity)
        func ratio(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "—" }
        switch format {
        case .table:
            print("Hit ratio of \(Markup.terminalText(spec.name)): \(requests) requests")
            for curve in curves { print("  \(curve.policy): \(curve.method)") }
            var table = TextTable(
                header: ["capacity"] + curves.map(\.policy),
                alignments: Array(repeating: .right, count: curves.count + 1))
            for (row, capacity) in sizes.enumerated() {
                table.rows.append([String(capacity)] + curves.map { ratio($0.points[row].hitRatio) })
            }
            print(table.render(), terminator: "")
            if curves.contains(where: { $0.points.contains { $0.hitRatio == nil } }) { print("— \(unresolvedNote)") }
            let checked = curves.filter { !$0.exact.isEmpty }
            if !checked.isEmpty {
                print("\nChecked against full simulations (estimate − exact, in points of hit ratio):")
                for curve in checked {
                    let errors = curve.exact.keys.sorted().map { capacity in
                        let estimate = curve.points.first { $0.capacity == capacity }!.hitRatio!
                        return String(
                            format: "%d: %.4f vs %.4f (%+.2f)", capacity, estimate, curve.exact[capacity]!,
                            (estimate - curve.exact[capacity]!) * 100)
                    }
                    print("  \(curve.policy): " + errors.joined(separator: "; "))
                }
            }
        case .csv:
            print("capacity,policy,hit_ratio,method,sampling_rate,exact_hit_ratio,note")
            for curve in curves {
                for point in curve.points {
                    let exact = curve.exact[point.capacity].map { String($0) } ?? ""
                    let figure = point.hitRatio.map { String($0) } ?? ""
                    let note = point.hitRatio == nil ? unresolvedNote : ""
                    print("\(point.capacity),\(curve.policy),\(figure),\(curve.method),\(rate),\(exact),\(note)")
                }
            }
        case .json:
            let entries = curves.map { curve in
                let points = curve.points.map { point in
                    var fields = ["\"capacity\": \(point.capacity)"]
                    fields.append("\"hitRatio\": " + (point.hitRatio.map { String($0) } ?? "null"))
                    if point.hitRatio == nil { fields.append("\"note\": \(jsonQuoted(unresolvedNote))") }
                    if let exact = curve.exact[point.capacity] { fields.append("\"exactHitRatio\": \(exact)") }
                    return "{" + fields.joined(separator: ", ") + "}"
                }
                return "{\"policy\": \(jsonQuoted(curve.policy)), \"method\": \(jsonQuoted(curve.method)), "
                    + "\"points\": [\(points.joined(separator: ", "))]}"
            }
            print(
                "{\"workload\": \(jsonQuoted(spec.name)), \"requests\": \(requests), \"samplingRate\": \(rate), "
                    + "\"curves\": [\(entries.joined(separator: ", "))]}")
        }
    }
}
