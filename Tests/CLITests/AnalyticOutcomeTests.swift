import Foundation
import Testing

/// Commands whose answer is known in closed form, checked against it: the
/// miss-ratio curve of a loop, byte hit ratios with fixed sizes, and the
/// bytes an unbounded cache hits. Also, `run --format json` prints exactly
/// the result.json it writes.
@Suite struct AnalyticOutcomeTests {
    /// A loop over `keys` keys, `requests` long: each key comes back after
    /// exactly `keys` − 1 others, so LRU holding fewer than `keys` entries
    /// never hits, and from `keys` on misses only the first pass.
    @Test(arguments: [(50, 1_000), (777, 10_000)])
    func lruCurveOfALoopIsZeroBelowItsLengthThenOneMinusTheFirstPass(keys: Int, requests: Int) throws {
        let folder = try temporaryFolder([
            "loop.json": #"{ "requests": \#(requests), "keys": { "source": "loop", "keys": \#(keys) } }"#
        ])
        let capacities = [1, keys / 2, keys - 1, keys, keys + 1, 2 * keys]
        let result = try CommandRunner.run(
            [
                "mrc", "loop.json", "--format", "json", "--capacities",
                capacities.map(String.init).joined(separator: ","),
            ],
            in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let curves = try #require(document["curves"] as? [[String: Any]])
        let points = try #require(curves.first?["points"] as? [[String: Any]])
        let byCapacity = Dictionary(
            uniqueKeysWithValues: points.compactMap { point -> (Int, Double)? in
                guard let capacity = point["capacity"] as? Int, let ratio = point["hitRatio"] as? Double else {
                    return nil
                }
                return (capacity, ratio)
            })
        #expect(byCapacity.count == capacities.count, "\(result.stdout)")
        let warm = Double(requests - keys) / Double(requests)
        for capacity in capacities {
            let expected = capacity < keys ? 0 : warm
            let got = try #require(byCapacity[capacity], "no point at \(capacity)")
            #expect(abs(got - expected) < 1e-12, "capacity \(capacity): \(got), expected \(expected)")
        }
    }

    /// `--policy` draws any policy's curve: at rate 1 each size is a full
    /// simulation, so FIFO and CLOCK on a loop follow its closed form too,
    /// and `--check` (the same full simulation) agrees to the last digit.
    @Test func everyPolicysCurveOfALoopAndItsCheck() throws {
        let (keys, requests) = (200, 4_000)
        let folder = try temporaryFolder([
            "loop.json": #"{ "requests": \#(requests), "keys": { "source": "loop", "keys": \#(keys) } }"#
        ])
        let capacities = [1, keys / 2, keys - 1, keys, 2 * keys]
        let result = try CommandRunner.run(
            [
                "mrc", "loop.json", "--format", "json", "--policy", "lru,fifo,clock", "--check", "2",
                "--capacities", capacities.map(String.init).joined(separator: ","),
            ],
            in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let curves = try #require(document["curves"] as? [[String: Any]])
        #expect(curves.compactMap { $0["policy"] as? String } == ["lru", "fifo", "clock"])
        let warm = Double(requests - keys) / Double(requests)
        for curve in curves {
            let points = try #require(curve["points"] as? [[String: Any]])
            #expect(points.compactMap { $0["capacity"] as? Int } == capacities)
            for point in points {
                let capacity = try #require(point["capacity"] as? Int)
                let ratio = try #require(point["hitRatio"] as? Double)
                #expect(abs(ratio - (capacity < keys ? 0 : warm)) < 1e-12, "\(curve["policy"]!) at \(capacity)")
                if let exact = point["exactHitRatio"] as? Double { #expect(exact == ratio) }
            }
            #expect(points.filter { $0["exactHitRatio"] != nil }.count == 2, "--check 2: two sizes simulated in full")
        }
        for (arguments, message) in [
            (["--policy", "belady"], "belady needs each request's next access"),
            (["--policy", "unbounded"], "unbounded has no capacity"), (["--policy", "nope"], "unknown policy 'nope'"),
            (["--policy", "fifo", "--check", "0"], "--check: at least 1 size"),
            (["--policy", "fifo", "--shards", "1.5"], "--shards: a sampling rate must be in (0, 1]"),
        ] {
            let refused = try CommandRunner.run(["mrc", "loop.json"] + arguments, in: folder)
            #expect(refused.status == 2 && refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
        }
    }

    /// Without `--capacities`, `--points N` asks for N log-spaced sizes from
    /// one entry up to the largest reuse distance (the loop's length); the
    /// curve at each is still the loop's closed form. Fewer than two points
    /// is refused.
    @Test func pointsGivesThatManyLogSpacedSizesUpToTheLongestReuse() throws {
        let (keys, requests) = (300, 5_000)
        let folder = try temporaryFolder([
            "loop.json": #"{ "requests": \#(requests), "keys": { "source": "loop", "keys": \#(keys) } }"#
        ])
        for count in [2, 7, 20] {
            let result = try CommandRunner.run(
                ["mrc", "loop.json", "--format", "json", "--points", String(count)], in: folder)
            #expect(result.status == 0, "\(result.stderr)")
            let document = try #require(
                JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let curves = try #require(document["curves"] as? [[String: Any]])
            let points = try #require(curves.first?["points"] as? [[String: Any]])
            let capacities = points.compactMap { $0["capacity"] as? Int }
            #expect(capacities.count == count, "\(result.stdout)")
            #expect(capacities.first == 1 && capacities.last == keys, "\(capacities)")
            #expect(zip(capacities, capacities.dropFirst()).allSatisfy { $0 < $1 }, "\(capacities)")
            // Log-spaced: each step multiplies by about (keys)^(1/(count − 1)),
            // give or take the rounding to whole entries.
            let step = pow(Double(keys), 1 / Double(count - 1))
            for (low, high) in zip(capacities, capacities.dropFirst()) where low >= 10 {
                #expect(abs(Double(high) / Double(low) / step - 1) < 0.15, "\(low) → \(high), step \(step)")
            }
            for point in points {
                let capacity = try #require(point["capacity"] as? Int)
                let expected = capacity < keys ? 0 : Double(requests - keys) / Double(requests)
                let got = try #require(point["hitRatio"] as? Double)
                #expect(abs(got - expected) < 1e-12, "capacity \(capacity): \(got), expected \(expected)")
            }
        }
        let one = try CommandRunner.run(["mrc", "loop.json", "--points", "1"], in: folder)
        #expect(one.status != 0 && one.stderr.contains("--points: at least 2, got 1"))
    }

    /// Every object the same size: the byte hit ratio is the hit ratio, and
    /// an unbounded cache hits every request but each key's first, so its
    /// bytes hit are (requests − distinct keys) × size. `--format json` is
    /// the result.json the run wrote, byte for byte.
    @Test func fixedSizesMakeByteHitRatioTheHitRatioAndUnboundedHitsAllButFirstRequests() throws {
        let size = 300
        let folder = try temporaryFolder([
            "z.json": #"""
            { "name": "fixed", "seed": 5, "requests": 40000,
              "keys": { "source": "zipf", "alpha": 0.8, "universe": 5000 },
              "sizes": { "distribution": "fixed", "bytes": \#(size) },
              "caches": [ { "policy": "unbounded" }, { "policy": "lru", "capacityBytes": 150000 },
                          { "policy": "fifo", "capacity": 700 } ] }
            """#
        ])
        let printed = try CommandRunner.run(
            ["run", "z.json", "--jobs", "1", "--format", "json", "--out", "r"], in: folder)
        #expect(printed.status == 0, "\(printed.stderr)")
        let written = try Data(contentsOf: folder.appendingPathComponent("r/result.json"))
        #expect(
            printed.stdout == String(decoding: written, as: UTF8.self) + "\n", "--format json is the written result")

        let document = try #require(JSONSerialization.jsonObject(with: written) as? [String: Any])
        let runs = try #require(document["runs"] as? [[String: Any]])
        #expect(runs.count == 3)
        for run in runs {
            let label = run["label"] as? String ?? "?"
            let requests = try #require(run["requests"] as? Int)
            let hits = try #require(run["hits"] as? Int)
            #expect(run["bytesRequested"] as? Int == requests * size, "\(label)")
            #expect(run["bytesHit"] as? Int == hits * size, "\(label)")
            let ratio = try #require(run["hitRatio"] as? Double)
            let byteRatio = try #require(run["byteHitRatio"] as? Double)
            #expect(abs(ratio - byteRatio) < 1e-15, "\(label): \(ratio) vs \(byteRatio)")
        }
        let unbounded = try #require(runs.first { $0["policy"] as? String == "unbounded" })
        let memory = try #require(unbounded["memory"] as? [String: Any])
        let distinct = try #require(memory["finalEntries"] as? Int)
        #expect(unbounded["misses"] as? Int == distinct, "an unbounded cache misses each key once")
        #expect(unbounded["bytesHit"] as? Int == (40_000 - distinct) * size)
        // The byte capacity holds 150,000 / 300 = 500 entries, never more.
        let lru = try #require(runs.first { $0["policy"] as? String == "lru" })
        let lruMemory = try #require(lru["memory"] as? [String: Any])
        #expect(lruMemory["peakEntries"] as? Int == 500)
    }
}
