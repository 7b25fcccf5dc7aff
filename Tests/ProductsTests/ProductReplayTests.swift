import Caches
import Foundation
import Testing

@testable import Products

/// Driving the real servers: a pipelined batch serves each request as one
/// request at a time would (a key repeated in a batch sees its own earlier
/// set), the client's counts agree with the server's own and a
/// disagreement is refused, and a byte limit plateaus where the server
/// says it does.
@Suite("Real servers replay as one request at a time would")
struct ProductReplayTests {
    /// 20,000 requests over 300 keys: every batch of 64 repeats keys.
    static let repeating = uniformKeys(count: 20_000, universe: 300, seed: 5)

    @Test(
        "without eviction, every request but a key's first hits, whatever the pipeline",
        arguments: ["redis", "memcached"], [1, 64, 1_000])
    func pipelineKeepsOneAtATimeHits(product: String, pipeline: Int) throws {
        let options: [String: PolicyOptionValue] = ["pipeline": .number(Double(pipeline))]
        let cache: any ProductCache = product == "redis" ? try Servers.redis(options) : try Servers.memcached(options)
        let tally = replay(cache, Self.repeating)
        let report = try cache.finish()
        #expect(tally.hits == hitsWithoutEviction(Self.repeating))
        #expect(report.client.hits == tally.hits && report.server?.hits == tally.hits)
        #expect(report.server?.misses == Self.repeating.count - tally.hits)
        #expect(report.server?.keys == 300 && report.server?.evictions == 0)
        #expect(report.pipeline == pipeline)
    }

    @Test("under a byte limit Redis evicts, and its counters still agree with the client's, pipelined or not")
    func redisCountersAgreeUnderEviction() throws {
        let keys = uniformKeys(count: 30_000, universe: 20_000, seed: 9)
        var ratios: [Double] = []
        for pipeline in [1, 64] {
            let redis = try Servers.redis(["pipeline": .number(Double(pipeline))], capacity: .bytes(2 << 20))
            let tally = replay(redis, keys)
            let report = try redis.finish()
            let server = try #require(report.server)
            #expect(server.hits == tally.hits && server.misses == tally.requests - tally.hits)
            #expect((server.evictions ?? 0) > 5_000, "2 MiB holds a few thousand 100-byte keys: \(server)")
            // Keys set, less those evicted, are those resident (finish refuses otherwise).
            #expect(server.keys == report.client.misses - (server.evictions ?? 0))
            ratios.append(Double(tally.hits) / Double(tally.requests))
        }
        // Redis samples at random: the two agree to sampling noise, not to the request.
        #expect(abs(ratios[0] - ratios[1]) < 0.02, "\(ratios)")
    }

    @Test("a request the client did not make shows as a disagreement, and finishing refuses it")
    func foreignRequestIsCaught() throws {
        let redis = try Servers.redis()
        _ = replay(redis, Array(0..<500))
        let other = try Servers.connect(redis.address)
        #expect(try Servers.ask(other, "AUTH \(redis.password)\r\n") == "+OK")
        #expect(try Servers.ask(other, "GET 7\r\n") == "$100", "the value the replay set")
        let redisError = #expect(throws: ProductError.self) { try redis.finish() }
        #expect(redisError?.description.contains("the client and Redis disagree") == true)

        let memcached = try Servers.memcached()
        _ = replay(memcached, Array(0..<500))
        let stranger = try Servers.connect(memcached.address)
        #expect(try Servers.ask(stranger, "get 7\r\n").hasPrefix("VALUE 7 "))
        let memcachedError = #expect(throws: ProductError.self) { try memcached.finish() }
        #expect(memcachedError?.description.contains("the client and memcached disagree") == true)
    }

    @Test("Redis without maxmemory keeps every key; with maxmemory its used_memory levels off at the limit")
    func redisMemoryFollowsMaxmemory() throws {
        let unique = Array(UInt64(0)..<60_000)
        let unbounded = try Servers.redis()
        _ = replay(unbounded, unique)
        let grown = try #require(try unbounded.readMemory())
        #expect(grown.entries == unique.count, "no maxmemory: nothing leaves")
        _ = try unbounded.finish()

        let limit = 4 << 20
        let bounded = try Servers.redis(capacity: .bytes(limit))
        var levels: [Int] = []
        for part in 0..<6 {
            _ = replay(bounded, Array(unique[(part * 10_000)..<((part + 1) * 10_000)]))
            levels.append(try #require(try bounded.readMemory()).allocatorBytes)
        }
        let report = try bounded.finish()
        #expect(report.memoryLimitBytes == limit)
        #expect(grown.allocatorBytes > 2 * limit, "60,000 keys take more than twice 4 MiB: \(grown.allocatorBytes)")
        for level in levels.suffix(3) {
            #expect(level <= limit + limit / 50 && level >= limit - limit / 10, "used_memory \(level) near \(limit)")
        }
        #expect((report.server?.keys ?? 0) < unique.count / 2)
    }
}
