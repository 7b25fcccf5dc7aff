import Caches
import Foundation
import Harness
import Testing
import Workload

/// `cachesim mrc`'s answers (issue 15) checked against full simulations run
/// here, outside the command: the capacity named for a target reaches it
/// and the size before it does not; a budget's capacity fits the budget at
/// the policy's measured bytes per entry plus the objects, and its hit
/// ratio is what a full cache of that size gets.
@Suite struct MRCAnswerTests {
    static let specText = #"""
        { "name": "answers", "seed": 21, "requests": 200000,
          "keys": { "source": "zipf", "alpha": 0.9, "universe": 20000 },
          "sizes": { "distribution": "fixed", "bytes": 200 } }
        """#

    static func document(_ arguments: [String], in folder: URL) throws -> CurveSet {
        let result = try CommandRunner.run(["mrc", "a.json", "--format", "json"] + arguments, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode(CurveSet.self, from: Data(result.stdout.utf8))
    }

    /// The stream, and the hit ratio of a full cache of `policy` over it.
    static func exact(_ policy: String, _ capacity: Int, folder: URL) throws -> Double {
        let spec = try WorkloadSpec.load(path: folder.appendingPathComponent("a.json").path)
        var stream = try WorkloadStream(spec)
        var chunk = RequestChunk(capacity: 4096)
        let cache = try #require(PolicyRegistry.named(policy)).make(CacheConfiguration(capacity: .entries(capacity)))
        var tally = ReplayTally()
        while try stream.next(into: &chunk, limit: 4096) > 0 {
            chunk.keys.withUnsafeBufferPointer { keys in
                chunk.sizes.withUnsafeBufferPointer { sizes in
                    chunk.times.withUnsafeBufferPointer {
                        cache.replay(keys: keys, sizes: sizes, times: $0, tally: &tally)
                    }
                }
            }
        }
        return Double(tally.hits) / Double(tally.requests)
    }

    @Test func theTargetCapacityReachesItAndTheSizeBeforeDoesNot() throws {
        let folder = try temporaryFolder(["a.json": Self.specText])
        let target = 0.7
        let policies = ["lru", "fifo", "s3fifo", "wtinylfu"]
        // Exact (rate 1): the answer is the rule applied to full simulations.
        let exact = try Self.document(
            ["--policy", policies.joined(separator: ","), "--points", "24", "--target-hit-ratio", "\(target)"],
            in: folder)
        // Sampled at 0.1: right within the error the checks measure.
        let sampled = try Self.document(
            [
                "--policy", policies.joined(separator: ","), "--shards", "0.1", "--points", "16",
                "--target-hit-ratio", "\(target)", "--check", "16",
            ], in: folder)
        for set in [exact, sampled] {
            #expect(set.targetHitRatio == target)
            for (curve, answer) in zip(set.curves, try #require(set.answers)) {
                let reached = try #require(answer.target?.capacity, "\(curve.policy) reaches \(target)")
                let below = try #require(answer.target?.below, "\(curve.policy): a size before it")
                // The stated error: none when exact, else what the checks
                // measured at the two sizes named (--check 16: every size).
                let errors = curve.points.filter { [reached, below].contains($0.capacity) }.compactMap(\.errorPoints)
                #expect(curve.method.isExact || errors.count == 2, "\(curve.policy): both sizes checked")
                let slack = (errors.map(abs).max() ?? 0) / 100
                #expect(
                    try Self.exact(curve.policy, reached, folder: folder) >= target - slack,
                    "\(curve.policy) at \(reached) (\(curve.method))")
                #expect(
                    try Self.exact(curve.policy, below, folder: folder) < target + slack,
                    "\(curve.policy) at \(below) (\(curve.method))")
                #expect(slack < 0.05, "\(curve.policy): the estimate is within 5 points where it answers")
            }
        }
    }

    @Test func aBudgetsCapacityFitsAndHitsAsAFullCacheOfThatSize() throws {
        let folder = try temporaryFolder(["a.json": Self.specText])
        let budget = 1 << 20
        let set = try Self.document(
            ["--policy", "lru,fifo,s3fifo", "--points", "6", "--memory-budget", "1M", "--capacity", "3000"], in: folder)
        #expect(set.memoryBudgetBytes == budget && set.meanObjectBytes == 200)
        for (curve, answer) in zip(set.curves, try #require(set.answers)) {
            let spent = try #require(answer.budget)
            #expect(spent.bytesPerEntry == spent.footprint.bytesPerEntry + 200)
            #expect(Double(spent.capacity) * spent.bytesPerEntry <= Double(budget))
            #expect(Double(spent.capacity + 1) * spent.bytesPerEntry > Double(budget))
            // A full cache of that size, filled, costs what the footprint said (within 10 %).
            let cache = try #require(PolicyRegistry.named(curve.policy)).make(
                CacheConfiguration(capacity: .entries(spent.capacity)))
            for key in 0..<UInt64(2 * spent.capacity) where !cache.lookup(mix64(key), now: 0) {
                cache.admit(mix64(key), size: 1, now: 0)
            }
            let paid = Double(cache.storageBytes) + Double(cache.count) * 200
            #expect(paid <= Double(budget) * 1.1, "\(curve.policy): \(paid) bytes at \(spent.capacity) entries")
            #expect(spent.hitRatio == (try Self.exact(curve.policy, spent.capacity, folder: folder)))
            #expect(answer.atCapacity == (try Self.exact(curve.policy, 3000, folder: folder)))
        }
    }

    /// Byte capacities simulate byte-bounded caches; at rate 1 each point is
    /// a full byte-bounded simulation, which `cachesim run` also reports.
    @Test func byteCapacitiesAreByteBoundedCaches() throws {
        let folder = try temporaryFolder([
            "a.json": Self.specText,
            "run.json": #"""
            { "name": "answers", "seed": 21, "requests": 200000,
              "keys": { "source": "zipf", "alpha": 0.9, "universe": 20000 },
              "sizes": { "distribution": "fixed", "bytes": 200 },
              "caches": [ { "policy": "s3fifo", "capacityBytes": ["200K", "1M"] } ] }
            """#,
        ])
        let set = try Self.document(["--policy", "s3fifo", "--capacities", "200K,1M"], in: folder)
        #expect(set.unit == .bytes && set.curves[0].points.map(\.capacity) == [200 << 10, 1 << 20])
        let run = try CommandRunner.run(
            ["run", "run.json", "--jobs", "1", "--format", "json", "--out", "r"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let result = try #require(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let runs = try #require(result["runs"] as? [[String: Any]])
        let ratios = runs.compactMap { ($0["hitRatio"] as? Double) }
        #expect(ratios.sorted() == set.curves[0].points.compactMap(\.hitRatio).sorted(), "\(ratios)")
    }

    /// `--sample-keys N` picks the rate that samples about N of the keys
    /// (the stream has 20,000 distinct keys, so 2,000 is a tenth, within
    /// HyperLogLog's error); `--threads` does not change a figure; `--html`
    /// writes the chart's page.
    @Test func sampleKeysThreadsAndHTML() throws {
        let folder = try temporaryFolder(["a.json": Self.specText])
        // Zipf(0.9) over 20,000 ranks, 200,000 requests: the distinct keys seen.
        let spec = try WorkloadSpec.load(path: folder.appendingPathComponent("a.json").path)
        var stream = try WorkloadStream(spec)
        var chunk = RequestChunk(capacity: 4096)
        var seen = Set<UInt64>()
        while try stream.next(into: &chunk, limit: 4096) > 0 { seen.formUnion(chunk.keys) }
        let arguments = ["--policy", "lru,sieve", "--sample-keys", "2000", "--points", "5"]
        let one = try Self.document(arguments + ["--threads", "1"], in: folder)
        #expect(abs(one.samplingRate * Double(seen.count) / 2000 - 1) < 5 * 0.0041, "rate \(one.samplingRate)")
        #expect(try Self.document(arguments + ["--threads", "3"], in: folder) == one)
        let page = try CommandRunner.run(["mrc", "a.json", "--html", "out/curves.html"] + arguments, in: folder)
        #expect(page.status == 0, "\(page.stderr)")
        let html = try String(contentsOf: folder.appendingPathComponent("out/curves.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("sieve (miniature simulation at rate"))
    }

    /// The CSV carries the answers as rows of their own, the same as the JSON's.
    @Test func theCSVCarriesTheAnswers() throws {
        let folder = try temporaryFolder(["a.json": Self.specText])
        let arguments = [
            "--policy", "lru,s3fifo", "--shards", "0.1", "--points", "6", "--target-hit-ratio", "0.7",
            "--memory-budget",
            "1M", "--capacity", "2000",
        ]
        let set = try Self.document(arguments, in: folder)
        let csv = try CommandRunner.run(["mrc", "a.json", "--format", "csv"] + arguments, in: folder)
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = csv.stdout.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        for (curve, answer) in zip(set.curves, try #require(set.answers)) {
            func row(_ kind: String) -> [Substring]? { rows.first { $0[0] == kind && $0[3] == curve.policy } }
            #expect(rows.filter { $0[0] == "point" && $0[3] == curve.policy }.count == curve.points.count)
            #expect(row("target").flatMap { Int($0[1]) } == answer.target?.capacity)
            #expect(row("target").flatMap { Double($0[4]) } == answer.target?.hitRatio)
            #expect(row("capacity").flatMap { Double($0[4]) } == answer.atCapacity)
            #expect(row("budget").flatMap { Int($0[1]) } == answer.budget?.capacity)
            #expect(row("knee").flatMap { Int($0[1]) } == answer.knee?.capacity)
        }
    }

    @Test func badRequestsExitTwoWithTheReason() throws {
        let folder = try temporaryFolder(["a.json": Self.specText])
        for (arguments, message) in [
            (["--shards", "0"], "--shards: a sampling rate must be in (0, 1], got 0.0"),
            (["--shards", "0.1", "--sample-keys", "1000"], "--sample-keys: give either a rate"),
            (["--sample-keys", "5"], "--sample-keys: at least 32 keys"),
            (["--target-hit-ratio", "1"], "--target-hit-ratio: a hit ratio in (0, 1), got 1.0"),
            (["--capacities", "100,1M"], "--capacities: all in entries or all in bytes"),
            (["--capacities", "0,10"], "--capacities: a capacity in entries must be in 1…"),
            (["--capacities", "10,ten"], "--capacities: expected whole numbers of entries (4096) or bytes"),
            (["--capacities", "10,20", "--capacity", "1M"], "--capacity: give it in the unit of --capacities"),
            (["--threads", "0"], "--threads: at least 1, got 0"), (["--memory-budget", "lots"], "--memory-budget"),
            (["--policy", "lru,lru"], "--policy: expected distinct policy names"),
        ] {
            let refused = try CommandRunner.run(["mrc", "a.json"] + arguments, in: folder)
            #expect(refused.status == 2 && refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
        }
    }
}
