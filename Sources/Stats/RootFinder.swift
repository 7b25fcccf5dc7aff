import CGSL

/// Bracketing root finding (`gsl_root_fsolver_brent`).
public enum RootFinder {
    /// A root of `f` in `lower...upper`, where f(lower) and f(upper) have
    /// opposite signs, to within `relativeTolerance` of the bracket.
    /// Throws when the bracket does not straddle a root or the solver does not
    /// converge in `maxIterations`.
    public static func brent(
        lower: Double, upper: Double, relativeTolerance: Double = 1e-10, maxIterations: Int = 200,
        _ f: (Double) -> Double
    ) throws(StatsError) -> Double {
        ensureGSLErrorHandlerOff()
        let operation = "gsl_root_fsolver_brent"
        guard lower < upper else { throw StatsError(operation: operation, "empty bracket [\(lower), \(upper)]") }
        let fLower = f(lower), fUpper = f(upper)
        if fLower == 0 { return lower }
        if fUpper == 0 { return upper }
        guard (fLower < 0) != (fUpper < 0) else {
            throw StatsError(
                operation: operation, "f(\(lower)) = \(fLower) and f(\(upper)) = \(fUpper) have the same sign")
        }
        guard let solver = gsl_root_fsolver_alloc(cgsl_root_fsolver_brent()) else {
            throw StatsError(operation: operation, status: Int32(GSL_ENOMEM))
        }
        defer { gsl_root_fsolver_free(solver) }

        typealias Function = (Double) -> Double
        return try withoutActuallyEscaping(f) { (escapable: @escaping Function) throws(StatsError) -> Double in
            var box = escapable
            return try withUnsafeMutablePointer(to: &box) { boxPointer throws(StatsError) -> Double in
                var function = gsl_function(
                    function: { x, params in
                        params!.assumingMemoryBound(to: Function.self).pointee(x)
                    },
                    params: UnsafeMutableRawPointer(boxPointer))
                try check(gsl_root_fsolver_set(solver, &function, lower, upper), operation)
                for _ in 0..<maxIterations {
                    try check(gsl_root_fsolver_iterate(solver), operation)
                    let low = gsl_root_fsolver_x_lower(solver), high = gsl_root_fsolver_x_upper(solver)
                    if gsl_root_test_interval(low, high, 0, relativeTolerance) == Int32(GSL_SUCCESS) {
                        return gsl_root_fsolver_root(solver)
                    }
                }
                throw StatsError(operation: operation, "no convergence in \(maxIterations) iterations")
            }
        }
    }
}
