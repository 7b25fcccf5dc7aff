import Foundation
import Testing
import Workload

/// The spec fields of the forecast (`memoryBudget`, `warmup`) and the
/// memory series `cachesim forecast` reads.
@Suite struct ForecastInputTests {
    static let base = #""requests": 1000, "keys": { "source": "uniform", "universe": 10 }"#

    func refusal(_ json: String) -> String? {
        do {
            _ = try spec(json)
            return nil
        } catch let error as WorkloadError {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    @Test func memoryBudgetIsBytesOrASize() throws {
        #expect(try spec("{ \(Self.base), \"memoryBudget\": \"4G\" }").memoryBudget == 4 << 30)
        #expect(try spec("{ \(Self.base), \"memoryBudget\": \"512MiB\" }").memoryBudget == 512 << 20)
        #expect(try spec("{ \(Self.base), \"memoryBudget\": 1048576 }").memoryBudget == 1 << 20)
        #expect(try spec("{ \(Self.base) }").memoryBudget == nil)
        #expect(
            refusal("{ \(Self.base), \"memoryBudget\": \"lots\" }")
                == #"/tmp/test-spec.json: memoryBudget: expected a byte count such as 67108864, "64MiB" or "4G", got "lots": "lots" is not a number followed by B, KiB, MiB, GiB or TiB (or K, M, G, T)"#
        )
        #expect(
            refusal("{ \(Self.base), \"memoryBudget\": 0 }")?.contains("memoryBudget: must be a number of bytes ≥ 1")
                == true)
        #expect(ByteSize.parse("4G") == .success(4 << 30) && ByteSize.parse("1.5G") == .success(3 << 29))
        #expect(ByteSize.parse("64MB") != .success(64 << 20))
    }

    @Test func warmupIsRequestsOrSeconds() throws {
        #expect(try spec("{ \(Self.base), \"warmup\": {\"requests\": 100} }").warmup == .requests(100))
        let timed = #", "arrivals": { "process": "fixed", "ratePerSecond": 10 }"#
        #expect(try spec("{ \(Self.base)\(timed), \"warmup\": {\"seconds\": 2.5} }").warmup == .seconds(2.5))
        #expect(
            refusal("{ \(Self.base), \"warmup\": {\"seconds\": 2} }")?.hasPrefix(
                "/tmp/test-spec.json: warmup.seconds: needs request times, and this workload has none") == true)
        #expect(
            refusal("{ \(Self.base), \"warmup\": {\"requests\": 1000} }")
                == "/tmp/test-spec.json: warmup.requests: must be an integer between 1 and requests − 1 (999), got 1000"
        )
        #expect(
            refusal("{ \(Self.base), \"warmup\": {\"requests\": 1, \"seconds\": 1} }")
                == "/tmp/test-spec.json: warmup: give either requests or seconds, not both")
        #expect(
            refusal("{ \(Self.base), \"warmup\": {} }")
                == #"/tmp/test-spec.json: warmup: expected {"requests": N} or {"seconds": S}"#)
        #expect(
            refusal("{ \(Self.base), \"warmup\": {\"minutes\": 1} }")?.contains("warmup.minutes: unknown field") == true
        )
    }

    func read(_ text: String, series: Int? = nil) throws(WorkloadError) -> ServiceMemorySeries {
        try ServiceMemorySeries.parse(Data(text.utf8), path: "s", series: series)
    }

    @Test func csvTakesUnixSecondsAndISODates() throws {
        let series = try read(
            """
            time,rss_bytes
            1714564800,100
            1714564860.5,200\r
            2024-05-01T12:02:00Z,300

            2024-05-01T14:03:00.25+02:00,400
            2024-05-01 12:04:00,5e2
            """)
        #expect(series.format == .csv && series.name == "rss_bytes")
        #expect(series.times == [1_714_564_800, 1_714_564_860.5, 1_714_564_920, 1_714_564_980.25, 1_714_565_040])
        #expect(series.bytes == [100, 200, 300, 400, 500])
        // No header row: the first line is a point.
        #expect(try read("1,1\n2,2\n3,3\n4,4\n").times == [1, 2, 3, 4])
    }

    @Test func prometheusAnswerPicksItsSeries() throws {
        let answer = """
            {"status": "success", "data": {"resultType": "matrix", "result": [
              {"metric": {"__name__": "go_memstats_heap_inuse_bytes", "job": "a"}, "values": [[1, "10"], [2, "20"], [3, "30"], [4, "40"]]},
              {"metric": {"job": "b"}, "values": [[1, "1"], [2, "2"], [3, "3"], [4, "4.5e1"]]}]},
             "warnings": ["ignored"]}
            """
        let second = try read(answer, series: 1)
        #expect(second.format == .prometheus && second.name == #"{job="b"}"#)
        #expect(second.bytes == [1, 2, 3, 45])
        #expect(try read(answer, series: 0).name == #"go_memstats_heap_inuse_bytes{job="a"}"#)
        #expect(throws: WorkloadError.self) { try read(answer) }
        #expect(throws: WorkloadError.self) { try read(answer, series: 2) }
        #expect(throws: WorkloadError.self) { try read("1,1\n2,2\n3,3\n4,4\n", series: 0) }
    }

    @Test func everyRefusalNamesTheFileAndWhere() {
        let cases: [(String, String)] = [
            ("time,bytes\n1,1\n1,2\n3,3\n4,4\n", "s: line 3: time 1 is not after"),
            ("time,bytes\n1,1\n2,-5\n3,3\n4,4\n", #"s: line 3: bytes "-5" is not a finite number ≥ 0"#),
            ("time,bytes\n1,1\n2,inf\n3,3\n4,4\n", #"s: line 3: bytes "inf""#),
            ("time,bytes\n1,1\nnan,2\n", #"s: line 3: time "nan""#),
            ("time,bytes\n", "s: holds 0 points"),
            ("ÿþ", "s: line 1: expected 2 fields, time and bytes, got 1"),
            (
                #"{"status": "success", "data": {"resultType": "matrix", "result": [{"values": [[1, 5]]}]}}"#,
                "s: data.result[0].values[0][1]: expected a string"
            ),
            (
                #"{"status": "success", "data": {"resultType": "matrix", "result": [{"values": [[1]]}]}}"#,
                "s: data.result[0].values[0]: expected [unix seconds, \"value\"]"
            ),
            (
                #"{"status": "success", "data": {"resultType": "matrix", "result": []}}"#,
                "s: data.result: holds no series"
            ),
        ]
        #expect(throws: WorkloadError.self) { try ServiceMemorySeries.parse(Data([0xFF, 0xFE, 0x31]), path: "s") }
        for (text, message) in cases {
            do throws(WorkloadError) {
                _ = try read(text)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.description.hasPrefix(message), "\(error.description)")
            }
        }
    }
}
