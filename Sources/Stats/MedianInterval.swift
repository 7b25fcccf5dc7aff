import CGSL

/// A median with a distribution-free confidence interval: two order
/// statistics of the sample, chosen from the binomial distribution
/// (`gsl_cdf_binomial_P`), so nothing is assumed about the shape of the
/// values — timings are skewed, with a long tail of slow rounds.
public struct MedianInterval: Sendable, Equatable, Codable {
    /// The sample median (the mean of the middle two for an even count).
    public let median: Double
    /// The interval's lower end: the `k`-th smallest value.
    public let lower: Double
    /// The interval's upper end: the `k`-th largest value.
    public let upper: Double
    /// The interval's actual coverage, ≥ the confidence asked for when the
    /// sample is large enough (6 values for 95 %); below that, the whole
    /// sample's range and the coverage it has.
    public let coverage: Double

    public init(median: Double, lower: Double, upper: Double, coverage: Double) {
        self.median = median
        self.lower = lower
        self.upper = upper
        self.coverage = coverage
    }

    /// The median of `values` and the narrowest interval
    /// [x₍ₖ₎, x₍ₙ₋ₖ₊₁₎] whose coverage 1 − 2·P(B ≤ k − 1), B ~ Binomial(n, ½),
    /// is at least `confidence`. NaN everywhere for an empty sample. O(n log n).
    public static func of(_ values: [Double], confidence: Double = 0.95) -> MedianInterval {
        guard !values.isEmpty else { return MedianInterval(median: .nan, lower: .nan, upper: .nan, coverage: 0) }
        let sorted = values.sorted()
        let n = sorted.count
        let median = Summary.quantile(sorted, 0.5)
        // The largest k whose interval still covers enough; k = 1 is the
        // whole range, the widest there is.
        var k = 1
        while k + 1 <= (n + 1) / 2, coverage(k + 1, n) >= confidence { k += 1 }
        return MedianInterval(median: median, lower: sorted[k - 1], upper: sorted[n - k], coverage: coverage(k, n))
    }

    /// P(x₍ₖ₎ ≤ median ≤ x₍ₙ₋ₖ₊₁₎) for a sample of `n`: 1 − 2·P(B ≤ k − 1).
    static func coverage(_ k: Int, _ n: Int) -> Double {
        1 - 2 * gsl_cdf_binomial_P(UInt32(k - 1), 0.5, UInt32(n))
    }
}
