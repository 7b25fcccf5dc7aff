import Caches
import Foundation
import Stats
import Testing
import Workload

@Suite struct StreamTests {
    let busySpec = """
        { "name": "busy", "seed": 7, "requests": 200000,
          "keys": { "source": "phases", "phases": [
            { "requests": 30000, "source": "mix", "components": [
              { "weight": 0.7, "source": "zipf", "alpha": 0.8, "universe": 5000 },
              { "weight": 0.3, "source": "scan", "length": 1000, "universe": 100000 } ] },
            { "requests": 20000, "source": "hotset", "universe": 10000, "hotKeys": 0.05, "hotRequests": 0.8 } ] },
          "arrivals": { "process": "poisson", "ratePerSecond": 5000 },
          "sizes": { "distribution": "lognormal", "medianBytes": 1000, "sigma": 1 } }
        """

    @Test func chunkSizeDoesNotChangeTheStream() throws {
        let workload = try spec(busySpec)
        var reference = try WorkloadStream(workload)
        let expected = try collect(&reference)
        #expect(expected.count == 200_000)
        for chunkSize in [1, 7, 1000, 100_000] {
            var stream = try WorkloadStream(workload)
            let got = try collect(&stream, chunkSize: chunkSize)
            #expect(got.keys == expected.keys && got.times == expected.times && got.sizes == expected.sizes)
        }
    }

    @Test func anotherSeedGivesAnotherStream() throws {
        var workload = try spec(busySpec)
        var first = try WorkloadStream(workload)
        workload.seed = 8
        var second = try WorkloadStream(workload)
        var repeated = try WorkloadStream(try spec(busySpec), repetition: 1)
        let a = try collect(&first), b = try collect(&second), c = try collect(&repeated)
        #expect(a.keys != b.keys)
        #expect(b.keys == c.keys, "repetition 1 uses seed + 1")
    }

    @Test func sizesStayWithTheirKey() throws {
        var stream = try WorkloadStream(try spec(busySpec))
        let all = try collect(&stream)
        var sizeOf: [UInt64: UInt32] = [:]
        for (key, size) in zip(all.keys, all.sizes) {
            #expect(sizeOf.updateValue(size, forKey: key) ?? size == size)
        }
        let median = Summary.quantile(sizeOf.values.map(Double.init).sorted(), 0.5)
        #expect(abs(median - 1000) < 60, "median size \(median)")
    }

    @Test func poissonGapsHaveTheirMeanAndCoefficientOfVariation() {
        let rate = 10_000.0, n = sampleSize(2_000_000)
        var clock = ArrivalClock(.poisson(ratePerSecond: rate), seed: 5)
        var times = [Int64](repeating: 0, count: n + 1)
        times.withUnsafeMutableBufferPointer { clock.fill($0) }
        let gaps = zip(times.dropFirst(), times).map { Double($0 - $1) }
        let mean = MeanInterval.of(gaps, confidence: 0.99)
        #expect(mean.range.contains(1e9 / rate), "mean gap \(mean.mean) ± \(mean.halfWidth)")
        // The CV of batches of 10,000 gaps; exponential gaps have CV 1.
        let batch = 10_000
        let cvs = stride(from: 0, to: gaps.count - batch + 1, by: batch).map { start -> Double in
            let slice = Array(gaps[start..<start + batch])
            return Summary.standardDeviation(slice) / Summary.mean(slice)
        }
        let cv = MeanInterval.of(cvs, confidence: 0.99)
        #expect(cv.range.contains(1), "CV \(cv.mean) ± \(cv.halfWidth)")
    }

    @Test func fixedArrivalsAreEvenlySpaced() {
        var clock = ArrivalClock(.fixed(ratePerSecond: 3), seed: 1)
        var times = [Int64](repeating: -1, count: 4)
        times.withUnsafeMutableBufferPointer { clock.fill($0) }
        #expect(times == [0, 333_333_333, 666_666_667, 1_000_000_000])
    }

    @Test func sizeDistributionsMapKeysToTheirRange() {
        let keys = (0..<10_000).map { mix64(UInt64($0)) }
        let uniform = ObjectSizer(.uniform(min: 10, max: 20), seed: 1)
        #expect(Set(keys.map(uniform.size(of:))) == Set(10...20))
        let pareto = ObjectSizer(.pareto(minBytes: 100, shape: 1.5), seed: 1)
        #expect(keys.allSatisfy { pareto.size(of: $0) >= 100 })
        #expect(ObjectSizer(nil, seed: 1).size(of: 5) == 1)
        #expect(ObjectSizer(.fixed(bytes: 77), seed: 1).size(of: 5) == 77)
    }
}
