import Caches
import Stats
import Testing
import Workload

@Suite struct ZipfSamplerTests {
    /// Chi-square goodness of fit of `samples` draws against the exact pmf
    /// over 1,000 ranks; returns the p-value.
    func pValue(alpha: Double, method: ZipfSampler.Method, samples: Int) -> Double {
        let universe = 1000
        var sampler = ZipfSampler(alpha: alpha, universe: UInt64(universe), seed: 42, method: method)
        let rankOf = Dictionary(
            uniqueKeysWithValues: (1...universe).map { (ZipfSampler.key(rank: UInt64($0)), $0 - 1) })
        var observed = [Double](repeating: 0, count: universe)
        var buffer = [UInt64](repeating: 0, count: 1 << 16)
        var left = samples
        while left > 0 {
            let n = min(left, buffer.count)
            buffer.withUnsafeMutableBufferPointer {
                sampler.generate(into: UnsafeMutableBufferPointer(rebasing: $0[0..<n]))
            }
            for key in buffer[0..<n] { observed[rankOf[key]!] += 1 }
            left -= n
        }
        let expected = ZipfSampler.probabilities(alpha: alpha, universe: universe).map { $0 * Double(samples) }
        let statistic = ChiSquare.statistic(observed: observed, expected: expected)
        return ChiSquare.upperTail(statistic, degreesOfFreedom: Double(universe - 1))
    }

    @Test(arguments: [0.6, 0.99, 1.3])
    func aliasTableFitsTheExactPmf(alpha: Double) {
        let p = pValue(alpha: alpha, method: .aliasTable, samples: sampleSize(10_000_000))
        print("zipf alias alpha \(alpha): chi-square p = \(p)")
        #expect(p > 0.01)
    }

    @Test(arguments: [0.0, 0.6, 0.99, 1.0, 1.3])
    func rejectionInversionFitsTheExactPmf(alpha: Double) {
        let p = pValue(alpha: alpha, method: .rejectionInversion, samples: sampleSize(10_000_000))
        print("zipf rejection-inversion alpha \(alpha): chi-square p = \(p)")
        #expect(p > 0.01)
    }

    @Test func hugeUniverseNeedsNoTable() {
        var sampler = ZipfSampler(alpha: 0.99, universe: 1_000_000_000, seed: 1)
        let keys = sampler.next(100_000)
        // Rank 1 holds 1/H(10⁹, 0.99) ≈ 4.6 % of requests.
        let top = keys.filter { $0 == ZipfSampler.key(rank: 1) }.count
        #expect((3_500...5_800).contains(top))
    }

    @Test func scrambledKeysAreDistinctPerRank() {
        let keys = Set((1...100_000).map { ZipfSampler.key(rank: UInt64($0)) })
        #expect(keys.count == 100_000)
        #expect(mix64(0) == 0)
    }
}
