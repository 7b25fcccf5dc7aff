import ArgumentParser
import Caches
import Foundation
import Harness
import Report
import Workload

/// `cachesim mrc`: each policy's hit ratio at every capacity from one pass
/// (``CurveRun``), and the answers users size a cache by: the smallest
/// capacity reaching a target, what a memory budget buys, the knee.
struct MRCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mrc",
        abstract:
            "Hit ratio at every capacity in one pass, for any policy: LRU's from stack distances, the others' "
            + "from miniature simulations; the capacity for a target, what a budget buys, the knee.",
        // The full usage line is wider than a terminal; the options are listed below it.
        usage: "cachesim mrc <input> [<options>]",
        discussion: """
            INPUT is a spec (*.json; its first repetition's stream) or a trace, as for `describe`. \
            Each policy named with --policy gets its curve from the same pass: LRU from stack distances \
            (exact, or SHARDS at the --shards rate), the others by miniature simulation (the keys sampled by \
            hash at the --shards rate, each capacity C simulated by the policy itself at C × rate; sizes whose \
            miniature would hold fewer than 32 entries are marked, not printed), on --threads cores. \
            --sample-keys N picks the rate that samples about N distinct keys instead. Capacities in bytes \
            (--capacities 64M,1G) simulate byte-bounded caches of the workload's object sizes. \
            --check K simulates K of the sizes in full beside them and prints the error at each. \
            --target-hit-ratio, --capacity and --memory-budget print each policy's answer (a budget uses the \
            policy's measured bytes per entry plus the workload's mean object size); the knee is printed always. \
            --html FILE writes one chart of every curve with the target and budget lines. \
            Bad input exits with code 2.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json
    }

    @Argument(help: "A workload spec (*.json) or a trace file.")
    var input: String

    @Option(
        help:
            "Capacities, comma-separated: entries (4096) or bytes (64M, 1G) (default: log-spaced up to the longest reuse distance)."
    )
    var capacities: String?

    @Option(help: "How many log-spaced capacities when --capacities is not given.")
    var points: Int = 20

    @Option(help: "Key-sampling rate in (0, 1]: simulate only that fraction of the keys (default: exact).")
    var shards: Double?

    @Option(help: "Sample about this many distinct keys: the rate adapts to the input (instead of --shards).")
    var sampleKeys: Int?

    @Option(help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .table

    @Option(help: "Policies to draw, comma-separated (every registered policy with a capacity; default lru).")
    var policy: String = "lru"

    @Option(help: "Also simulate this many of the sizes in full, per policy, and print the error at each.")
    var check: Int?

    @Option(help: "Print each policy's smallest capacity reaching this hit ratio, in (0, 1).")
    var targetHitRatio: Double?

    @Option(help: "Print each policy's hit ratio at this capacity (entries, or bytes with a unit).")
    var capacity: String?

    @Option(help: "Print the best hit ratio each policy reaches within this many bytes (512M, 4G).")
    var memoryBudget: ByteCount?

    @Option(help: "Threads to simulate on (default: every core).")
    var threads: Int?

    @Option(help: "Also write a self-contained HTML page with the chart of every curve.")
    var html: String?

    func validate() throws {
        if let shards, !(shards > 0 && shards <= 1) {
            throw ValidationError("--shards: a sampling rate must be in (0, 1], got \(shards)")
        }
        if shards != nil && sampleKeys != nil {
            throw ValidationError("--sample-keys: give either a rate (--shards) or a sample size, not both")
        }
        if let sampleKeys, sampleKeys < MiniatureSimulation.minimumEntries {
            throw ValidationError(
                "--sample-keys: at least \(MiniatureSimulation.minimumEntries) keys, got \(sampleKeys)")
        }
        if points < 2 { throw ValidationError("--points: at least 2, got \(points)") }
        if let check, check < 1 { throw ValidationError("--check: at least 1 size, got \(check)") }
        if let targetHitRatio, !(targetHitRatio > 0 && targetHitRatio < 1) {
            throw ValidationError("--target-hit-ratio: a hit ratio in (0, 1), got \(targetHitRatio)")
        }
        if let threads, threads < 1 { throw ValidationError("--threads: at least 1, got \(threads)") }
        let sizes = try requestedCapacities()
        if let asked = try askedCapacity(), let sizes, asked.inBytes != sizes.inBytes {
            throw ValidationError(
                "--capacity: give it in the unit of --capacities (\(sizes.inBytes ? "bytes" : "entries"))")
        }
        _ = try requestedPolicies()
    }

    /// A capacity in entries (`4096`) or bytes (`64M`, `1GiB`).
    static func parseCapacity(_ text: String, option: String) throws -> (value: Int, inBytes: Bool) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let entries = Int(trimmed) {
            guard entries >= 1 && entries <= Capacity.maximumEntries else {
                throw ValidationError(
                    "\(option): a capacity in entries must be in 1…\(Capacity.maximumEntries), got \(entries)")
            }
            return (entries, false)
        }
        guard let bytes = ByteCount(argument: trimmed) else {
            throw ValidationError(
                "\(option): expected whole numbers of entries (4096) or bytes with a unit (64M, 1G), got '\(trimmed)'")
        }
        return (bytes.bytes, true)
    }

    /// The capacities of --capacities, or `nil` for log-spaced ones.
    func requestedCapacities() throws -> (values: [Int], inBytes: Bool)? {
        guard let capacities else { return nil }
        let parts = capacities.split(separator: ",", omittingEmptySubsequences: false)
        let parsed = try parts.map { try Self.parseCapacity(String($0), option: "--capacities") }
        guard let unit = parsed.first?.inBytes, parsed.allSatisfy({ $0.inBytes == unit }) else {
            throw ValidationError("--capacities: all in entries or all in bytes, got '\(capacities)'")
        }
        return (parsed.map(\.value), unit)
    }

    /// The capacity of --capacity.
    func askedCapacity() throws -> (value: Int, inBytes: Bool)? {
        try capacity.map { try Self.parseCapacity($0, option: "--capacity") }
    }

    /// The policies of `--policy`, each registered and able to draw a curve.
    func requestedPolicies() throws -> [PolicyDescriptor] {
        let names = policy.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty }), Set(names).count == names.count else {
            throw ValidationError("--policy: expected distinct policy names separated by commas, got '\(policy)'")
        }
        return try names.map { name in
            guard let descriptor = PolicyRegistry.named(name) else {
                let known = PolicyRegistry.all.map(\.name).joined(separator: ", ")
                throw ValidationError("--policy: unknown policy '\(name)' (known: \(known))")
            }
            if let reason = MiniatureSimulation.whyUnsupported(descriptor) {
                throw ValidationError("--policy: \(reason)")
            }
            return descriptor
        }
    }

    func run() throws {
        let descriptors = try requestedPolicies()
        let spec = try reportingBadInput { try workload(atPath: input) }
        let given = try requestedCapacities()
        let asked = try askedCapacity()
        let inBytes = given?.inBytes ?? asked?.inBytes ?? false
        // A first pass when the rate, the range or the object sizes come
        // from the input (two when the rate adapts and sizes are needed).
        var rate = shards ?? 1
        var sizes = given?.values
        var objectBytes: Double?
        if let sampleKeys {
            let survey = try reportingBadInput { try StreamSurvey.take(spec, samplingRate: nil) }
            rate = min(1, Double(sampleKeys) / max(1, survey.distinctKeys))
        }
        if sizes == nil || memoryBudget != nil {
            let survey = try reportingBadInput { try StreamSurvey.take(spec, samplingRate: rate) }
            objectBytes = survey.meanObjectBytes
            if sizes == nil {
                let largest = max(1, inBytes ? survey.distinctBytes : survey.largestDistance)
                // Sampled, the range starts where a miniature resolves (in
                // bytes, where it holds 32 objects of the mean size).
                let entry = inBytes ? survey.meanObjectBytes ?? 1 : 1
                let smallest = rate < 1 ? CurveRun.smallestResolved(rate: rate, objectBytes: entry) : 1
                sizes = CurveRun.logSpaced(from: min(smallest, largest), to: largest, count: points)
            }
        }
        var request = CurveRequest(policies: descriptors, capacities: sizes!)
        request.inBytes = inBytes
        request.samplingRate = rate
        request.checks = check ?? 0
        request.threads = threads ?? ProcessInfo.processInfo.activeProcessorCount
        var budgets: [String: (capacity: Int, footprint: EntryFootprint, bytes: Double)] = [:]
        if let memoryBudget, let mean = objectBytes {
            for descriptor in descriptors {
                let footprint = try reportingBadInput { try EntryFootprint.measure(descriptor) }
                // A cache of 2^31 entries holds any stream this reads.
                let entries = min(
                    Capacity.maximumEntries,
                    MemoryBudget.entries(within: memoryBudget.bytes, footprint: footprint, objectBytes: mean))
                guard entries >= 1 else { continue }
                let capacity = inBytes ? max(1, Int((Double(entries) * mean).rounded(.down))) : entries
                budgets[descriptor.name] = (capacity, footprint, footprint.bytesPerEntry + mean)
                request.extraCapacities[descriptor.name, default: []].append(capacity)
            }
        }
        if let asked {
            for descriptor in descriptors { request.extraCapacities[descriptor.name, default: []].append(asked.value) }
        }
        var curves = try reportingBadInput { try CurveRun.run(spec, request) }
        curves.meanObjectBytes = objectBytes
        curves.targetHitRatio = targetHitRatio
        curves.askedCapacity = asked?.value
        curves.memoryBudgetBytes = memoryBudget?.bytes
        curves.answers = curves.answers(target: targetHitRatio, capacity: asked?.value, budgets: budgets)
        print(render(curves), terminator: "")
        if let html {
            try reportingBadInput {
                try ReportFiles.write(
                    [(URL(fileURLWithPath: html).lastPathComponent, Data(CurveChart.page(curves).utf8))],
                    to: URL(fileURLWithPath: html).deletingLastPathComponent())
            }
        }
    }
}
