import Stats
import Testing
import Workload

@Suite struct UniqueKeysTests {
    @Test func everyKeyIsNew() {
        let n = sampleSize(10_000_000)
        let sorted = keys(.unique(repeats: 1, window: 1), count: n).sorted()
        let distinct = zip(sorted, sorted.dropFirst()).filter { $0 != $1 }.count + 1
        #expect(distinct == n)
    }

    @Test(arguments: [(2, 10), (3, 1000), (5, 7)])
    func repeatsExactlyWithinTheWindow(repeats: Int, window: Int) {
        let n = 60_000
        let stream = keys(.unique(repeats: repeats, window: window), count: n)
        var positions: [UInt64: [Int]] = [:]
        for (i, key) in stream.enumerated() { positions[key, default: []].append(i) }
        // IDs of the last, possibly unfinished block may have fewer requests.
        let blockLength = window / repeats * repeats
        let complete = positions.values.filter { $0[0] < n / blockLength * blockLength }
        #expect(complete.count == n / blockLength * (window / repeats))
        #expect(complete.allSatisfy { $0.count == repeats && $0.last! - $0.first! < window })
    }
}

@Suite struct SequenceTests {
    @Test func loopCycles() {
        #expect(keys(.loop(keys: 4), count: 10) == [0, 1, 2, 3, 0, 1, 2, 3, 0, 1])
    }

    @Test func scanEmitsRunsFromDrawnStarts() {
        let length = 50, universe: UInt64 = 1000
        let seed: UInt64 = 9
        let stream = keys(.scan(length: length, universe: universe), count: 10 * length, seed: seed)
        // The same draws as ScanKeys makes: one uniform start per run.
        let rng = RandomSource(seed: seed)
        let expected = (0..<10).flatMap { _ -> [UInt64] in
            let start = rng.uniformInt(below: universe - UInt64(length) + 1)
            return (0..<UInt64(length)).map { start + $0 }
        }
        #expect(stream == expected)
    }

    @Test func scanOverItsWholeRangeIsALoop() {
        #expect(keys(.scan(length: 5, universe: 5), count: 12) == [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1])
    }

    @Test func phasesFollowEachOtherAndCycle() {
        let stream = keys(
            .phases([
                Phase(requests: 3, source: .loop(keys: 2)), Phase(requests: 2, source: .scan(length: 2, universe: 2)),
            ]), count: 8)
        let shift = PhasedKeys.phaseKeyOffset
        #expect(stream == [0, 1, 0, shift, shift + 1, 1, 0, 1])
    }

    @Test func hotsetSendsItsShareToTheHotKeys() {
        let n = 100_000
        let stream = keys(.hotset(universe: 1000, hotKeys: 0.1, hotRequests: 0.9), count: n)
        let hot = Double(stream.filter { $0 < 100 }.count)
        let se = (0.9 * 0.1 / Double(n)).squareRoot()
        #expect(abs(hot / Double(n) - 0.9) < 3 * se)
        #expect(stream.allSatisfy { $0 < 1000 })
    }

    @Test func uniformStaysInItsUniverse() {
        let stream = keys(.uniform(universe: 10), count: 10_000)
        #expect(Set(stream) == Set(0..<10))
    }
}

@Suite struct MixedKeysTests {
    @Test func proportionsMatchTheWeights() {
        let n = sampleSize(1_000_000)
        // Uniform keys are < 1000, Zipf keys are scrambled ranks, unique keys are neither.
        let zipfKeys = Set((1...100).map { ZipfSampler.key(rank: UInt64($0)) })
        let mix = KeySource.mix([
            MixComponent(weight: 5, source: .uniform(universe: 1000)),
            MixComponent(weight: 3, source: .zipf(alpha: 1, universe: 100)),
            MixComponent(weight: 2, source: .unique(repeats: 1, window: 1)),
        ])
        let stream = keys(mix, count: n)
        let counts = [
            stream.filter { $0 < 1000 }.count,
            stream.filter { zipfKeys.contains($0) }.count,
            stream.filter { $0 >= 1000 && !zipfKeys.contains($0) }.count,
        ]
        for (count, share) in zip(counts, [0.5, 0.3, 0.2]) {
            let se = (share * (1 - share) / Double(n)).squareRoot()
            #expect(abs(Double(count) / Double(n) - share) < 3 * se, "share \(share): got \(count) of \(n)")
        }
    }

    @Test func scansStayContiguousAndKeepTheirShare() {
        let length = 100, n = sampleSize(2_000_000)
        let mix = KeySource.mix([
            MixComponent(weight: 0.8, source: .zipf(alpha: 0.9, universe: 1000)),
            MixComponent(weight: 0.2, source: .scan(length: length, universe: 1_000_000)),
        ])
        let stream = keys(mix, count: n)
        // Split into maximal runs of scan keys (< 10⁶): every one is whole
        // multiples of `length` (adjacent runs may touch) except at the end.
        var runs: [Int] = [], current = 0
        for key in stream {
            if key < 1_000_000 { current += 1 } else if current > 0 { runs.append(current); current = 0 }
        }
        #expect(!runs.isEmpty && runs.allSatisfy { $0 % length == 0 })
        // Share of scan requests: L · Binomial(units, q) over n requests.
        let scanShare = Double(stream.filter { $0 < 1_000_000 }.count) / Double(n)
        let q = (0.2 / Double(length)) / (0.2 / Double(length) + 0.8)
        let units = Double(n) / (q * Double(length) + (1 - q))
        let se = Double(length) * (units * q * (1 - q)).squareRoot() / Double(n)
        #expect(abs(scanShare - 0.2) < 3 * se, "scan share \(scanShare), se \(se)")
    }
}
