import Foundation
import Testing
import Workload

@Suite struct SpecReadingTests {
    @Test func readsTheExampleFromTheIssue() throws {
        let workload = try spec(
            """
            { "name": "zipf", "seed": 42, "requests": 10000000,
              "keys": { "source": "zipf", "alpha": 0.99, "universe": 1000000 },
              "arrivals": { "process": "poisson", "ratePerSecond": 10000 },
              "sizes": { "distribution": "fixed", "bytes": 100 },
              "caches": [ { "policy": "lru", "capacity": [1000, 10000, 100000] }, { "policy": "unbounded" },
                          { "policy": "ttl", "ttl": 30, "capacity": 5000, "capacityBytes": 1e6 } ],
              "repeat": 3,
              "missPenalty": { "distribution": "lognormal", "medianMs": 5, "sigma": 0.5 },
              "hitCost": { "distribution": "fixed", "us": 20 } }
            """)
        let expected = WorkloadSpec(
            name: "zipf", seed: 42, requests: 10_000_000, keys: .zipf(alpha: 0.99, universe: 1_000_000),
            arrivals: .poisson(ratePerSecond: 10_000), sizes: .fixed(bytes: 100),
            caches: [
                CacheSpec(
                    policy: "lru", capacities: [.entries(1000), .entries(10_000), .entries(100_000)],
                    jsonPath: "caches[0]"),
                CacheSpec(policy: "unbounded", jsonPath: "caches[1]"),
                CacheSpec(
                    policy: "ttl", capacities: [.entries(5000), .bytes(1_000_000)], options: ["ttl": 30],
                    jsonPath: "caches[2]"),
            ],
            repetitions: 3, missPenalty: .lognormal(medianNanoseconds: 5e6, sigma: 0.5),
            hitCost: .fixed(nanoseconds: 20_000),
            path: "/tmp/test-spec.json")
        var read = workload
        #expect(read.document != .null, "the spec as written rides along, parsed once")
        read.document = .null
        #expect(read == expected)
    }

