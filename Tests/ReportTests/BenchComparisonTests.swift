import Caches
import Foundation
import Harness
import Report
import Testing

/// The bench gate on bench files made here, whose round times are chosen:
/// a change the gate must flag, one it must not, and inputs it must refuse.
@Suite struct BenchComparisonTests {
    /// Round times around `base` nanoseconds with a fixed ±1.5 % wobble
    /// (seeded by `salt`), times `factor`.
    static func rounds(_ base: Double, factor: Double = 1, salt: Int = 0, count: Int = 10) -> [Int64] {
        (0..<count).map { k in
            let wobble = 1 + 0.015 * sin(Double(k * 7 + salt * 13) * 1.3)
            return Int64(base * factor * wobble)
        }
    }

    /// A bench of lru, fifo, 2q and the noop reference; `factors` slows
    /// chosen runs, `machine` slows them all alike.
    static func bench(
        factors: [String: Double] = [:], machine: Double = 1, salt: Int = 0, hits: [String: Int] = [:],
        instructions: [String: Int]? = nil, digest: String = "abc", count: Int = 10,
        policies: [String: String] = [:], pairing: String? = "one bench --against", processes: [Int]? = nil
    ) -> BenchResult {
        let bases: [(String, String, Double)] = [
            ("lru(100)", "lru", 2_000_000), ("fifo(100)", "fifo", 1_800_000), ("2q(100)", "2q", 2_400_000),
            ("noop", "noop", 60_000),
        ]
        let runs = bases.enumerated().map { i, entry in
            let (label, policy, base) = entry
            let times = rounds(base, factor: (factors[label] ?? 1) * machine, salt: salt + i, count: count)
            let reference = rounds(60_000, factor: machine, salt: salt + 3, count: count)
            return BenchRun(
                label: label, policy: policies[label] ?? policy,
                capacity: policy == "noop" ? nil : .entries(100),
                options: [:], hits: hits[label] ?? (policy == "noop" ? 0 : 40_000), requests: 100_000,
                roundNanoseconds: times, roundRatios: zip(times, reference).map { Double($0) / Double($1) },
                confidence: 0.95,
                instructions: instructions.map {
                    InstructionCount(
                        requests: 100_000, instructions: $0[label] ?? 10_000_000, lastLevelMisses: 0, tool: "test")
                }, roundProcesses: processes)
        }
        var result = BenchResult(
            createdAt: "2026-12-02T00:00:00Z", host: "test", cores: 2,
            workload: BenchWorkload(name: "zipf", specPath: "zipf.json", streamDigest: digest, requests: 100_000),
            rounds: count, warmupRounds: 1, reference: "noop", confidence: 0.95, runs: runs)
        result.pairing = pairing
        return result
    }

    static func compare(
        _ a: BenchResult, _ b: BenchResult, _ tolerance: Tolerance = Tolerance()
    ) throws
        -> BenchComparison
    {
        try BenchComparison.compare(a, b, tolerance: tolerance, baselinePath: "base.json", currentPath: "new.json")
    }

    @Test func unchangedCodeWithOtherNoiseIsWithinTolerance() throws {
        let comparison = try Self.compare(Self.bench(salt: 0), Self.bench(salt: 5))
        #expect(comparison.exitStatus == 0, "\(comparison.render())")
        #expect(comparison.rows.allSatisfy { $0.status == .ok })
    }

    @Test func aMachineThatRunsSlowerInEveryRunIsNotARegression() throws {
        // The whole machine 25 % slower, every run alike: relative times cancel it.
        let comparison = try Self.compare(Self.bench(), Self.bench(machine: 1.25, salt: 2))
        #expect(comparison.exitStatus == 0, "\(comparison.render())")
    }

    @Test func oneRunTwentyPercentSlowerIsFlaggedWithItsFigures() throws {
        let comparison = try Self.compare(Self.bench(), Self.bench(factors: ["fifo(100)": 1.2], salt: 1))
        #expect(comparison.exitStatus == 1)
        let fifo = try #require(comparison.rows.first { $0.label == "fifo(100)" })
        #expect(fifo.status == .regression)
        #expect(fifo.significantlySlower)
        #expect(fifo.notes.contains { $0.hasPrefix("slower: relative time +") })
        // The others moved by a fifth of it over the index: not beyond 10 %.
        #expect(comparison.rows.filter { $0.status == .regression }.map(\.label) == ["fifo(100)"])
        let rendered = comparison.render()
        #expect(rendered.contains("Holm's correction over 3 runs"))
        #expect(rendered.contains("1 of 4 runs regressed."))
    }

    @Test func aSmallSignificantSlowdownBelowTheToleranceIsNotFlagged() throws {
        let comparison = try Self.compare(Self.bench(), Self.bench(factors: ["lru(100)": 1.03], salt: 1))
        #expect(comparison.exitStatus == 0)
        #expect(comparison.rows[0].significantlySlower, "3 % over ±1.5 % noise is significant")
        // With a 2 % tolerance the same change is a regression.
        var tight = Tolerance()
        tight.time = 0.02
        #expect(try Self.compare(Self.bench(), Self.bench(factors: ["lru(100)": 1.03], salt: 1), tight).exitStatus == 1)
    }

