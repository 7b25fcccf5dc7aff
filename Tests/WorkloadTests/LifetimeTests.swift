import Foundation
import Stats
import Testing
import Workload

/// Lifetimes in the stream: a spec's `lifetimes` drawn as specified, from
/// their own seed stream, and a Twitter trace's TTL column read.
@Suite struct LifetimeTests {
    static let zipf = #""keys": { "source": "zipf", "alpha": 0.9, "universe": 1000 }"#

    /// The lifetimes (ns) of the first `n` requests of a spec with `lifetimes`.
    func lifetimes(_ lifetimes: String, n: Int = 20_000, keys: String = zipf) throws -> (RequestChunk, [Int64]) {
        let workload = try spec(#"{ "requests": \#(n), \#(keys), "lifetimes": \#(lifetimes) }"#)
        var stream = try WorkloadStream(workload)
        var chunk = RequestChunk(capacity: n)
        #expect(try stream.next(into: &chunk, limit: n) == n)
        return (chunk, chunk.lifetimes)
    }

    @Test func readsEveryDistribution() throws {
        let exponential = try spec(
            #"{ "requests": 1, \#(Self.zipf), "lifetimes": { "distribution": "exponential", "meanSeconds": 60, "never": 0.25, "perKey": false } }"#
        )
        #expect(exponential.lifetimes == Lifetimes(.exponential(meanSeconds: 60), neverShare: 0.25, perKey: false))
        let fixed = try spec(
            #"{ "requests": 1, \#(Self.zipf), "lifetimes": { "distribution": "fixed", "seconds": 5 } }"#)
        #expect(fixed.lifetimes == Lifetimes(.fixed(seconds: 5), neverShare: 0, perKey: true))
        let lognormal = try spec(
            #"{ "requests": 1, \#(Self.zipf), "lifetimes": { "distribution": "lognormal", "medianSeconds": 10, "sigma": 1 } }"#
        )
        #expect(lognormal.lifetimes?.meanSeconds == 10 * exp(0.5), "the lognormal's mean is e^(μ + σ²/2)")
    }

    static let badLifetimes: [(String, String)] = [
        (
            #"{ "distribution": "weibull" }"#,
            "lifetimes.distribution: expected \"fixed\", \"exponential\" or \"lognormal\", got \"weibull\""
        ),
        (
            #"{ "distribution": "exponential", "meanSeconds": -1 }"#,
            "lifetimes.meanSeconds: must be a number of seconds"
        ),
        (#"{ "distribution": "exponential", "meanSeconds": "60" }"#, "lifetimes.meanSeconds: expected a number"),
        (#"{ "distribution": "exponential" }"#, "lifetimes.meanSeconds: is required"),
        (#"{ "distribution": "fixed", "seconds": 0 }"#, "lifetimes.seconds: must be a number of seconds"),
        (#"{ "distribution": "fixed", "seconds": 1e12 }"#, "lifetimes.seconds: must be a number of seconds"),
        (#"{ "distribution": "lognormal", "medianSeconds": 1, "sigma": 11 }"#, "lifetimes.sigma: must be"),
        (
            #"{ "distribution": "fixed", "seconds": 1, "never": 1 }"#,
            "lifetimes.never: must be a share from 0 to below 1"
        ),
        (#"{ "distribution": "fixed", "seconds": 1, "never": -0.1 }"#, "lifetimes.never: must be a share"),
        (#"{ "distribution": "fixed", "seconds": 1, "perKey": 1 }"#, "lifetimes.perKey: expected"),
        (#"{ "distribution": "fixed", "seconds": 1, "ttl": 1 }"#, "lifetimes.ttl: unknown field"),
        (#"[60]"#, "lifetimes: expected an object"),
    ]

    @Test(arguments: badLifetimes)
    func impossibleParametersNameTheField(json: String, message: String) {
        #expect {
            _ = try spec(#"{ "requests": 10, \#(Self.zipf), "lifetimes": \#(json) }"#)
        } throws: { error in
            error is WorkloadError && "\(error)".hasPrefix("/tmp/test-spec.json: \(message)")
        }
    }

    @Test func aTraceWithItsOwnTTLsRefusesSpecLifetimes() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lt-\(UUID().uuidString).csv").path
        try Data("1,a,1,1,1,get,5\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try spec(
                #"{ "keys": { "source": "trace", "path": "\#(path)", "format": "twitter" }, "lifetimes": { "distribution": "fixed", "seconds": 1 } }"#
            )
        } throws: { error in
            "\(error)".contains("lifetimes: the trace carries its own lifetimes")
        }
    }

    @Test func exponentialLifetimesHaveTheirMean() throws {
        // Per request: independent draws, so the sample mean is within 4σ/√n.
        let n = 40_000
        let (_, drawn) = try lifetimes(#"{ "distribution": "exponential", "meanSeconds": 30, "perKey": false }"#, n: n)
        let mean = drawn.reduce(0.0) { $0 + Double($1) } / Double(n) / 1e9
        #expect(abs(mean - 30) < 4 * 30 / Double(n).squareRoot(), "mean \(mean) s")
        #expect(drawn.allSatisfy { $0 >= 1 })
    }

    @Test func theNeverShareNeverExpires() throws {
        let n = 40_000
        let (_, drawn) = try lifetimes(
            #"{ "distribution": "fixed", "seconds": 2, "never": 0.3, "perKey": false }"#, n: n)
        let never = Double(drawn.filter { $0 == 0 }.count) / Double(n)
        #expect(abs(never - 0.3) < 4 * (0.3 * 0.7 / Double(n)).squareRoot(), "never share \(never)")
        #expect(drawn.allSatisfy { $0 == 0 || $0 == 2_000_000_000 }, "the rest live exactly 2 s")
    }

    @Test func lognormalLifetimesHaveTheirMedian() throws {
        // Per key: over 10^5 unique keys the draws are independent too.
        let n = 40_000
        let (_, drawn) = try lifetimes(
            #"{ "distribution": "lognormal", "medianSeconds": 8, "sigma": 1.5 }"#, n: n,
            keys: #""keys": { "source": "unique" }"#)
        let median = Double(drawn.sorted()[n / 2]) / 1e9
        // The sample median's standard error is 1/(2 f(m) √n) in seconds.
        let density = 1 / (8 * 1.5 * (2 * Double.pi).squareRoot())
        #expect(abs(median - 8) < 4 / (2 * density * Double(n).squareRoot()), "median \(median) s")
    }

    @Test func perKeyLifetimesStayWithTheirKey() throws {
        let (chunk, drawn) = try lifetimes(#"{ "distribution": "exponential", "meanSeconds": 5, "never": 0.2 }"#)
        var byKey: [UInt64: Int64] = [:]
        for (key, lifetime) in zip(chunk.keys, drawn) {
            #expect(byKey[key, default: lifetime] == lifetime, "key \(key) changed its lifetime")
            byKey[key] = lifetime
        }
        #expect(byKey.count > 100 && Set(byKey.values).count > 100, "distinct keys get distinct lifetimes")
        let (_, perRequest) = try lifetimes(#"{ "distribution": "exponential", "meanSeconds": 5, "perKey": false }"#)
        var drawnPerRequest: [UInt64: Set<Int64>] = [:]
        for (key, lifetime) in zip(chunk.keys, perRequest) { drawnPerRequest[key, default: []].insert(lifetime) }
        #expect(drawnPerRequest.values.contains { $0.count > 1 }, "per request, a key's sets draw afresh")
    }

    @Test func lifetimesLeaveKeysTimesAndSizesAsTheyWere() throws {
        let base =
            #""requests": 5000, \#(Self.zipf), "arrivals": { "process": "poisson", "ratePerSecond": 100 }, "sizes": { "distribution": "lognormal", "medianBytes": 100, "sigma": 1 }"#
        var plain = try WorkloadStream(spec("{ \(base) }"))
        var withLifetimes = try WorkloadStream(
            spec(#"{ \#(base), "lifetimes": { "distribution": "exponential", "meanSeconds": 3, "perKey": false } }"#))
        let a = try collect(&plain), b = try collect(&withLifetimes)
        #expect(a.keys == b.keys && a.times == b.times && a.sizes == b.sizes)
        let lifetimes =
            #"{ \#(base), "lifetimes": { "distribution": "exponential", "meanSeconds": 3, "perKey": false } }"#
        var whole = try WorkloadStream(spec(lifetimes))
        var all = RequestChunk(capacity: 5000)
        _ = try whole.next(into: &all, limit: 5000)
        var pieces = try WorkloadStream(spec(lifetimes))
        var inPieces: [Int64] = []
        var piece = RequestChunk(capacity: 7)
        while try pieces.next(into: &piece, limit: 7) > 0 { inPieces += piece.lifetimes }
        #expect(inPieces == all.lifetimes, "the same lifetimes whatever the chunk size")
    }

    @Test func twitterTTLsAreTheRequestsLifetimes() throws {
        // A write's TTL goes with its store; a read carries its own TTL, or
        // else its key's latest write's; 0 means none.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ttl-\(UUID().uuidString).csv").path
        try Data(
            """
            1,a,1,9,1,get,0
            2,a,1,9,1,set,30
            3,a,1,9,1,get,0
            4,b,1,9,1,get,7
            5,a,1,9,1,set,0
            6,a,1,9,1,get,0

            """.utf8
        ).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var stream = try WorkloadStream(
            WorkloadSpec(name: "t", seed: 1, requests: nil, keys: .trace(TraceSource(path: path, format: .twitter))))
        var chunk = RequestChunk(capacity: 10)
        #expect(try stream.next(into: &chunk, limit: 10) == 4)
        let second: Int64 = 1_000_000_000
        #expect(chunk.lifetimes == [0, 30 * second, 7 * second, 0])
        let a = hashKey(Array("a".utf8))
        #expect(
            chunk.mutations.first
                == Mutation(before: 1, key: a, change: .store(size: 10, time: second, lifetime: 30 * second)))
    }

    static let badTTLs: [(String, String)] = [
        ("1,a,1,9,1,get,-5", "line 2: TTL \"-5\" is not an integer between 0 and 4294967295"),
        ("1,a,1,9,1,set,soon", "line 2: TTL \"soon\" is not an integer"),
        ("1,a,1,9,1,get,99999999999", "line 2: TTL \"99999999999\" is not an integer"),
    ]

    @Test(arguments: badTTLs)
    func aBadTTLNamesTheFileAndLine(line: String, message: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).csv").path
        try Data("1,a,1,9,1,get,0\n\(line)\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var stream = try WorkloadStream(
            WorkloadSpec(name: "t", seed: 1, requests: nil, keys: .trace(TraceSource(path: path, format: .twitter))))
        var chunk = RequestChunk(capacity: 10)
        #expect {
            _ = try stream.next(into: &chunk, limit: 10)
        } throws: { error in
            error is WorkloadError && "\(error)".hasPrefix("\(path): \(message)")
        }
    }
}
