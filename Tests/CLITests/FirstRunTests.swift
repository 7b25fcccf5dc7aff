import Foundation
import Harness
import Testing

/// What a new user meets in the first ten minutes (issue 18): the
/// documented `workloads/…` spelling, an empty `--out` folder, an empty
/// trace, a run too short to judge, SHARDS below its resolution, `compare`
/// with a throughput tolerance, and help text at 80 columns.
@Suite struct FirstRunTests {
    static let spec =
        #"{ "requests": 2000, "keys": { "source": "loop", "keys": 50 }, "caches": [ { "policy": "lru", "capacity": 10 }, { "policy": "fifo", "capacity": 10 } ] }"#

    /// A temporary folder laid out like the repository: `Workloads/tiny.json`.
    func repositoryLikeFolder() throws -> URL {
        let folder = try temporaryFolder([:])
        let workloads = folder.appendingPathComponent("Workloads")
        try FileManager.default.createDirectory(at: workloads, withIntermediateDirectories: false)
        try Data(Self.spec.utf8).write(to: workloads.appendingPathComponent("tiny.json"))
        return folder
    }

    // MARK: - Finding the spec

    @Test func lowerCaseWorkloadsPathRunsWithANote() throws {
        let folder = try repositoryLikeFolder()
        let result = try CommandRunner.run(["run", "workloads/tiny.json", "--jobs", "1", "--out", "r"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr
                == "cachesim: note: workloads/tiny.json: no such file; reading Workloads/tiny.json, whose name differs only in case\n"
        )
        #expect(result.stdout.contains("lru(10)"))
        let written = try ExperimentResult.read(from: folder.appendingPathComponent("r/result.json").path)
        #expect(written.workload.specPath == "Workloads/tiny.json")
    }

    @Test func theDocumentedSpellingWorksFromTheRepositoryRoot() throws {
        let result = try CommandRunner.run(["describe", "workloads/loop.json"], in: CommandRunner.packageRoot)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("reading Workloads/loop.json"))
        #expect(result.stdout.contains("loop (Workloads/loop.json"))
    }

