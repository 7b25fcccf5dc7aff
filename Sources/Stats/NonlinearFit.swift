import CGSL

/// Nonlinear least squares: the parameters θ that minimise Σᵢ (f(θ, xᵢ) − yᵢ)²
/// (`gsl_multifit_nlinear`: trust region with Levenberg–Marquardt steps and
/// Moré scaling), with their covariance σ²·(JᵀJ)⁻¹ at the solution, where
/// σ² = RSS / (n − p) (`gsl_multifit_nlinear_covar`).
///
/// A fit from one starting point finds a local minimum; callers that do
/// not know where the global one lies start from several points and keep
/// the best (``GrowthFit`` does).
public struct NonlinearFit: Sendable, Equatable {
    /// The fitted θ.
    public let parameters: [Double]
    /// σ²·(JᵀJ)⁻¹, row-major, p × p; all zero when n = p (no residual
    /// degrees of freedom).
    public let covariance: [Double]
    /// Σ (f(θ, xᵢ) − yᵢ)² at the solution.
    public let residualSumOfSquares: Double
    /// Number of points fitted (n).
    public let count: Int
    /// Trust-region iterations taken.
    public let iterations: Int
    /// Whether the driver met its step or gradient tolerance (else it ran
    /// out of iterations or stopped making progress; the point reached is
    /// still the best it found).
    public let converged: Bool

    /// The covariance of parameters `i` and `j`.
    public func covariance(_ i: Int, _ j: Int) -> Double { covariance[i * parameters.count + j] }

    /// The model: its value at `x` for parameters `θ`, and the gradient
    /// ∂f/∂θ written into `gradient` (as long as θ).
    public typealias Model = (_ parameters: [Double], _ x: Double, _ gradient: inout [Double]) -> Double

    /// Fits `model` to the points (x[i], y[i]) from `initial`. Needs as many
    /// points as parameters, finite data and a finite start. Throws when GSL
    /// fails outright (a singular start, out of memory). A model that gives a
    /// non-finite value at a trial point makes that step fail, so the solver
    /// steps back. O(iterations × n × p²).
    public static func fit(
        x: [Double], y: [Double], initial: [Double], maxIterations: Int = 100, model: @escaping Model
    ) throws(StatsError) -> NonlinearFit {
        ensureGSLErrorHandlerOff()
        let operation = "gsl_multifit_nlinear"
        let n = x.count, p = initial.count
        guard y.count == n else { throw StatsError(operation: operation, "x has \(n) values, y \(y.count)") }
        guard p >= 1, n >= p else {
            throw StatsError(operation: operation, "needs at least as many points (\(n)) as parameters (\(p))")
        }
        guard x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite), initial.allSatisfy(\.isFinite) else {
            throw StatsError(operation: operation, "the data and the starting point must be finite")
        }
        var context = FitContext(x: x, y: y, model: model, parameterCount: p)
        var settings = gsl_multifit_nlinear_default_parameters()
        settings.trs = cgsl_multifit_nlinear_trs_lm()
        settings.scale = cgsl_multifit_nlinear_scale_more()
        guard let workspace = gsl_multifit_nlinear_alloc(cgsl_multifit_nlinear_trust(), &settings, n, p) else {
            throw StatsError(operation: operation, status: Int32(GSL_ENOMEM))
        }
        defer { gsl_multifit_nlinear_free(workspace) }
        guard let start = gsl_vector_alloc(p), let covariance = gsl_matrix_alloc(p, p) else {
            throw StatsError(operation: operation, status: Int32(GSL_ENOMEM))
        }
        defer {
            gsl_vector_free(start)
            gsl_matrix_free(covariance)
        }
        for j in 0..<p { gsl_vector_set(start, j, initial[j]) }

        return try withUnsafeMutablePointer(to: &context) { contextPointer throws(StatsError) -> NonlinearFit in
            var functions = gsl_multifit_nlinear_fdf()
            functions.f = { theta, params, residuals in
                params!.assumingMemoryBound(to: FitContext.self).pointee.residuals(theta!, into: residuals!)
            }
            functions.df = { theta, params, jacobian in
                params!.assumingMemoryBound(to: FitContext.self).pointee.jacobian(theta!, into: jacobian!)
            }
            functions.fvv = nil
            functions.n = n
            functions.p = p
            functions.params = UnsafeMutableRawPointer(contextPointer)
            try check(gsl_multifit_nlinear_init(start, &functions, workspace), operation)
            var info: Int32 = 0
            let status = gsl_multifit_nlinear_driver(maxIterations, 1e-9, 1e-9, 1e-12, nil, nil, &info, workspace)
            guard status == GSL_SUCCESS || status == GSL_EMAXITER || status == GSL_ENOPROG else {
                throw StatsError(operation: operation, status: status)
            }
            let position = gsl_multifit_nlinear_position(workspace)!
            let residuals = gsl_multifit_nlinear_residual(workspace)!
            let parameters = (0..<p).map { gsl_vector_get(position, $0) }
            var rss = 0.0
            for i in 0..<n {
                let r = gsl_vector_get(residuals, i)
                rss += r * r
            }
            guard parameters.allSatisfy(\.isFinite), rss.isFinite else {
                throw StatsError(operation: operation, "the fit left the finite numbers")
            }
            try check(gsl_multifit_nlinear_covar(gsl_multifit_nlinear_jac(workspace), 0, covariance), operation)
            let variance = n > p ? rss / Double(n - p) : 0
            var scaled = [Double](repeating: 0, count: p * p)
            for i in 0..<p {
                for j in 0..<p { scaled[i * p + j] = gsl_matrix_get(covariance, i, j) * variance }
            }
            return NonlinearFit(
                parameters: parameters, covariance: scaled, residualSumOfSquares: rss, count: n,
                iterations: gsl_multifit_nlinear_niter(workspace), converged: status == GSL_SUCCESS)
        }
    }
}

/// What GSL's callbacks need: the data and the model.
private struct FitContext {
    let x: [Double]
    let y: [Double]
    let model: NonlinearFit.Model
    let parameterCount: Int

    /// A residual standing in for a non-finite one, so the trial step is
    /// rejected rather than the whole fit.
    static let huge = 1e150

    func parameters(_ theta: UnsafePointer<gsl_vector>) -> [Double] {
        (0..<parameterCount).map { gsl_vector_get(theta, $0) }
    }

    func residuals(_ theta: UnsafePointer<gsl_vector>, into out: UnsafeMutablePointer<gsl_vector>) -> Int32 {
        let parameters = parameters(theta)
        var gradient = [Double](repeating: 0, count: parameterCount)
        for i in x.indices {
            let r = model(parameters, x[i], &gradient) - y[i]
            gsl_vector_set(out, i, r.isFinite ? r : Self.huge)
        }
        return Int32(GSL_SUCCESS)
    }

    func jacobian(_ theta: UnsafePointer<gsl_vector>, into out: UnsafeMutablePointer<gsl_matrix>) -> Int32 {
        let parameters = parameters(theta)
        var gradient = [Double](repeating: 0, count: parameterCount)
        for i in x.indices {
            _ = model(parameters, x[i], &gradient)
            for j in 0..<parameterCount { gsl_matrix_set(out, i, j, gradient[j].isFinite ? gradient[j] : 0) }
        }
        return Int32(GSL_SUCCESS)
    }
}
