import Foundation
import Testing

/// `cachesim forecast` on files as a live service's monitoring gives them:
/// a CSV with ISO 8601 times, a Prometheus range-query answer; and on
/// files that are not series, which it refuses naming the file and the
/// line or field, exit status 2.
@Suite struct ForecastCommandTests {
    /// A 2 KiB/s leak from 300 MB, a point a minute for a day, with a
    /// deterministic wobble of ± 1 MB.
    static func leak(_ i: Int) -> Int { 300_000_000 + 2048 * 60 * i + (i % 7 - 3) * 300_000 }

    static let start = 1_714_564_800  // 2024-05-01T12:00:00Z

    static func iso(_ seconds: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// Runs `cachesim forecast` on `name` holding `contents`.
    static func forecast(_ name: String, _ contents: String, _ arguments: [String] = []) throws -> CommandRunner.Result
    {
        let folder = try temporaryFolder([name: contents])
        return try CommandRunner.run(["forecast", name] + arguments, in: folder)
    }

    static func json(_ result: CommandRunner.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func csvWithISOTimesIsALinearLeakAtItsSlope() throws {
        var csv = "time,bytes\n"
        for i in 0..<1440 { csv += "\(Self.iso(Self.start + 60 * i)),\(Self.leak(i))\n" }
        let result = try Self.forecast("rss.csv", csv, ["--budget", "4G", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try Self.json(result)
        #expect(json["verdict"] as? String == "grows")
        #expect(json["model"] as? String == "linear")
        let slope = try #require(json["slopeBytesPerSecond"] as? Double)
        #expect(abs(slope - 2048) / 2048 < 0.05)
        let interval = try #require(json["slopeInterval"] as? [Double])
        #expect(interval.count == 2 && interval[0] < slope && slope < interval[1])
        #expect(json["restarts"] as? Int == 0)
        #expect(json["startSeconds"] as? Double == Double(Self.start))
        // (4 GiB − the last level) / 2 KiB/s.
        let expected = (Double(4 << 30) - Double(Self.leak(1439))) / 2048
        let time = try #require(json["timeToBudgetSeconds"] as? Double)
        #expect(abs(time - expected) / expected < 0.05, "\(time) vs \(expected)")
    }

    /// A byte count on the command line reads as a spec's does (``ByteSize``):
    /// every spelling of 4 GiB gives the same forecast; a decimal unit, a
    /// fraction of a byte or zero is refused, exit status 2.
    @Test func budgetSpellingsOfOneSizeGiveOneForecast() throws {
        var csv = "time,bytes\n"
        for i in 0..<600 { csv += "\(Self.iso(Self.start + 60 * i)),\(Self.leak(i))\n" }
        var times: [Double] = []
        for budget in ["4G", "4GiB", "4 gib", "4096M", "4194304K", "4294967296", "0.00390625T"] {
            let result = try Self.forecast("rss.csv", csv, ["--budget", budget, "--format", "json"])
            #expect(result.status == 0, "\(budget): \(result.stderr)")
            times.append(try #require(try Self.json(result)["timeToBudgetSeconds"] as? Double, "\(budget)"))
        }
        #expect(Set(times).count == 1, "\(times)")
        for budget in ["4GB", "64MB", "0.5B", "0", "lots"] {
            let result = try Self.forecast("rss.csv", csv, ["--budget", budget])
            #expect(result.status == 2 && result.stderr.contains("--budget"), "\(budget): \(result.stderr)")
        }
    }

    @Test func prometheusAnswerWithTwoRestarts() throws {
        // process_resident_memory_bytes every 15 s for 6 h, restarted every 2 h.
        var values: [String] = []
        for i in 0..<1440 {
            let sinceRestart = Double(i % 480) * 15
            values.append("[\(Self.start + 15 * i).5,\"\(Int(150e6 + 5000 * sinceRestart) + (i % 5) * 100_000)\"]")
        }
        let answer = """
            {"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"process_resident_memory_bytes","instance":"api-1:9100","job":"api"},"values":[\(values.joined(separator: ","))]}]}}
            """
        let result = try Self.forecast("rss.json", answer, ["--budget", "1G", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try Self.json(result)
        #expect(json["format"] as? String == "prometheus")
        #expect(json["series"] as? String == #"process_resident_memory_bytes{instance="api-1:9100",job="api"}"#)
        #expect(json["restarts"] as? Int == 2)
        #expect(json["verdict"] as? String == "grows")
        let slope = try #require(json["slopeBytesPerSecond"] as? Double)
        #expect(abs(slope - 5000) / 5000 < 0.05)
        let segments = try #require(json["segments"] as? [[String: Any]])
        #expect(segments.count == 3)
        #expect(json["timeToBudgetSeconds"] as? Double != nil)

        // The table says the same in words.
        let table = try Self.forecast("rss.json", answer, ["--budget", "1G"])
        #expect(table.stdout.contains("2 restarts found: the clock reset each time"))
        #expect(table.stdout.contains("grows ~4.88 KiB/s"))
    }

    @Test func seriesPicksOneOfSeveralAndIsRequiredWhenThereAreSeveral() throws {
        // Two instances a point every 15 s for 2.5 h: a flat one, and one
        // leaking 3000 B/s.
        func series(_ instance: String, _ bytes: (Int) -> Int) -> String {
            let values = (0..<600).map { "[\(Self.start + 15 * $0),\"\(bytes($0))\"]" }
            return
                #"{"metric":{"__name__":"rss","instance":"\#(instance)"},"values":[\#(values.joined(separator: ","))]}"#
        }
        let flat = series("a") { 200_000_000 + ($0 % 5) * 100_000 }
        let leaking = series("b") { 150_000_000 + 3000 * 15 * $0 + ($0 % 5) * 100_000 }
        let answer = #"{"status":"success","data":{"resultType":"matrix","result":[\#(flat),\#(leaking)]}}"#

        let second = try Self.forecast("rss.json", answer, ["--series", "1", "--format", "json"])
        #expect(second.status == 0, "\(second.stderr)")
        let leak = try Self.json(second)
        #expect(leak["series"] as? String == #"rss{instance="b"}"#)
        #expect(leak["verdict"] as? String == "grows")
        let slope = try #require(leak["slopeBytesPerSecond"] as? Double)
        #expect(abs(slope - 3000) / 3000 < 0.05, "\(slope)")

        let first = try Self.json(try Self.forecast("rss.json", answer, ["--series", "0", "--format", "json"]))
        #expect(first["series"] as? String == #"rss{instance="a"}"#)
        #expect(first["verdict"] as? String == "plateau")

        let unpicked = try Self.forecast("rss.json", answer)
        #expect(unpicked.status == 2 && unpicked.stdout.isEmpty)
        #expect(unpicked.stderr.contains("rss.json: data.result: holds 2 series"), "\(unpicked.stderr)")
        #expect(unpicked.stderr.contains("pick one with --series N"))
        let beyond = try Self.forecast("rss.json", answer, ["--series", "2"])
        #expect(beyond.status == 2 && beyond.stderr.contains("--series 2: the answer holds 2 series (0…1)"))
    }

    @Test func htmlPageHoldsTheSeriesTheFitAndTheBand() throws {
        var csv = "time,bytes\n"
        for i in 0..<200 { csv += "\(Self.start + 60 * i),\(Self.leak(i))\n" }
        let folder = try temporaryFolder(["rss.csv": csv])
        let result = try CommandRunner.run(
            ["forecast", "rss.csv", "--budget", "1G", "--html", "page.html"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let page = try String(contentsOf: folder.appendingPathComponent("page.html"), encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("class=\"band\""), "the prediction band")
        #expect(page.contains("class=\"reference budget\""), "the budget line")
        #expect(page.contains(">measured</text>"))
        #expect(!page.contains("<script"))
    }

    static let malformed: [(name: String, file: String, contents: String, message: String)] = [
        (
            "unsorted times", "m.csv", "time,bytes\n100,5\n200,6\n150,7\n300,8\n",
            "cachesim: m.csv: line 4: time 150 is not after the previous point's"
        ),
        (
            "a value that is not a number", "m.csv", "time,bytes\n100,5\n200,lots\n300,7\n400,8\n",
            #"cachesim: m.csv: line 3: bytes "lots" is not a finite number ≥ 0"#
        ),
        ("NaN", "m.csv", "time,bytes\n100,5\n200,NaN\n300,7\n400,8\n", #"cachesim: m.csv: line 3: bytes "NaN""#),
        (
            "one point", "m.csv", "time,bytes\n2024-05-01T12:00:00Z,5\n",
            "cachesim: m.csv: holds 1 point; a forecast needs at least 4"
        ),
        (
            "a time that is not one", "m.csv", "time,bytes\n100,5\nyesterday,6\n",
            #"cachesim: m.csv: line 3: time "yesterday" is neither unix seconds nor an ISO 8601 date"#
        ),
        ("three fields", "m.csv", "time,bytes\n100,5,6\n", "cachesim: m.csv: line 2: expected 2 fields"),
        (
            "Prometheus NaN",
            "m.json",
            #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"5"],[2,"NaN"],[3,"7"],[4,"8"]]}]}}"#,
            #"cachesim: m.json: data.result[0].values[1][1]: expected a finite number ≥ 0 of bytes, got "NaN""#
        ),
        (
            "Prometheus unsorted",
            "m.json",
            #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"5"],[3,"6"],[2,"7"],[4,"8"]]}]}}"#,
            "cachesim: m.json: data.result[0].values[2][0]: time 2 is not after the previous point's"
        ),
        (
            "Prometheus instant query", "m.json",
            #"{"status":"success","data":{"resultType":"vector","result":[]}}"#,
            #"cachesim: m.json: data.resultType: expected "matrix""#
        ),
        (
            "Prometheus error", "m.json", #"{"status":"error","error":"bad_data: parse error"}"#,
            #"cachesim: m.json: status: expected "success", got "error" (error: bad_data: parse error)"#
        ),
        (
            "Prometheus with two series", "m.json",
            #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"a"},"values":[]},{"metric":{"job":"b"},"values":[]}]}}"#,
            #"cachesim: m.json: data.result: holds 2 series ([0] {job="a"}, [1] {job="b"}); pick one with --series N"#
        ),
        ("broken JSON", "m.json", #"{"status":"success","data":"#, "cachesim: m.json: line 1: not valid JSON"),
        ("missing file", "absent.csv", "", "cachesim: gone.csv: no such file"),
    ]

    @Test(arguments: malformed.indices)
    func malformedFilesExitWith2NamingTheFileAndWhere(index: Int) throws {
        let example = Self.malformed[index]
        let folder = try temporaryFolder([example.file: example.contents])
        let target = example.name == "missing file" ? "gone.csv" : example.file
        let result = try CommandRunner.run(["forecast", target], in: folder)
        #expect(result.status == 2, "\(example.name): status \(result.status)")
        #expect(result.stderr.hasPrefix(example.message), "\(example.name): \(result.stderr)")
        #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(example.name): one line, got \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
