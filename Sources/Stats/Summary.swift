import CGSL

/// Summaries of a sample (`gsl_stats_*`).
public enum Summary {
    /// The arithmetic mean; NaN for an empty sample. O(n).
    public static func mean(_ xs: [Double]) -> Double {
        guard !xs.isEmpty else { return .nan }
        return xs.withUnsafeBufferPointer { gsl_stats_mean($0.baseAddress, 1, $0.count) }
    }

    /// The sample standard deviation (n − 1 in the denominator); 0 for fewer
    /// than two values. O(n).
    public static func standardDeviation(_ xs: [Double]) -> Double {
        guard xs.count >= 2 else { return 0 }
        return xs.withUnsafeBufferPointer { gsl_stats_sd($0.baseAddress, 1, $0.count) }
    }

    /// The `p`-quantile (0 ≤ p ≤ 1) of an ascending `sorted` sample, linearly
    /// interpolated between order statistics
    /// (`gsl_stats_quantile_from_sorted_data`); NaN for an empty sample. O(1).
    public static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let p = min(max(p, 0), 1)
        return sorted.withUnsafeBufferPointer {
            gsl_stats_quantile_from_sorted_data($0.baseAddress, 1, $0.count, p)
        }
    }
}

/// A mean with a Student-t confidence interval: `mean ± halfWidth`.
public struct MeanInterval: Sendable, Equatable {
    public let mean: Double
    /// Half the width of the interval; 0 for fewer than two values.
    public let halfWidth: Double
    /// Number of values the mean is of.
    public let count: Int

    public init(mean: Double, halfWidth: Double, count: Int) {
        self.mean = mean
        self.halfWidth = halfWidth
        self.count = count
    }

    /// The interval `mean − halfWidth ... mean + halfWidth`.
    public var range: ClosedRange<Double> { (mean - halfWidth)...(mean + halfWidth) }

    /// The mean of `xs` with its two-sided `confidence` interval
    /// (t quantile with n − 1 degrees of freedom × sd / √n). O(n).
    public static func of(_ xs: [Double], confidence: Double) -> MeanInterval {
        let mean = Summary.mean(xs)
        guard xs.count >= 2 else { return MeanInterval(mean: mean, halfWidth: 0, count: xs.count) }
        let t = StudentT.quantile(0.5 + confidence / 2, degreesOfFreedom: Double(xs.count - 1))
        let halfWidth = t * Summary.standardDeviation(xs) / Double(xs.count).squareRoot()
        return MeanInterval(mean: mean, halfWidth: halfWidth, count: xs.count)
    }
}