    @Test func aMissingSpecNamesTheClosestExistingOnes() throws {
        let folder = try repositoryLikeFolder()
        for (typed, suggestion) in [
            ("Workloads/tiny2.json", "Workloads/tiny.json"), ("tiny.json", "Workloads/tiny.json"),
        ] {
            let result = try CommandRunner.run(["describe", typed], in: folder)
            #expect(result.status == 2)
            #expect(result.stderr == "cachesim: \(typed): no such file; did you mean \(suggestion)?\n")
        }
        let unlike = try CommandRunner.run(["run", "Workloads/something-else-entirely.json"], in: folder)
        #expect(unlike.status == 2)
        #expect(unlike.stderr == "cachesim: Workloads/something-else-entirely.json: no such file\n")
        // Two names that match ignoring case: neither is guessed, both are offered.
        try Data(Self.spec.utf8).write(to: folder.appendingPathComponent("Workloads/Tiny.json"))
        let ambiguous = try CommandRunner.run(["describe", "workloads/TINY.json"], in: folder)
        #expect(ambiguous.status == 2)
        #expect(
            ambiguous.stderr
                == "cachesim: workloads/TINY.json: no such file; did you mean Workloads/Tiny.json or Workloads/tiny.json?\n"
        )
    }

    // MARK: - --out

    @Test func runWritesIntoAnExistingEmptyDirectoryAndRefusesOthers() throws {
        let folder = try temporaryFolder(["s.json": Self.spec, "file": "not a directory"])
        let manager = FileManager.default
        for name in ["empty", "full"] {
            try manager.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: false)
        }
        try Data("keep".utf8).write(to: folder.appendingPathComponent("full/keep.txt"))

        let empty = try CommandRunner.run(["run", "s.json", "--jobs", "1", "--quiet", "--out", "empty"], in: folder)
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(
            try manager.contentsOfDirectory(atPath: folder.appendingPathComponent("empty").path).sorted()
                == ["report.html", "report.md", "result.json", "series.csv"])

        for (out, reason) in [
            ("full", "is a directory that is not empty; choose a new or empty one for --out"),
            ("file", "is a file; --out must be a new or empty directory"),
        ] {
            let refused = try CommandRunner.run(["run", "s.json", "--out", out], in: folder)
            #expect(refused.status == 2)
            #expect(refused.stderr.hasPrefix("cachesim: /") && refused.stderr.hasSuffix("/\(out): \(reason)\n"))
        }
        #expect(try manager.contentsOfDirectory(atPath: folder.appendingPathComponent("full").path) == ["keep.txt"])
        // Nothing else was left: no staging directory, no Results/.
        #expect(try manager.contentsOfDirectory(atPath: folder.path).sorted() == ["empty", "file", "full", "s.json"])
    }

    @Test func reportWritesIntoAnExistingEmptyDirectoryAndRefusesAFile() throws {
        let folder = try temporaryFolder(["s.json": Self.spec, "file": "not a directory"])
        let run = try CommandRunner.run(["run", "s.json", "--jobs", "1", "--quiet", "--out", "r"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("reports"), withIntermediateDirectories: false)
        let report = try CommandRunner.run(["report", "r", "--out", "reports", "--quiet"], in: folder)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("reports").path).sorted()
                == ["report.html", "report.md", "runs.csv", "wins.csv"], "wins.csv: lru and fifo ranked at 10 entries")
        let refused = try CommandRunner.run(["report", "r", "--out", "file"], in: folder)
        #expect(refused.status == 2)
        #expect(refused.stderr.hasSuffix("/file: is a file; --out must be a directory\n"))
    }

    // MARK: - Empty and short traces

    @Test func anEmptyTraceIsBadInputNamingTheFile() throws {
        let folder = try temporaryFolder([
            "empty.txt": "", "header.csv": "time,key,size\n",
            "e.json":
                #"{ "keys": { "source": "trace", "path": "empty.txt" }, "caches": [ { "policy": "lru", "capacity": 10 } ] }"#,
        ])
        let message = "/empty.txt: the trace holds no requests; expected at least one\n"
        // In this process, and with worker processes: the same one line, before anything runs.
        for jobs in ["1", "2"] {
            let result = try CommandRunner.run(["run", "e.json", "--jobs", jobs, "--out", "r"], in: folder)
            #expect(result.status == 2)
            #expect(result.stderr.hasPrefix("cachesim: /") && result.stderr.hasSuffix(message), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("r").path))
        }
        for (arguments, expected) in [
            (["describe", "empty.txt"], "cachesim: empty.txt: the trace holds no requests; expected at least one\n"),
            (["mrc", "header.csv"], "cachesim: header.csv: the trace holds no requests; expected at least one\n"),
        ] {
            let result = try CommandRunner.run(arguments, in: folder)
            #expect(result.status == 2)
            #expect(result.stderr == expected)
        }
    }

    /// The verdict column of `run`'s table, CSV and report files for a
    /// trace of `requests` keys, with the memory series the result holds.
    func verdicts(requests: Int) throws -> (table: String, csv: String, markdown: String, html: String, samples: Int) {
        let keys = (0..<requests).map { String($0 % 7) }.joined(separator: "\n") + "\n"
        let folder = try temporaryFolder([
            "t.txt": keys,
            "t.json":
                #"{ "keys": { "source": "trace", "path": "t.txt", "format": "text" }, "caches": [ { "policy": "lru", "capacity": 10 } ] }"#,
        ])
        let table = try CommandRunner.run(["run", "t.json", "--jobs", "1", "--out", "r"], in: folder)
        #expect(table.status == 0, "\(table.stderr)")
        let row = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix("lru(10)") })
        let header = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix("policy") })
        let verdictColumn = header.distance(
            from: header.startIndex, to: try #require(header.range(of: "verdict")).lowerBound)
        let tableVerdict = String(row.dropFirst(verdictColumn).prefix { $0 != " " })

        let csv = try CommandRunner.run(["run", "t.json", "--jobs", "1", "--format", "csv", "--out", "c"], in: folder)
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let csvVerdict = String(lines[1][try #require(lines[0].firstIndex(of: "verdict"))])

        let markdown = try String(contentsOf: folder.appendingPathComponent("r/report.md"), encoding: .utf8)
        func cells(_ prefix: String) throws -> [String] {
            let line = try #require(markdown.split(separator: "\n").first { $0.hasPrefix(prefix) })
            return line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let markdownVerdict = try cells("| lru(10) |")[try #require(cells("| run |").firstIndex(of: "verdict"))]
        let html = try String(contentsOf: folder.appendingPathComponent("r/report.html"), encoding: .utf8)
        let result = try ExperimentResult.read(from: folder.appendingPathComponent("r/result.json").path)
        return (tableVerdict, csvVerdict, markdownVerdict, html, result.runs[0].memory.series.count)
    }

    @Test func tooFewSamplesShowNoVerdictInEveryTableAndFile() throws {
        let short = try verdicts(requests: 3)
        #expect(short.samples < MemoryVerdict.minimumSamples)
        #expect(short.table == "—")
        #expect(short.csv == "—")
        #expect(short.markdown == "—")
        #expect(short.html.contains(#"<td class="l">—</td>"#))
        #expect(short.html.contains("lru(10): —"), "the memory chart's line ends without a verdict")
        #expect(!short.html.contains("plateau"))

        // Long enough to judge: the same columns carry the verdict.
        let long = try verdicts(requests: 40_000)
        #expect(long.samples >= MemoryVerdict.minimumSamples)
        // Every view names a verdict, the table and report.md the same one
        // (one run). Which verdict is not pinned: ten entries of a 7-key
        // loop hold about a kilobyte, within the allocator's own noise on a
        // loaded machine (a CI run beside a mutation test saw another word).
        let words: Set<String> = ["plateau", "grows", "saturating"]
        #expect(words.contains(long.table) && words.contains(long.csv), "table \(long.table), csv \(long.csv)")
        #expect(long.markdown == long.table, "report.md \(long.markdown), table \(long.table)")
    }

    // MARK: - SHARDS

    @Test func shardsCapacitiesBelowTheResolutionAreNotFigures() throws {
        let folder = try temporaryFolder([
            "s.json": #"{ "requests": 200000, "keys": { "source": "zipf", "alpha": 0.9, "universe": 20000 } }"#
        ])
        let shards = ["mrc", "s.json", "--shards", "0.01", "--capacities", "1,50,200,5000"]
        // Below one sampled entry (capacity × 0.01 < 1): 1 and 50; 200 and 5000 resolve.
        let table = try CommandRunner.run(shards, in: folder)
        #expect(table.status == 0, "\(table.stderr)")
        let rows = table.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        let figures = Dictionary(
            uniqueKeysWithValues: rows.filter { $0.count == 2 && Int($0[0]) != nil }.map { ($0[0], $0[1]) })
        #expect(figures["1"] == "—" && figures["50"] == "—")
        #expect(Double(figures["200"] ?? "") != nil && Double(figures["5000"] ?? "") != nil)
        #expect(table.stdout.contains("— below the sampling's resolution: capacity × rate < 1 (rate 0.01)"))

        let csv = try CommandRunner.run(shards + ["--format", "csv"], in: folder)
        let csvRows = csv.stdout.split(separator: "\n").map(String.init)
        #expect(
            csvRows[0] == "kind,capacity,unit,policy,hit_ratio,method,sampling_rate,exact_hit_ratio,note,expected_error"
        )
        #expect(
            csvRows[1]
                == "point,1,entries,lru,,SHARDS at rate 0.01,0.01,,below the sampling's resolution: capacity × rate < 1,"
        )
        #expect(
            csvRows[3].hasPrefix("point,200,entries,lru,0.") && csvRows[3].contains(",SHARDS at rate 0.01,0.01,,,"))
        // A sampled figure carries its expected error in the last column.
        #expect(Double(csvRows[3].split(separator: ",").last ?? "") != nil, "\(csvRows[3])")

        let json = try CommandRunner.run(shards + ["--format", "json"], in: folder)
        let document = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let curves = try #require(document["curves"] as? [[String: Any]])
        let points = try #require(curves.first?["points"] as? [[String: Any]])
        #expect(points.map { $0["hitRatio"] == nil } == [true, true, false, false])

        // Exact, every capacity has a figure: the dashes come from the sampling.
        let exact = try CommandRunner.run(["mrc", "s.json", "--capacities", "1,50,200,5000"], in: folder)
        #expect(!exact.stdout.contains("—"))
    }

    // MARK: - compare

    @Test func compareWithAThroughputToleranceWorksOnResultsCachesimWrote() throws {
        let folder = try temporaryFolder(["s.json": Self.spec])
        for out in ["a", "b"] {
            let run = try CommandRunner.run(["run", "s.json", "--jobs", "1", "--quiet", "--out", out], in: folder)
            #expect(run.status == 0, "\(run.stderr)")
        }
        // A result against itself: the same figures, so every run is within any tolerance.
        let same = try CommandRunner.run(["compare", "a", "a", "--tolerance", "throughput=0"], in: folder)
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout.contains("throughput 0.0%"))
        #expect(same.stdout.contains("name that run's policy with --throughput-reference"))
        let sameRatio = try CommandRunner.run(
            ["compare", "a", "a", "--tolerance", "throughput=0", "--throughput-reference", "fifo"], in: folder)
        #expect(sameRatio.status == 0, "\(sameRatio.stdout)\(sameRatio.stderr)")
        #expect(sameRatio.stdout.contains("throughput ÷ fifo"))
        // Two runs: throughput is compared for every run (the status also
        // depends on memory per entry, which a 10-entry cache measures noisily).
        let two = try CommandRunner.run(["compare", "a", "b", "--tolerance", "throughput=1000%"], in: folder)
        #expect(two.status == 0 || two.status == 1, "\(two.stdout)\(two.stderr)")
        for label in ["lru(10)", "fifo(10)"] {
            let row = two.stdout.split(separator: "\n").first { $0.hasPrefix(label) }
            #expect(row?.contains(/req\/s → [0-9.]+[kMG]? req\/s/) == true, "\(two.stdout)")
        }
        let absent = try CommandRunner.run(
            ["compare", "a", "b", "--tolerance", "throughput=0.1", "--throughput-reference", "noop"], in: folder)
        #expect(absent.status == 2)
        #expect(absent.stderr.contains("no 'noop' run to measure throughput against"))
        // A spec with the no-op floor: throughput is a ratio to it by default.
        let withFloor = Self.spec.replacingOccurrences(
            of: "\"caches\": [", with: "\"caches\": [ { \"policy\": \"noop\" },")
        let floorFolder = try temporaryFolder(["s.json": withFloor])
        let floorRun = try CommandRunner.run(
            ["run", "s.json", "--jobs", "1", "--quiet", "--out", "c"], in: floorFolder)
        #expect(floorRun.status == 0, "\(floorRun.stderr)")
        let ratio = try CommandRunner.run(["compare", "c", "c", "--tolerance", "throughput=0"], in: floorFolder)
        #expect(ratio.status == 0, "\(ratio.stdout)\(ratio.stderr)")
        #expect(ratio.stdout.contains("throughput ÷ noop"), "\(ratio.stdout)")
        #expect(!ratio.stdout.contains("--throughput-reference"), "no advice needed when the floor is there")
    }

    // MARK: - Help

    @Test(arguments: ["", "run", "report", "compare", "policies", "gen", "convert", "describe", "mrc"])
    func helpFitsEightyColumnsAndLetsTheParserWrap(subcommand: String) throws {
        let arguments = (subcommand.isEmpty ? [] : [subcommand]) + ["--help"]
        let narrow = try CommandRunner.run(arguments, environment: ["COLUMNS": "80"])
        #expect(narrow.status == 0)
        for line in narrow.stdout.split(separator: "\n") {
            #expect(line.count <= 80, "\(subcommand) --help: \(line.count) columns: \(line)")
        }
        // On a wide terminal each paragraph of the discussion is one line:
        // a line break inside one was written into the text.
        let wide = try CommandRunner.run(arguments, environment: ["COLUMNS": "2000"])
        let lines = wide.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let usage = try #require(lines.firstIndex { $0.hasPrefix("USAGE:") })
        let discussion = lines[..<usage].drop { !$0.isEmpty }
        for (line, next) in zip(discussion, discussion.dropFirst()) where !line.isEmpty {
            #expect(next.isEmpty, "\(subcommand) --help: a hard line break after: \(line)")
        }
    }
}
