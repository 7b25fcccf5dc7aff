import Foundation
import Harness
import Testing

/// `cachesim bench` and `cachesim compare` on bench files, end to end:
/// the figures a bench writes, instruction counts that repeat, the CI
/// outputs read by a real JUnit parser, and bad input refused with exit 2.
@Suite struct BenchCommandTests {
    static let spec =
        #"{ "name": "tiny", "seed": 3, "requests": 20000, "keys": { "source": "zipf", "alpha": 0.9, "universe": 2000 }, "caches": [ { "policy": "lru", "capacity": [50, 500] }, { "policy": "fifo", "capacity": 500 } ] }"#

    static let valgrindAbsent = InstructionCounterLookup.path("valgrind") == nil
    static let heavy = ProcessInfo.processInfo.environment["CACHESIM_HEAVY"] == "1"

    func bench(
        _ folder: URL, _ name: String, _ extra: [String] = [], spec: String = "spec.json"
    ) throws
        -> CommandRunner.Result
    {
        try CommandRunner.run(["bench", spec, "--rounds", "6", "--out", name, "--quiet"] + extra, in: folder)
    }

    @Test func benchWritesEveryRunWithTheHitsOfARunAndANoopReference() throws {
        let folder = try temporaryFolder(["spec.json": Self.spec])
        let benched = try bench(folder, "b.json")
        #expect(benched.status == 0, "\(benched.stderr)")
        let file = try BenchResult.read(from: folder.appendingPathComponent("b.json").path)
        #expect(file.runs.map(\.label) == ["lru(50)", "lru(500)", "fifo(500)", "noop"])
        #expect(file.rounds == 6 && file.runs.allSatisfy { $0.roundNanoseconds.count == 6 })
        #expect(file.warmupRounds == 1, "the default: one untimed round")
        #expect(file.runs.last?.hits == 0)
        // The same spec through the measured harness (latency sampling,
        // memory probes) gets the same hits as the bare replay.
        let ran = try CommandRunner.run(["run", "spec.json", "--jobs", "1", "--out", "r", "--quiet"], in: folder)
        #expect(ran.status == 0, "\(ran.stderr)")
        let result = try ExperimentResult.read(from: folder.appendingPathComponent("r/result.json").path)
        for run in result.runs {
            #expect(file.runs.first { $0.label == run.label }?.hits == run.hits, "\(run.label)")
        }
        // Two fresh benches of unchanged code compare clean on hits. Their
        // times are not gated here: two unpaired benches of six rounds on a
        // shared machine drift past 35 % (lru(50) once read +35.4 %), and a
        // test does not time things; BenchComparisonTests check the time gate.
        #expect(try bench(folder, "c.json", ["--warmup-rounds", "3"]).status == 0)
        let warmer = try BenchResult.read(from: folder.appendingPathComponent("c.json").path)
        #expect(warmer.warmupRounds == 3 && warmer.rounds == 6)
        let compared = try CommandRunner.run(
            ["compare", "b.json", "c.json", "--tolerance", "time=1000%"], in: folder)
        #expect(compared.status == 0, "\(compared.stdout)\(compared.stderr)")
        #expect(compared.stdout.contains("Mann–Whitney U"))
    }