    @Test func benchesTakenApartGateTimeOnlyBeyondThirtyFivePercent() throws {
        // Not one bench --against: their times drift with the machine.
        let apart = try Self.compare(
            Self.bench(pairing: nil), Self.bench(factors: ["fifo(100)": 1.2], salt: 1, pairing: nil))
        #expect(apart.exitStatus == 0 && apart.timeTolerance == 0.35)
        #expect(apart.method.contains("benched apart"))
        let far = try Self.compare(
            Self.bench(pairing: nil), Self.bench(factors: ["fifo(100)": 1.5], salt: 1, pairing: nil))
        #expect(far.exitStatus == 1)
        // Two files of two different --against benches are apart too.
        let other = try Self.compare(Self.bench(), Self.bench(factors: ["fifo(100)": 1.2], salt: 1, pairing: "other"))
        #expect(!other.paired && other.exitStatus == 0)
    }

    @Test func roundsOfOneSlowProcessAreOneObservationNotMany() throws {
        // Ten rounds over five processes a side; in the current file one
        // process is 30 % slower in both its rounds (its memory layout),
        // the others unchanged. Over rounds that looks significant; over
        // processes it is one slow process in five.
        let processes = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
        var current = Self.bench(salt: 1, processes: processes)
        let slow = current.runs.firstIndex { $0.label == "lru(100)" }!
        for k in [8, 9] {
            current.runs[slow].roundNanoseconds[k] = current.runs[slow].roundNanoseconds[k] * 13 / 10
        }
        var tight = Tolerance()
        tight.time = 0.0
        tight.significance = 0.5
        let comparison = try Self.compare(Self.bench(processes: processes), current, tight)
        let row = try #require(comparison.rows.first { $0.label == "lru(100)" })
        #expect(row.time?.unit == "processes" && row.time?.counts.baseline == 5)
        #expect(row.time!.slowerPValue > 0.2, "one slow process of five: p = \(row.time!.slowerPValue)")
    }

    @Test func aLargeChangeThatIsNotSignificantIsNotedNotFlagged() throws {
        // Three rounds each: no p-value can fall below 1/20, and Holm asks 0.05/3.
        let comparison = try Self.compare(
            Self.bench(count: 3), Self.bench(factors: ["lru(100)": 1.5], salt: 1, count: 3))
        #expect(comparison.exitStatus == 0)
        let lru = try #require(comparison.rows.first { $0.label == "lru(100)" })
        #expect(lru.notes.contains { $0.contains("but not significant") })
        #expect(comparison.method.contains("no slowdown can be significant: bench with more --rounds"))
    }

    @Test func instructionsGateWithoutStatisticsBothWays() throws {
        let base = Self.bench(instructions: [:])
        let up = try Self.compare(base, Self.bench(salt: 4, instructions: ["2q(100)": 10_200_000]))
        #expect(up.exitStatus == 1)
        #expect(
            up.rows.first { $0.label == "2q(100)" }?.notes.first?.contains("instructions/request 100.0 → 102.0") == true
        )
        let within = try Self.compare(base, Self.bench(salt: 4, instructions: ["2q(100)": 10_050_000]))
        #expect(within.exitStatus == 0 && within.status == .ok)
        let down = try Self.compare(base, Self.bench(salt: 4, instructions: ["2q(100)": 9_700_000]))
        #expect(down.exitStatus == 0 && down.status == .improved)
        // Counted on one side only: said, not compared.
        let oneSide = try Self.compare(base, Self.bench(salt: 4))
        #expect(oneSide.rows[0].notes.contains { $0.contains("counted in the baseline only") })
    }

    @Test func changedHitsAreARegression() throws {
        let comparison = try Self.compare(Self.bench(), Self.bench(salt: 1, hits: ["lru(100)": 40_001]))
        #expect(comparison.exitStatus == 1)
        #expect(comparison.rows[0].notes.contains("hits 40,000 → 40,001"))
    }

    @Test func benchesOfOtherStreamsOrOtherPoliciesAreRefusedNamingTheField() {
        #expect(throws: ComparisonError.self) { try Self.compare(Self.bench(), Self.bench(digest: "other")) }
        do {
            _ = try Self.compare(Self.bench(), Self.bench(digest: "other"))
        } catch {
            #expect("\(error)".hasPrefix("new.json: workload.streamDigest: another stream"))
        }
        do {
            _ = try Self.compare(Self.bench(), Self.bench(policies: ["fifo(100)": "sieve"]))
            Issue.record("a run whose policy changed under its label was compared")
        } catch {
            #expect("\(error)".hasPrefix("new.json: runs[1].policy: 'sieve' for fifo(100), the baseline's is 'fifo'"))
        }
    }

    @Test func junitIsWellFormedAndCarriesEveryRun() throws {
        let comparison = try Self.compare(Self.bench(), Self.bench(factors: ["fifo(100)": 1.2], salt: 1))
        let junit = ComparisonExport(comparison).junit
        let checker = XMLChecker(Data(junit.utf8))
        #expect(checker.parse(), "\(checker.error ?? "")")
        #expect(checker.elements.filter { $0 == "testcase" }.count == 4)
        #expect(checker.elements.filter { $0 == "failure" }.count == 1)
        let markdown = ComparisonExport(comparison).markdown
        #expect(markdown.contains("❌ regression"))
        #expect(markdown.contains("| fifo(100) |"))
    }
}
