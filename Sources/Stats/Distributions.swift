import CGSL

/// Student's t distribution.
public enum StudentT {
    /// The value below which a fraction `p` of the distribution lies
    /// (`gsl_cdf_tdist_Pinv`). O(1).
    public static func quantile(_ p: Double, degreesOfFreedom: Double) -> Double {
        gsl_cdf_tdist_Pinv(p, degreesOfFreedom)
    }
}

/// The chi-square distribution.
public enum ChiSquare {
    /// P(X > x) for X ~ χ²(`degreesOfFreedom`): the p-value of a goodness-of-fit
    /// statistic `x` (`gsl_cdf_chisq_Q`). O(1).
    public static func upperTail(_ x: Double, degreesOfFreedom: Double) -> Double {
        gsl_cdf_chisq_Q(x, degreesOfFreedom)
    }

    /// Pearson's statistic Σ (observed − expected)² / expected over the
    /// categories. `observed` and `expected` have the same length. O(n).
    public static func statistic(observed: [Double], expected: [Double]) -> Double {
        precondition(observed.count == expected.count, "observed and expected differ in length")
        var sum = 0.0
        for (o, e) in zip(observed, expected) {
            sum += (o - e) * (o - e) / e
        }
        return sum
    }
}

/// The standard normal distribution.
public enum Normal {
    /// The value below which a fraction `p` of N(0, 1) lies
    /// (`gsl_cdf_ugaussian_Pinv`). O(1).
    public static func quantile(_ p: Double) -> Double {
        gsl_cdf_ugaussian_Pinv(p)
    }
}