    @Test func badBenchFilesExitTwoNamingTheFileAndTheField() throws {
        let other = Self.spec.replacingOccurrences(of: #""seed": 3"#, with: #""seed": 4"#)
        // The same stream through other policies: no run in common but the reference.
        let policies = Self.spec.replacingOccurrences(of: #""policy": "fifo""#, with: #""policy": "sieve""#)
            .replacingOccurrences(of: #""policy": "lru""#, with: #""policy": "clock""#)
        let folder = try temporaryFolder(["spec.json": Self.spec, "other.json": other, "policies.json": policies])
        #expect(try bench(folder, "b.json").status == 0)
        #expect(try bench(folder, "o.json", spec: "other.json").status == 0)
        #expect(try bench(folder, "p.json", spec: "policies.json").status == 0)

        let otherSpec = try CommandRunner.run(["compare", "b.json", "o.json"], in: folder)
        #expect(otherSpec.status == 2)
        #expect(otherSpec.stderr.contains("o.json: workload.streamDigest: another stream"), "\(otherSpec.stderr)")

        let noCommonRun = try CommandRunner.run(["compare", "b.json", "p.json"], in: folder)
        #expect(noCommonRun.status == 2)
        #expect(noCommonRun.stderr.contains("p.json: runs: no run in common"), "\(noCommonRun.stderr)")

        let whole = try String(contentsOf: folder.appendingPathComponent("b.json"), encoding: .utf8)
        try String(whole.prefix(whole.count / 2)).write(
            to: folder.appendingPathComponent("t.json"), atomically: true, encoding: .utf8)
        let truncated = try CommandRunner.run(["compare", "b.json", "t.json"], in: folder)
        #expect(truncated.status == 2)
        #expect(truncated.stderr.contains("t.json: not a cachesim bench file"), "\(truncated.stderr)")

        // A run's rounds that do not add up.
        let damaged = whole.replacingOccurrences(of: #""rounds" : 6"#, with: #""rounds" : 7"#)
        try damaged.write(to: folder.appendingPathComponent("d.json"), atomically: true, encoding: .utf8)
        let rounds = try CommandRunner.run(["compare", "b.json", "d.json"], in: folder)
        #expect(rounds.status == 2)
        #expect(
            rounds.stderr.contains("d.json: runs[0].roundNanoseconds: 6 rounds, but rounds is 7"), "\(rounds.stderr)")

        let ran = try CommandRunner.run(["run", "spec.json", "--jobs", "1", "--out", "r", "--quiet"], in: folder)
        #expect(ran.status == 0)
        let mixed = try CommandRunner.run(["compare", "b.json", "r/result.json"], in: folder)
        #expect(mixed.status == 2)
        #expect(mixed.stderr.contains("r/result.json: a result.json, but b.json is a bench file"), "\(mixed.stderr)")
    }

    @Test func aProductOrANonsenseOptionIsRefusedBeforeAnythingRuns() throws {
        let product =
            #"{ "requests": 100, "keys": { "source": "loop", "keys": 10 }, "caches": [ { "policy": "nscache", "capacity": 5 } ] }"#
        let folder = try temporaryFolder(["product.json": product, "spec.json": Self.spec])
        let refused = try bench(folder, "x.json", spec: "product.json")
        #expect(refused.status == 2)
        #expect(
            refused.stderr.contains("product.json: caches[0].policy: 'nscache' is a real product"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x.json").path))
        let rounds = try CommandRunner.run(["bench", "spec.json", "--rounds", "0"], in: folder)
        #expect(rounds.status == 2 && rounds.stderr.contains("--rounds must be at least 1"))
    }

    @Test func benchAgainstAnotherBuildWritesTwoPairedFilesWithTheirProcesses() throws {
        let folder = try temporaryFolder(["spec.json": Self.spec])
        let binary = try #require(CommandRunner.binary)
        let benched = try CommandRunner.run(
            ["bench", "spec.json", "--against", binary.path, "--rounds", "6", "--processes", "3", "--out", "n.json"],
            in: folder)
        #expect(benched.status == 0, "\(benched.stderr)")
        #expect(benched.stdout.contains("Compare them with: cachesim compare n.against.json n.json"))
        let base = try BenchResult.read(from: folder.appendingPathComponent("n.against.json").path)
        let new = try BenchResult.read(from: folder.appendingPathComponent("n.json").path)
        #expect(base.pairing != nil && base.pairing == new.pairing)
        #expect(new.rounds == 6 && new.runs[0].roundProcesses == [0, 0, 1, 1, 2, 2])
        #expect(base.runs.map(\.hits) == new.runs.map(\.hits))
        let compared = try CommandRunner.run(["compare", "n.against.json", "n.json"], in: folder)
        #expect(compared.status == 0, "\(compared.stdout)\(compared.stderr)")
        #expect(
            compared.stdout.contains("one bench --against")
                && compared.stdout.contains("over the processes (3 against 3)"))
        // --against-out names the other build's file.
        let named = try CommandRunner.run(
            [
                "bench", "spec.json", "--against", binary.path, "--rounds", "2", "--processes", "1", "--out", "m.json",
                "--against-out", "base.json", "--quiet",
            ],
            in: folder)
        #expect(named.status == 0, "\(named.stderr)")
        let namedBase = try BenchResult.read(from: folder.appendingPathComponent("base.json").path)
        let namedNew = try BenchResult.read(from: folder.appendingPathComponent("m.json").path)
        #expect(namedBase.pairing != nil && namedBase.pairing == namedNew.pairing)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("m.against.json").path))
        let notExecutable = try CommandRunner.run(["bench", "spec.json", "--against", "spec.json"], in: folder)
        #expect(
            notExecutable.status == 2 && notExecutable.stderr.contains("--against: spec.json is not an executable file")
        )
    }

    @Test func calibrationReportsFalseAlarmsAndTheSmallestSlowdownCaught() throws {
        let folder = try temporaryFolder(["spec.json": Self.spec])
        let calibrated = try CommandRunner.run(
            [
                "bench", "spec.json", "--calibrate", "--trials", "2", "--rounds", "4", "--processes", "2",
                "--requests", "2000", "--quiet",
            ],
            in: folder)
        #expect(calibrated.status == 0, "\(calibrated.stderr)")
        #expect(calibrated.stdout.contains("False alarms on unchanged code: "))
        #expect(calibrated.stdout.contains("Smallest slowdown caught in ≥ 95 % of trials"))
        // One row per slowdown tried, and the unchanged one.
        for slowdown in ["none (unchanged)", "1%", "3%", "10%", "20%"] { #expect(calibrated.stdout.contains(slowdown)) }
    }

    @Test(.disabled(if: valgrindAbsent, "valgrind is not installed (Scripts/install-deps installs it)"))
    func instructionCountsRepeatAndGrowLinearlyWithBusyWork() throws {
        let spec =
            #"{ "name": "work", "requests": 20000, "keys": { "source": "zipf", "alpha": 0.9, "universe": 2000 }, "caches": [ { "policy": "lru", "capacity": 100 }, { "policy": "noop", "work": 64 }, { "policy": "noop", "work": 128 }, { "policy": "noop", "work": 192 } ] }"#
        let folder = try temporaryFolder(["spec.json": spec])
        let first = try bench(folder, "a.json", ["--instructions"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try bench(folder, "b.json", ["--instructions"]).status == 0)
        let a = try BenchResult.read(from: folder.appendingPathComponent("a.json").path)
        let b = try BenchResult.read(from: folder.appendingPathComponent("b.json").path)
        for (x, y) in zip(a.runs, b.runs) {
            let (i, j) = (try #require(x.instructions), try #require(y.instructions))
            #expect(abs(Double(i.instructions) / Double(j.instructions) - 1) <= 0.001, "\(x.label): \(i) vs \(j)")
            #expect(i.requests == 20000)
        }
        // Only the replay is counted: busy work per request adds the same
        // instructions per unit, so 64 → 128 → 192 units are evenly spaced (multiples of any unrolling).
        func perRequest(_ label: String) throws -> Double {
            try #require(a.runs.first { $0.label == label }?.instructions).perRequest
        }
        let zero = try perRequest("noop")
        let (fifty, hundred, more) = (
            try perRequest("noop(work=64)"), try perRequest("noop(work=128)"), try perRequest("noop(work=192)")
        )
        #expect(fifty > zero && hundred > fifty)
        #expect(abs((more - hundred) / (hundred - fifty) - 1) < 0.01, "\(fifty) \(hundred) \(more)")
        // A start-up cost would show as a figure that shrinks with more requests.
        #expect(zero < 40, "the noop replay alone is a few instructions per request, got \(zero)")
        // --instruction-requests counts a prefix: the requests it says, and
        // fewer instructions for every run than the whole stream's.
        #expect(try bench(folder, "c.json", ["--instructions", "--instruction-requests", "5000"]).status == 0)
        let c = try BenchResult.read(from: folder.appendingPathComponent("c.json").path)
        for (prefix, whole) in zip(c.runs, a.runs) {
            let (p, w) = (try #require(prefix.instructions), try #require(whole.instructions))
            #expect(p.requests == 5000 && p.instructions < w.instructions, "\(prefix.label): \(p) vs \(w)")
        }
    }

    @Test func junitAndMarkdownForCIAreReadByARealJUnitParser() throws {
        let python = CommandRunner.packageRoot.appendingPathComponent(".build-tools/python/bin/python3").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            #expect(!Self.heavy, "Scripts/install-deps installs junitparser into .build-tools/python; it is missing")
            return
        }
        let folder = try temporaryFolder(["spec.json": Self.spec])
        #expect(try bench(folder, "b.json").status == 0)
        // A current bench with a run's hits changed by hand: one regression.
        let whole = try String(contentsOf: folder.appendingPathComponent("b.json"), encoding: .utf8)
        let file = try BenchResult.read(from: folder.appendingPathComponent("b.json").path)
        let hits = file.runs[0].hits
        let changed = whole.replacingOccurrences(of: #""hits" : \#(hits),"#, with: #""hits" : \#(hits + 1),"#)
        try changed.write(to: folder.appendingPathComponent("c.json"), atomically: true, encoding: .utf8)
        let compared = try CommandRunner.run(
            ["compare", "b.json", "c.json", "--junit", "j.xml", "--markdown", "m.md"], in: folder)
        #expect(compared.status == 1, "\(compared.stderr)")
        let check = """
            import sys
            from junitparser import JUnitXml, Failure
            xml = JUnitXml.fromfile(sys.argv[1])
            cases = [case for suite in xml for case in suite]
            failed = [case.name for case in cases if any(isinstance(r, Failure) for r in case.result)]
            print(len(cases), ",".join(failed))
            """
        try check.write(to: folder.appendingPathComponent("check.py"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["check.py", "j.xml"]
        process.currentDirectoryURL = folder
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let said = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(said)")
        #expect(said == "4 \(file.runs[0].label)\n", "\(said)")
        let markdown = try String(contentsOf: folder.appendingPathComponent("m.md"), encoding: .utf8)
        #expect(markdown.contains("❌ regression") && markdown.contains("1 of 4 runs regressed."))
    }
}

/// `valgrind` on PATH, as ``InstructionCounter`` finds it.
enum InstructionCounterLookup {
    static func path(_ program: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(program)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
