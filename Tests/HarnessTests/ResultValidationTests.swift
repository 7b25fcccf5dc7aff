import Caches
import Foundation
import Harness
import Testing

/// `ExperimentResult.validate(file:)`: every result a run writes passes;
/// figures no run can produce are refused with the field named.
@Suite struct ResultValidationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The committed results: the report fixtures, the regression baselines
    /// and the `result` fuzz seeds (written by `cachesim run`; `bad-*` seeds are made to be refused).
    static let committed: [String] = {
        var paths: [String] = []
        for folder in [
            "Tests/ReportTests/Fixtures", "Tests/ReportTests/Fixtures/format-1", "Results/baselines",
            "Tests/FuzzCorpus/result",
        ] {
            let url = root.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            paths += names.filter { $0.hasSuffix(".json") && !$0.hasSuffix(".bench.json") && !$0.hasPrefix("bad-") }
                .sorted().map {
                    url.appendingPathComponent($0).path
                }
        }
        return paths
    }()

    @Test func everyCommittedResultIsValid() throws {
        #expect(Self.committed.count >= 12, "\(Self.committed)")
        for path in Self.committed {
            do {
                _ = try ExperimentResult.read(from: path)
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    /// The speed gate's baselines (`Scripts/regression --bench`) are bench
    /// files a reader accepts, each with every run's instructions counted.
    @Test func everyCommittedBenchBaselineIsValidAndCounted() throws {
        let folder = Self.root.appendingPathComponent("Results/baselines")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix(".bench.json")
        }
        #expect(names.count >= 3, "\(names)")
        for name in names {
            let bench = try BenchResult.read(from: folder.appendingPathComponent(name).path)
            #expect(bench.runs.allSatisfy { $0.instructions != nil }, "\(name): every run counted")
        }
    }

    /// A result `cachesim run` writes, to break one figure at a time.
    func valid() throws -> ExperimentResult {
        try ExperimentResult.read(from: Self.root.appendingPathComponent("Tests/FuzzCorpus/result/tiny-mix.json").path)
    }

    /// The message `change` makes validation throw, after `r.json: `.
    func problem(_ change: (inout ExperimentResult) -> Void) throws -> String? {
        var result = try valid()
        change(&result)
        do {
            try result.validate(file: "r.json")
            return nil
        } catch {
            #expect(error.description.hasPrefix("r.json: "))
            return String(error.description.dropFirst("r.json: ".count))
        }
    }

    @Test func figuresNoRunProducesAreRefusedNamingTheField() throws {
        #expect(try problem { $0.runs[2].hitRatio = 1e308 } == "runs[2].hitRatio: must be between 0 and 1, got 1e+308")
        #expect(
            try problem { $0.runs[0].byteHitRatio = -0.5 } == "runs[0].byteHitRatio: must be between 0 and 1, got -0.5")
        #expect(try problem { $0.runs[1].hits = -1 } == "runs[1].hits: must be between 0 and requests (2000), got -1")
        #expect(
            try problem { $0.runs[1].hits = 2_001 } == "runs[1].hits: must be between 0 and requests (2000), got 2001")
        #expect(try problem { $0.runs[1].misses += 1 }?.hasPrefix("runs[1].misses: must be requests − hits") == true)
        #expect(
            try problem { $0.runs[3].bytesHit = $0.runs[3].bytesRequested + 1 }?.hasPrefix(
                "runs[3].bytesHit: must be between 0 and bytesRequested") == true)
        #expect(try problem { $0.runs[0].evictions = -1 } == "runs[0].evictions: must be between 0 and 2^62, got -1")
        #expect(
            try problem { $0.runs[1].missCauses = MissCauses(compulsory: $0.runs[1].misses, capacity: 1) }
                == "runs[1].missCauses: must sum to the run's \(try valid().runs[1].misses) misses, got \(try valid().runs[1].misses + 1)"
        )
        #expect(
            try problem { $0.runs[1].missCauses = MissCauses(compulsory: -1, capacity: $0.runs[1].misses + 1) }
                == "runs[1].missCauses.compulsory: must be between 0 and 2^62, got -1")
        #expect(
            try problem { $0.runs[1].expirations = -2 } == "runs[1].expirations: must be between 0 and 2^62, got -2")
        #expect(
            try problem { $0.runs[0].requests = Int.max }
                == "runs[0].requests: must be between 0 and 2^62, got 9223372036854775807")
        #expect(
            try problem { $0.runs[2].capacity = .entries(0) } == "runs[2].capacity.value: must be at least 1, got 0")
        #expect(
            try problem { $0.runs[2].capacity = .unbounded }
                == #"runs[2].capacity.unit: must be "entries" or "bytes" (an unbounded run has no capacity), got "unbounded""#
        )
        #expect(
            try problem { $0.runs[0].memory.series[4].request = 0 }?.hasPrefix(
                "runs[0].memory.series[4].request: must not be less than the previous sample's") == true)
        #expect(
            try problem { $0.runs[0].memory.series[1].entries = -3 }
                == "runs[0].memory.series[1].entries: must be between 0 and 2^62, got -3")
        #expect(
            try problem { $0.runs[0].memory.series[1].allocatorBytes = Int.min }
                == "runs[0].memory.series[1].allocatorBytes: must be between -2^62 and 2^62, got -9223372036854775808")
        #expect(
            try problem { $0.runs[0].memory.verdict.bytesPerRequest = .nan }
                == "runs[0].memory.verdict.bytesPerRequest: must be a finite number between -2^62 and 2^62, got nan")
        #expect(
            try problem { $0.runs[0].latency.get.p99 = -1 }
                == "runs[0].latency.get.p99: must be between 0 and 2^62, got -1")
        #expect(
            try problem { $0.runs[0].latency.set.mean = .infinity }
                == "runs[0].latency.set.mean: must be a finite number between 0 and 1e15, got inf")
        #expect(
            try problem { $0.runs[0].throughput.requestsPerSecond = -1e18 }
                == "runs[0].throughput.requestsPerSecond: must be a finite number between 0 and 1e15, got -1e+18")
        #expect(
            try problem { $0.runs[0].serviceLatency?.p99Nanoseconds = 1e37 }
                == "runs[0].serviceLatency.p99Nanoseconds: must be a finite number between 0 and 1e36, got 1e+37")
        #expect(try problem { $0.runs[2].cheHitRatio = 2 } == "runs[2].cheHitRatio: must be between 0 and 1, got 2.0")
        #expect(
            try problem { $0.runs[2].lruCurve?[0].capacity = 0 }
                == "runs[2].lruCurve[0].capacity: must be at least 1, got 0")
        #expect(
            try problem { $0.runs[2].options["ttl"] = .number(.nan) }
                == "runs[2].options.ttl: must be a finite number, got nan")
        #expect(
            try problem { $0.summaries[1].requestsPerSecond = 9.99e307 }
                == "summaries[1].requestsPerSecond: must be a finite number between 0 and 1e15, got 9.99e+307")
        #expect(
            try problem { $0.summaries[0].repetitions = 0 }
                == "summaries[0].repetitions: must be between 1 and 2^62, got 0")
        #expect(try problem { $0.measurement.jobs = 0 } == "measurement.jobs: must be between 1 and 2^62, got 0")
        #expect(
            try problem { $0.timerCostNanoseconds = -1 } == "timerCostNanoseconds: must be between 0 and 2^62, got -1")
    }

    /// A format-2 result (`cachesim run` with arrivals, a budget and a
    /// warm-up), to break one of the fields format 2 added at a time.
    func problemInFormat2(_ change: (inout ExperimentResult) -> Void) throws -> String? {
        var result = try ExperimentResult.read(
            from: Self.root.appendingPathComponent("Tests/FuzzCorpus/result/tiny-forecast.json").path)
        #expect(result.formatVersion == 2)
        change(&result)
        do {
            try result.validate(file: "r.json")
            return nil
        } catch {
            return String(error.description.dropFirst("r.json: ".count))
        }
    }

    @Test func format2FieldsAreCheckedToo() throws {
        #expect(try problemInFormat2 { _ in } == nil)
        #expect(
            try problemInFormat2 { $0.runs[0].memory.series[3].seconds = 1 }?.hasPrefix(
                "runs[0].memory.series[3].seconds: must not be less than the previous sample's") == true)
        #expect(
            try problemInFormat2 { $0.runs[0].memory.series[1].seconds = .nan }
                == "runs[0].memory.series[1].seconds: must be a finite number between 0 and 1e15, got nan")
        #expect(
            try problemInFormat2 { $0.runs[0].memory.series[2].hits = $0.runs[0].memory.series[2].request + 1 }?
                .hasPrefix("runs[0].memory.series[2].hits: must be between 0 and request") == true)
        #expect(
            try problemInFormat2 {
                // Every hit of the run in the first window: more hits than its requests.
                $0.runs[0].memory.series[1].hits = $0.runs[0].memory.series[1].request
                $0.runs[0].memory.series[2].hits = $0.runs[0].memory.series[2].request
                $0.runs[0].memory.series[1].hits = 0
            }?.hasPrefix("runs[0].memory.series[2].hits: must not grow by more than the requests since") == true)
        #expect(
            try problemInFormat2 { $0.runs[0].memory.verdict.forecast?[1].low = 1e10 }?.hasPrefix(
                "runs[0].memory.verdict.forecast[1].low: must not be above high") == true)
        #expect(
            try problemInFormat2 { $0.runs[0].memory.verdict.budget?.atSeconds = -1 }
                == "runs[0].memory.verdict.budget.atSeconds: must be a finite number between 0 and 1e15, got -1.0")
        #expect(
            try problemInFormat2 { $0.runs[0].memory.verdict.budget?.budgetBytes = 0 }
                == "runs[0].memory.verdict.budget.budgetBytes: must be between 1 and 2^62, got 0")
        #expect(
            try problemInFormat2 { $0.runs[0].memory.verdict.bytesPerSecond = Estimate(estimate: 1, low: 2, high: 3) }?
                .hasPrefix("runs[0].memory.verdict.bytesPerSecond: must have low ≤ estimate ≤ high") == true)
        #expect(
            try problemInFormat2 { $0.runs[0].memory.verdict.fits?[0].candidates[0].bic = .infinity }
                == "runs[0].memory.verdict.fits[0].candidates[0].bic: must be a finite number, got inf")
        #expect(
            try problemInFormat2 { $0.runs[1].warm?.steadyHitRatio = 1.5 }
                == "runs[1].warm.steadyHitRatio: must be between 0 and 1, got 1.5")
        #expect(
            try problemInFormat2 { $0.runs[1].warm?.request = Int(1e9) }?.hasPrefix(
                "runs[1].warm.request: must not be beyond the last sample") == true)
        #expect(
            try problemInFormat2 { $0.runs[2].ttlPrediction?.hitRatio = -1 }
                == "runs[2].ttlPrediction.hitRatio: must be between 0 and 1, got -1.0")
        #expect(
            try problemInFormat2 { $0.runs[0].warmupRequests = -1 }
                == "runs[0].warmupRequests: must be between 0 and 2^62, got -1")
    }

    /// Results of format 1 — before growth models, virtual time and warm-up
    /// — still read: the regression baselines and a report fixture are such.
    @Test func format1ResultsStillRead() throws {
        let old = try ExperimentResult.read(
            from: Self.root.appendingPathComponent("Tests/ReportTests/Fixtures/format-1/unique-ids.json").path)
        #expect(old.formatVersion == 1)
        #expect(old.runs.allSatisfy { $0.memory.verdict.model == nil && $0.memory.verdict.summary != nil })
        #expect(old.runs.allSatisfy { $0.memory.series.allSatisfy { $0.seconds == nil && $0.hits == nil } })
    }

    /// Decoding problems name the field too, on one line.
    @Test func decodingProblemsNameTheField() throws {
        let text = try String(
            contentsOf: Self.root.appendingPathComponent("Tests/FuzzCorpus/result/tiny-zipf.json"), encoding: .utf8)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cachesim-validation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func refusal(_ replace: String, _ with: String) throws -> String {
            #expect(text.contains(replace), "the seed holds \(replace)")
            let file = folder.appendingPathComponent("r.json")
            try Data(text.replacingOccurrences(of: replace, with: with).utf8).write(to: file)
            do {
                _ = try ExperimentResult.read(from: file.path)
                return "read"
            } catch {
                #expect(!error.description.contains("\n"))
                return String(error.description.dropFirst(file.path.count + 2))
            }
        }
        #expect(try refusal(#""hits":819,"#, #""hits":"819","#) == "runs[0].hits: expected an integer, got a string")
        #expect(try refusal(#""hits":819,"#, #""hits":null,"#) == "runs[0].hits: expected an integer, got null")
        #expect(
            try refusal(#""hits":819,"#, #""hits":81.9,"#)
                == "runs[0].hits: expected an integer between -2^63 and 2^63-1, got 81.9")
        #expect(try refusal(#""hits":819,"#, "") == "missing field 'runs[0].hits'")
        #expect(
            try refusal(#""label":"lru(50)""#, "\"label\":\"lru\u{1}(50)\"")
                .hasPrefix("not a cachesim result (not valid JSON: Unescaped control character around character "))
        #expect(
            try refusal(#""unit":"entries""#, #""unit":7"#) == "runs[0].capacity.unit: expected a string, got a number")
        #expect(
            try refusal(#""unit":"entries""#, #""unit":"pages""#)
                == #"runs[0].capacity.unit: must be "entries" or "bytes", got "pages""#)
    }

    @Test func whatARunCanLegitimatelyWriteIsAccepted() throws {
        // Allocator and RSS figures are differences of process-wide counters:
        // a cache whose work released memory shows them negative.
        #expect(try problem { $0.runs[0].memory.series[2].allocatorBytes = -4_096 } == nil)
        #expect(try problem { $0.runs[0].memory.series[2].rssBytes = -1 << 20 } == nil)
        #expect(try problem { $0.runs[0].memory.finalRSSBytes = -8_192 } == nil)
        // A fitted slope can be negative; a capacity as large as the spec allows.
        #expect(try problem { $0.runs[0].memory.verdict.bytesPerRequestLow = -0.03 } == nil)
        #expect(try problem { $0.runs[2].capacity = .entries(Int.max) } == nil)
        // A lognormal miss penalty with a median of an hour and σ 10 (the spec's limits).
        #expect(try problem { $0.runs[0].serviceLatency?.meanNanoseconds = 3.6e12 * exp(50) } == nil)
        // Throughput with too little time to measure is written as 0.
        #expect(try problem { $0.runs[0].throughput.requestsPerSecond = 0 } == nil)
    }
}