    @Test func traceDefaultsAndRelativePaths() throws {
        let workload = try spec(
            #"{ "keys": { "source": "trace", "path": "data/t.csv", "keyColumn": 1, "timeColumn": 0, "header": true } }"#,
            path: "/specs/x.json")
        #expect(workload.name == "x")
        #expect(workload.requests == nil)
        #expect(
            workload.keys
                == .trace(
                    TraceSource(path: "/specs/data/t.csv", format: .csv, keyColumn: 1, timeColumn: 0, hasHeader: true)))
    }

    @Test func traceFormatsAndTheirFields() throws {
        let binary = try spec(
            #"{ "keys": { "source": "trace", "path": "c.bin", "format": "binary", "width": 4, "byteOrder": "big", "signed": false, "pageSize": 4096 } }"#,
            path: "/specs/x.json")
        #expect(
            binary.keys
                == .trace(
                    TraceSource(
                        path: "/specs/c.bin", format: .binary,
                        integers: IntegerLayout(width: 4, byteOrder: .bigEndian, signed: false), pageSize: 4096)))
        let given = try spec(
            #"{ "keys": { "source": "trace", "path": "/t/a.oracleGeneral", "format": "oracleGeneral" } }"#)
        guard case .trace(let source) = given.keys else { Issue.record("not a trace"); return }
        #expect(source.format == .oracleGeneral && !source.formatGuessed)
    }

    @Test(arguments: [
        ("a.txt", TraceSource.Format.text), ("a.csv", .csv), ("a.csv.gz", .csv),
        ("w.oracleGeneral.zst", .oracleGeneral),
        ("w.oracleGeneral.bin", .oracleGeneral), ("ps.lirs", .lirs), ("P1.lis.xz", .arc),
        ("cluster52.000.zst", .twitter),
        ("twitter-1.csv", .twitter),
    ])
    func formatIsGuessedFromTheName(name: String, format: TraceSource.Format) throws {
        #expect(TraceSource.guessFormat(path: "/data/\(name)") == format)
        let guessed = try spec(#"{ "keys": { "source": "trace", "path": "\#(name)" } }"#)
        guard case .trace(let source) = guessed.keys else { Issue.record("not a trace"); return }
        #expect(source.format == format && source.formatGuessed)
    }

    /// Bad specs and the message each must produce (after "/tmp/test-spec.json: ").
    static let badSpecs: [(String, String)] = [
        (
            #"{ "requests": 10, "keys": { "source": "zipf", "alpha": -1, "universe": 10 } }"#,
            "keys.alpha: must be between 0 and 20, got -1"
        ),
        (
            #"{ "requests": 10, "keys": { "source": "zipf", "alpha": 1, "universe": 10, "alfa": 2 } }"#,
            "keys.alfa: unknown field"
        ),
        (
            #"{ "requests": 10, "keys": { "source": "loop", "keys": 5 }, "cache": [] }"#,
            "cache: unknown field; expected one of: name, seed, requests, keys, arrivals, sizes, lifetimes, caches, repeat, missPenalty, hitCost"
        ),
        (
            #"{ "requests": "many", "keys": { "source": "loop", "keys": 5 } }"#,
            "requests: expected an integer, got a string"
        ),
        (#"{ "requests": 2.5, "keys": { "source": "loop", "keys": 5 } }"#, "requests: expected an integer, got 2.5"),
        (
            #"{ "requests": 1e30, "keys": { "source": "loop", "keys": 5 } }"#,
            "requests: must be between 1 and 1000000000000, got 1e30"
        ),
        (#"{ "keys": { "source": "loop", "keys": 5 } }"#, #"requests: is required unless keys.source is "trace""#),
        (
            #"{ "requests": 10, "keys": { "source": "zipfian" } }"#,
            #"keys.source: unknown source "zipfian"; expected one of: unique, zipf, uniform, hotset, loop, scan, mix, phases, trace"#
        ),
        (
            #"{ "keys": { "source": "trace", "path": "t", "format": "parquet" } }"#,
            #"keys.format: expected "text", "csv", "oracleGeneral", "lirs", "arc", "twitter" or "binary", got "parquet""#
        ),
        (
            #"{ "keys": { "source": "trace", "path": "t", "format": "binary", "width": 2 } }"#,
            "keys.width: must be 4 or 8, got 2"
        ),
        (
            #"{ "keys": { "source": "trace", "path": "t", "format": "lirs", "byteOrder": "big" } }"#,
            #"keys: width, byteOrder and signed need "format": "binary""#
        ),
        (
            #"{ "keys": { "source": "trace", "path": "t", "format": "binary", "byteOrder": "middle" } }"#,
            #"keys.byteOrder: expected "big" or "little", got "middle""#
        ),
        (
            #"{ "requests": 10, "keys": { "source": "scan", "length": 100, "universe": 10 } }"#,
            "keys.universe: must be an integer ≥ length (100), got 10"
        ),
        (
            #"{ "requests": 10, "keys": { "source": "unique", "repeats": 3 } }"#,
            "keys.window: is required when repeats > 1"
        ),
        (
            #"{ "requests": 10, "keys": { "source": "mix", "components": [ { "weight": 0, "source": "loop", "keys": 3 } ] } }"#,
            "keys.components[0].weight: must be > 0, got 0"
        ),
        (
            #"{ "requests": 10, "keys": { "source": "mix", "components": [ { "weight": 1, "source": "trace", "path": "x" } ] } }"#,
            "keys.components[0].source: a trace can only be the top-level source, not part of a mix or phases"
        ),
        (
            #"{ "requests": 10, "keys": { "source": "phases", "phases": [ { "requests": 5, "source": "loop" } ] } }"#,
            "keys.phases[0].keys: is required"
        ),
        (
            #"{ "requests": 10, "keys": { "source": "loop", "keys": 5 }, "arrivals": { "process": "bursty", "ratePerSecond": 5 } }"#,
            #"arrivals.process: expected "fixed" or "poisson", got "bursty""#
        ),
        (
            #"{ "requests": 10, "keys": { "source": "loop", "keys": 5 }, "sizes": { "distribution": "uniform", "min": 10, "max": 5 } }"#,
            "sizes.max: must be an integer between min (10) and 4294967295, got 5"
        ),
        (
            #"{ "requests": 10, "keys": { "source": "loop", "keys": 5 }, "caches": [ { "policy": "lru", "capacity": [10, -1] } ] }"#,
            "caches[0].capacity[1]: must be ≥ 1, got -1"
        ),
        (
            #"{ "requests": 10, "keys": { "source": "loop", "keys": 5 }, "caches": [ { "policy": "ttl", "ttl": true } ] }"#,
            "caches[0].ttl: policy options are numbers or words, got a boolean"
        ),
        (
            #"{ "requests": 10, "keys": { "source": "loop", "keys": 5 }, "caches": [ { "capacity": 5 } ] }"#,
            "caches[0].policy: is required"
        ),
        (
            #"{ "requests": 10, "keys": { "source": "loop", "keys": 5 }, "missPenalty": { "distribution": "fixed" } }"#,
            "missPenalty.ms: is required (or us)"
        ),
        (
            #"{ "requests": 10, "keys": { "source": "loop", "keys": 5 }, "hitCost": { "distribution": "fixed", "ms": 1, "us": 2 } }"#,
            "hitCost.us: give either ms or us, not both"
        ),
        (
            #"{ "requests": 10, "keys": { "source": "loop", "keys": true } }"#,
            "keys.keys: expected an integer, got a boolean"
        ),
        (#"[1, 2]"#, "expected an object, got an array"),
        (#"{ "requests": 10, "#, "line 1: not valid JSON: expected a key in quotes, got the end of the file"),
    ]

    @Test(arguments: badSpecs)
    func badSpecNamesFileAndPath(json: String, message: String) {
        #expect {
            _ = try spec(json)
        } throws: { error in
            let text = "\(error)"
            return error is WorkloadError && text.hasPrefix("/tmp/test-spec.json: \(message)")
        }
    }

    @Test func missingSpecFileIsNamed() {
        #expect(throws: WorkloadError(file: "/nonexistent/spec.json", "no such file")) {
            try WorkloadSpec.load(path: "/nonexistent/spec.json")
        }
    }
}
