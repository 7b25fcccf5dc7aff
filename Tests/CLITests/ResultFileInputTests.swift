import Foundation
import Testing

/// Result files are untrusted input (shared, committed as baselines): one
/// whose figures no run can produce is refused by `cachesim report` and
/// `cachesim compare` with exit status 2 and one line naming the file and
/// the field — never a trap, and nothing written.
@Suite struct ResultFileInputTests {
    /// A real result of `cachesim run` (2,000 requests, lru(50) and fifo(50)),
    /// the seed of the `result` fuzz target.
    static let valid = CommandRunner.packageRoot.appendingPathComponent("Tests/FuzzCorpus/result/tiny-zipf.json")

    /// A change to the valid result and the message it must be refused with
    /// (after `cachesim: bad.json: `).
    static let cases: [(name: String, change: @Sendable (inout [String: Any]) -> Void, message: String)] = [
        (
            "hit ratio 1e308", { $0[run: 0]["hitRatio"] = 1e308 },
            "runs[0].hitRatio: must be between 0 and 1, got 1e+308"
        ),
        ("negative hits", { $0[run: 0]["hits"] = -5 }, "runs[0].hits: must be between 0 and requests (2000), got -5"),
        (
            "more hits than requests", { $0[run: 1]["hits"] = 2_001 },
            "runs[1].hits: must be between 0 and requests (2000), got 2001"
        ),
        (
            "hits beyond Int", { $0[run: 0]["hits"] = 1e308 },
            "runs[0].hits: expected an integer between -2^63 and 2^63-1, got 1e+308"
        ),
        (
            "huge throughput", { $0[summary: 1]["requestsPerSecond"] = 9.99e307 },
            "summaries[1].requestsPerSecond: must be a finite number between 0 and 1e15, got 9.99e+307"
        ),
        (
            "negative capacity", { $0[run: 0]["capacity"] = ["unit": "entries", "value": -1] },
            "runs[0].capacity.value: must be at least 1, got -1"
        ),
        (
            "memory series going back",
            {
                var memory = $0[run: 0]["memory"] as! [String: Any]
                var series = memory["series"] as! [[String: Any]]
                series[3]["request"] = 1
                memory["series"] = series
                $0[run: 0]["memory"] = memory
            }, "runs[0].memory.series[3].request: must not be less than the previous sample's ("
        ),
    ]

    /// The valid result with `change` applied, as JSON text.
    static func changed(_ change: (inout [String: Any]) -> Void) throws -> String {
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: valid)) as! [String: Any]
        change(&object)
        return String(
            decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func theValidResultIsReportedAndComparedWithItself() throws {
        let folder = try temporaryFolder(["good.json": try Self.changed { _ in }])
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = try CommandRunner.run(["report", "good.json", "--out", "out", "--quiet"], in: folder)
        #expect(report.status == 0, "\(report.stderr)")
        let compare = try CommandRunner.run(["compare", "good.json", "good.json"], in: folder)
        #expect(compare.status == 0, "\(compare.stderr)")
    }

    /// One more hit in one run is a regression: `compare` says so and exits
    /// 1, which is what a CI gate reads (2 is for bad input).
    @Test func aChangedHitCountMakesCompareExitOne() throws {
        let folder = try temporaryFolder([
            "good.json": try Self.changed { _ in },
            "more.json": try Self.changed {
                let hits = $0[run: 0]["hits"] as! Int
                let requests = $0[run: 0]["requests"] as! Int
                $0[run: 0]["hits"] = hits + 1
                $0[run: 0]["misses"] = requests - hits - 1
                $0[run: 0]["hitRatio"] = Double(hits + 1) / Double(requests)
            },
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let compare = try CommandRunner.run(["compare", "good.json", "more.json"], in: folder)
        #expect(compare.status == 1, "status \(compare.status): \(compare.stdout)\(compare.stderr)")
        #expect(compare.stdout.contains("REGRESSION"))
    }

    @Test(arguments: cases.indices)
    func reportAndCompareRefuseTheFileNamingTheField(index: Int) throws {
        let example = Self.cases[index]
        let folder = try temporaryFolder([
            "good.json": try Self.changed { _ in }, "bad.json": try Self.changed(example.change),
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = "cachesim: bad.json: " + example.message
        for arguments in [
            ["report", "bad.json", "--out", "out"], ["report", "good.json", "bad.json", "--out", "out"],
            ["compare", "good.json", "bad.json"], ["compare", "bad.json", "good.json"],
        ] {
            let result = try CommandRunner.run(arguments, in: folder)
            let command = "\(example.name): cachesim \(arguments.joined(separator: " "))"
            #expect(result.status == 2, "\(command): status \(result.status), \(result.stderr)")
            #expect(result.stderr.hasPrefix(expected), "\(command): \(result.stderr)")
            #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(command): one line, got \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(command): \(result.stdout)")
            let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            #expect(left == ["bad.json", "good.json"], "\(command): nothing may be written, found \(left)")
        }
    }
}

extension Dictionary where Key == String, Value == Any {
    /// `runs[index]` of a result's JSON object, read and written in place.
    fileprivate subscript(run index: Int) -> [String: Any] {
        get { (self["runs"] as! [[String: Any]])[index] }
        set {
            var runs = self["runs"] as! [[String: Any]]
            runs[index] = newValue
            self["runs"] = runs
        }
    }

    /// `summaries[index]`, likewise.
    fileprivate subscript(summary index: Int) -> [String: Any] {
        get { (self["summaries"] as! [[String: Any]])[index] }
        set {
            var summaries = self["summaries"] as! [[String: Any]]
            summaries[index] = newValue
            self["summaries"] = summaries
        }
    }
}
