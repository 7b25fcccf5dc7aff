import CGSL

/// An ordinary least-squares line y = intercept + slope·x with standard
/// errors (`gsl_fit_linear`).
public struct LinearFit: Sendable, Equatable {
    public let intercept: Double
    public let slope: Double
    public let interceptStandardError: Double
    public let slopeStandardError: Double
    /// Σ (y − fitted)².
    public let residualSumOfSquares: Double
    /// Number of points fitted.
    public let count: Int

    /// Fits the line through the points (x[i], y[i]). Needs at least two points
    /// of equal count and at least two distinct x. O(n).
    public static func fit(x: [Double], y: [Double]) throws(StatsError) -> LinearFit {
        ensureGSLErrorHandlerOff()
        let operation = "gsl_fit_linear"
        guard x.count == y.count else {
            throw StatsError(operation: operation, "x has \(x.count) values, y \(y.count)")
        }
        guard x.count >= 2 else { throw StatsError(operation: operation, "needs at least 2 points, got \(x.count)") }
        guard let first = x.first, x.contains(where: { $0 != first }) else {
            throw StatsError(operation: operation, "all x are equal: the slope is undefined")
        }
        var c0 = 0.0, c1 = 0.0, cov00 = 0.0, cov01 = 0.0, cov11 = 0.0, sumsq = 0.0
        let status = x.withUnsafeBufferPointer { xs in
            y.withUnsafeBufferPointer { ys in
                gsl_fit_linear(xs.baseAddress, 1, ys.baseAddress, 1, xs.count, &c0, &c1, &cov00, &cov01, &cov11, &sumsq)
            }
        }
        try check(status, operation)
        return LinearFit(
            intercept: c0, slope: c1, interceptStandardError: cov00.squareRoot(),
            slopeStandardError: cov11.squareRoot(), residualSumOfSquares: sumsq, count: x.count)
    }

    /// The two-sided `confidence` interval of the slope: slope ± t·SE with
    /// Student t on n − 2 degrees of freedom (just the slope when n = 2).
    public func slopeInterval(confidence: Double) -> ClosedRange<Double> {
        guard count > 2 else { return slope...slope }
        let t = StudentT.quantile(0.5 + confidence / 2, degreesOfFreedom: Double(count - 2))
        return (slope - t * slopeStandardError)...(slope + t * slopeStandardError)
    }

    /// The fitted y at `x`.
    public func predict(_ x: Double) -> Double { intercept + slope * x }
}
