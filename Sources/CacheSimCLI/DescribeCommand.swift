import ArgumentParser
import Foundation
import Workload

/// `cachesim describe`: what a workload's stream is like.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract:
            "Describe a workload's stream: size, distinct keys, skew, reuse times and the Zipf alpha that fits it.",
        discussion: """
            INPUT is a spec (*.json) or a trace in --format, or the format its name suggests \
            (Workloads/README.md): *.csv as written by `cachesim gen --format csv` (time,key,size \
            with a header), *.oracleGeneral, *.lirs, *.lis (arc), else one key per line; gzip, \
            zstd and xz files are decompressed as they are read. Memory grows with the \
            number of distinct keys. Bad input exits with code 2.
            """
    )

    @Argument(help: "A workload spec (*.json) or a trace file.")
    var input: String

    @Option(
        help:
            "The trace's format (default: guessed from its name): \(TraceSource.Format.allCases.map(\.rawValue).joined(separator: ", "))."
    )
    var format: TraceSource.Format?

    func run() throws {
        let (spec, profile) = try reportingBadInput {
            let spec = try workload(atPath: input, format: format)
            var stream = try WorkloadStream(spec)
            return (spec, try StreamProfile.measure(&stream))
        }
        if let note = guessedFormatNote(spec) { print(note) }
        print(Self.render(profile, spec: spec))
    }

    static func render(_ profile: StreamProfile, spec: WorkloadSpec) -> String {
        func percent(_ x: Double) -> String { String(format: "%.2f %%", 100 * x) }
        var lines = [
            ("workload", "\(spec.name) (\(spec.path)\(spec.keys.isTrace ? "" : ", seed \(spec.seed)"))"),
            ("requests", "\(profile.requests)"),
            ("distinct keys", "\(profile.distinctKeys)"),
            ("one-hit wonders", "\(percent(profile.oneHitWonderShare)) of distinct keys"),
            ("top 1 % of keys", "\(percent(profile.topPercentShare)) of requests"),
        ]
        if profile.reuseQuantiles.isEmpty {
            lines.append(("reuse time", "no key is requested twice"))
        } else {
            let quantiles = profile.reuseQuantiles.map {
                "p\(Int(($0.p * 100).rounded())) \(Int($0.requests.rounded()))"
            }
            lines.append(
                ("reuse time", quantiles.joined(separator: "  ") + "  (requests; from \(profile.reuseSample) reuses)"))
        }
        if let zipf = profile.zipf {
            let fit = String(
                format: "%.3f  (95 %% interval %.3f … %.3f)", zipf.alpha, zipf.interval.lowerBound,
                zipf.interval.upperBound)
            lines.append(("zipf alpha", fit))
            lines.append(("  fitted by", zipf.method))
        } else {
            lines.append(("zipf alpha", "not fitted: fewer than 3 keys have \(ZipfFit.minimumCount) requests"))
        }
        if let lifetimes = profile.lifetimes {
            let share = lifetimes.given > 0 ? Double(lifetimes.never) / Double(lifetimes.given) : 0
            lines.append(
                (
                    "lifetimes",
                    "\(lifetimes.given) given (one per request and per write); \(percent(share)) never expire"
                ))
            if !lifetimes.quantiles.isEmpty {
                let quantiles = lifetimes.quantiles.map {
                    "p\(Int(($0.p * 100).rounded())) \(String(format: "%.4g", $0.seconds))"
                }
                lines.append(
                    (
                        "  of the rest",
                        quantiles.joined(separator: "  ") + String(format: "  (seconds; mean %.4g)", lifetimes.mean)
                    ))
            }
            let expired =
                lifetimes.requestsForSetKeys > 0
                ? Double(lifetimes.requestsForExpiredKeys) / Double(lifetimes.requestsForSetKeys) : 0
            lines.append(
                (
                    "  expired on arrival",
                    "\(lifetimes.requestsForExpiredKeys) requests (\(percent(expired)) of the \(lifetimes.requestsForSetKeys) whose key had been set) find it expired, in a cache that never evicts"
                ))
        }
        let width = lines.map(\.0.count).max()!
        return lines.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(
            separator: "\n")
    }
}

extension KeySource {
    var isTrace: Bool {
        if case .trace = self { return true }
        return false
    }
}
