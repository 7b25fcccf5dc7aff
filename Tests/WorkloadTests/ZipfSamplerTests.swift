import Caches
import Foundation
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
        let n = 100_000
        let keys = sampler.next(n)
        // Rank 1 holds 1/H(10⁹, 0.99) of requests: 4.2367 % (mpmath:
        // ζ(0.99) − ζ(0.99, 10⁹ + 1) = 23.60336), computed here on its own.
        let share = 1 / Self.generalizedHarmonic(1_000_000_000, alpha: 0.99)
        #expect(abs(share - 0.042_366_84) < 1e-6, "H by Euler–Maclaurin: share \(share)")
        let top = keys.filter { $0 == ZipfSampler.key(rank: 1) }.count
        // A binomial count: within 5 standard deviations of n·p.
        let mean = Double(n) * share
        let sigma = (mean * (1 - share)).squareRoot()
        #expect(abs(Double(top) - mean) < 5 * sigma, "rank 1 drew \(top); expected \(mean) ± \(5 * sigma)")
    }

    /// H(n, α) = Σ_{k=1}^{n} k^−α: the first terms summed, the rest by
    /// Euler–Maclaurin (integral, half the end terms, the first two
    /// derivative corrections), exact to far below a sampling error.
    static func generalizedHarmonic(_ n: Int, alpha: Double) -> Double {
        let head = min(n, 10_000)
        var sum = 0.0
        for k in stride(from: head, through: 1, by: -1) { sum += pow(Double(k), -alpha) }
        guard n > head else { return sum }
        let (a, b) = (Double(head), Double(n))
        func f(_ x: Double) -> Double { pow(x, -alpha) }
        func f1(_ x: Double) -> Double { -alpha * pow(x, -alpha - 1) }
        func f3(_ x: Double) -> Double { -alpha * (alpha + 1) * (alpha + 2) * pow(x, -alpha - 3) }
        let integral = (pow(b, 1 - alpha) - pow(a, 1 - alpha)) / (1 - alpha)
        // Σ_{k=a+1}^{b} f(k) = ∫_a^b f + (f(b) − f(a))/2 + (f′(b) − f′(a))/12 − (f‴(b) − f‴(a))/720 + …
        return sum + integral + (f(b) - f(a)) / 2 + (f1(b) - f1(a)) / 12 - (f3(b) - f3(a)) / 720
    }

    @Test func scrambledKeysAreDistinctPerRank() {
        let keys = Set((1...100_000).map { ZipfSampler.key(rank: UInt64($0)) })
        #expect(keys.count == 100_000)
        #expect(mix64(0) == 0)
    }
}
