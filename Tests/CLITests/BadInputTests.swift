import Foundation
import Testing

/// Every class of bad input ends with exit code 2 and one line on stderr that
/// names the file and where in it.
@Suite struct BadInputTests {
    static let cases: [(name: String, files: [String: String], arguments: [String], message: String)] = [
        (
            "unknown field", ["s.json": #"{ "requests": 5, "keys": { "source": "loop", "keys": 3, "size": 4 } }"#],
            ["describe", "s.json"], "cachesim: s.json: keys.size: unknown field"
        ),
        (
            "wrong type",
            ["s.json": #"{ "requests": 5, "keys": { "source": "zipf", "alpha": "high", "universe": 10 } }"#],
            ["gen", "s.json", "--out", "o.txt"], "cachesim: s.json: keys.alpha: expected a number, got a string"
        ),
        (
            "out of range",
            ["s.json": #"{ "requests": 5, "keys": { "source": "zipf", "alpha": -1, "universe": 10 } }"#],
            ["gen", "s.json", "--out", "o.txt"], "cachesim: s.json: keys.alpha: must be between 0 and 20, got -1"
        ),
        (
            "not an integer", ["s.json": #"{ "requests": 5.5, "keys": { "source": "loop", "keys": 3 } }"#],
            ["describe", "s.json"], "cachesim: s.json: requests: expected an integer, got 5.5"
        ),
        (
            "broken JSON", ["s.json": #"{ "requests": 5, "#], ["describe", "s.json"],
            "cachesim: s.json: line 1: not valid JSON"
        ),
        (
            "duplicate key",
            ["s.json": #"{ "requests": 100, "requests": 5, "keys": { "source": "loop", "keys": 3 } }"#],
            ["run", "s.json"], #"cachesim: s.json: requests: duplicate key "requests" (twice on line 1)"#
        ),
        (
            "duplicate nested key",
            [
                "s.json":
                    "{ \"requests\": 5, \"keys\": { \"source\": \"loop\", \"keys\": 3 },\n\"caches\": [ { \"policy\": \"lru\",\n\"policy\": \"fifo\", \"capacity\": 2 } ] }"
            ],
            ["run", "s.json"], #"cachesim: s.json: caches[0].policy: duplicate key "policy" (on lines 2 and 3)"#
        ),
        ("missing spec", [:], ["gen", "nothing.json", "--out", "o.txt"], "cachesim: nothing.json: no such file"),
        (
            "missing trace", ["s.json": #"{ "keys": { "source": "trace", "path": "gone.txt" } }"#],
            ["describe", "s.json"], "cachesim: "
        ),
        (
            "bad trace line", ["t.csv": "time,key,size\n0,1,10\n5,2,ten\n"],
            ["describe", "t.csv"], #"cachesim: t.csv: line 3: size "ten" is not an integer between 1 and 4294967295"#
        ),
        (
            "empty trace line", ["t.txt": "1\n\n3\n"], ["describe", "t.txt"],
            "cachesim: t.txt: line 2: empty line, expected a key"
        ),
        (
            "unwritable output", ["s.json": #"{ "requests": 5, "keys": { "source": "loop", "keys": 3 } }"#],
            ["gen", "s.json", "--out", "no/such/folder/o.txt"], "cachesim: no/such/folder/o.txt: cannot be written"
        ),
        (
            "negative TTL", ["twitter-ttl.csv": "1,a,1,9,1,get,0\n2,a,1,9,1,set,-30\n"],
            ["describe", "twitter-ttl.csv"],
            #"cachesim: twitter-ttl.csv: line 2: TTL "-30" is not an integer between 0 and 4294967295"#
        ),
        (
            "TTL not a number",
            [
                "t.csv": "1,a,1,9,1,get,0\n2,a,1,9,1,get,1h\n",
                "s.json":
                    #"{ "keys": { "source": "trace", "path": "t.csv", "format": "twitter" }, "caches": [ { "policy": "lru", "capacity": 4, "expiry": "stream" } ] }"#,
            ],
            ["run", "s.json", "--out", "r"], #"cachesim: "#
        ),
        (
            "impossible lifetime",
            [
                "s.json":
                    #"{ "requests": 5, "keys": { "source": "loop", "keys": 3 }, "lifetimes": { "distribution": "lognormal", "medianSeconds": 0, "sigma": 1 } }"#
            ],
            ["run", "s.json"],
            "cachesim: s.json: lifetimes.medianSeconds: must be a number of seconds from 1e-9 to 315360000 (ten years), got 0"
        ),
        (
            "expiry without lifetimes",
            [
                "s.json":
                    #"{ "requests": 5, "keys": { "source": "loop", "keys": 3 }, "arrivals": { "process": "fixed", "ratePerSecond": 10 }, "caches": [ { "policy": "lru", "capacity": 2, "expiry": "stream" } ] }"#
            ],
            ["run", "s.json"],
            #"cachesim: s.json: caches[0].expiry: "stream" honours the stream's lifetimes, but the workload has none"#
        ),
        (
            "expiry without times",
            [
                "s.json":
                    #"{ "requests": 5, "keys": { "source": "loop", "keys": 3 }, "lifetimes": { "distribution": "fixed", "seconds": 1 }, "caches": [ { "policy": "lru", "capacity": 2, "expiry": "stream" } ] }"#
            ],
            ["run", "s.json"], "cachesim: s.json: caches[0].expiry: lifetimes run on the requests' times"
        ),
        (
            "expiry on Redis's own clock",
            [
                "s.json":
                    #"{ "requests": 5, "keys": { "source": "loop", "keys": 3 }, "arrivals": { "process": "fixed", "ratePerSecond": 10 }, "lifetimes": { "distribution": "fixed", "seconds": 1 }, "caches": [ { "policy": "redis", "expiry": "stream" } ] }"#
            ],
            ["run", "s.json"],
            #"cachesim: s.json: caches[0].clock: Redis honours the stream's lifetimes only on request time: add "clock": "virtual""#
        ),
        (
            "expiry on memcached",
            [
                "s.json":
                    #"{ "requests": 5, "keys": { "source": "loop", "keys": 3 }, "arrivals": { "process": "fixed", "ratePerSecond": 10 }, "lifetimes": { "distribution": "fixed", "seconds": 1 }, "caches": [ { "policy": "memcached", "capacityBytes": "4MiB", "expiry": "stream" } ] }"#
            ],
            ["run", "s.json"], "cachesim: s.json: caches[0].expiry: memcached cannot honour the stream's lifetimes here"
        ),
        (
            "expiry in a tier",
            [
                "s.json":
                    #"{ "requests": 5, "keys": { "source": "loop", "keys": 3 }, "arrivals": { "process": "fixed", "ratePerSecond": 10 }, "lifetimes": { "distribution": "fixed", "seconds": 1 }, "tier": { "nodes": 2 }, "caches": [ { "policy": "lru", "capacity": 4, "expiry": "stream" } ] }"#
            ],
            ["run", "s.json"],
            "cachesim: s.json: caches[0].expiry: a tier's nodes do not honour the stream's lifetimes yet"
        ),
        (
            "expiry word",
            [
                "s.json":
                    #"{ "requests": 5, "keys": { "source": "loop", "keys": 3 }, "caches": [ { "policy": "lru", "capacity": 2, "expiry": "lazy" } ] }"#
            ],
            ["run", "s.json"], "cachesim: s.json: caches[0].expiry: must be one of: none, stream, got lazy"
        ),
    ]

    @Test(arguments: cases.indices)
    func exitsWithCode2AndOneLine(index: Int) throws {
        let example = Self.cases[index]
        let folder = try temporaryFolder(example.files)
        let result = try CommandRunner.run(example.arguments, in: folder)
        #expect(result.status == 2, "\(example.name): status \(result.status)")
        #expect(result.stderr.hasPrefix(example.message), "\(example.name): \(result.stderr)")
        #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(example.name): one line, got \(result.stderr)")
        if example.name == "TTL not a number" {
            #expect(result.stderr.contains(#"/t.csv: line 2: TTL "1h" is not an integer"#), "\(result.stderr)")
            let written = folder.appendingPathComponent("r/result.json").path
            #expect(!FileManager.default.fileExists(atPath: written), "no half-written result")
        }
        if example.name == "missing trace" {
            #expect(result.stderr.contains("/gone.txt: trace file not found"), "names the resolved trace path")
        }
    }
}
