import Foundation

/// The shapes a memory series takes over time (or requests), each a
/// least-squares model y(x):
///
/// | model | y(x) | what it means |
/// |---|---|---|
/// | `flat` | a | a plateau: the level is held |
/// | `linear` | a + b·x | a leak: the same growth per request or second, for ever |
/// | `power` | a + b·x^β | sublinear growth (β < 1: Heaps' law, distinct keys ∝ n^β) or accelerating (β > 1) |
/// | `saturating` | K − (K − a)·exp(−(x/τ)^γ) | growth that levels off at a ceiling K (a bounded key universe); γ = 1 is the plain exponential approach, γ < 1 a slower, stretched one |
///
/// The stretched exponential is used for saturation because distinct keys
/// of a skewed (Zipf) stream approach their universe as a sum of
/// exponentials with very different rates, popular keys first and rare
/// keys last; one exponential underestimates the ceiling of such a curve
/// by 15 % on Workloads/zipf.json, the stretched one finds it within 1 %.
public enum GrowthModel: String, Sendable, Codable, CaseIterable {
    case flat, linear, power, saturating

    /// Names of the parameters as ``GrowthFit/parameters`` reports them.
    public var parameterNames: [String] {
        switch self {
        case .flat: ["level"]
        case .linear: ["intercept", "slope"]
        case .power: ["intercept", "coefficient", "exponent"]
        case .saturating: ["start", "ceiling", "timescale", "shape"]
        }
    }

    /// Number of fitted parameters (p).
    public var parameterCount: Int { parameterNames.count }

    /// The model in the fitting coordinates X = x / xScale, Y = y / yScale,
    /// with exponents and rates as logarithms so they stay positive:
    /// power θ = (a, b, ln β); saturating θ = (a, K, ln(1/τ), ln γ). Writes
    /// ∂Y/∂θ into `gradient`. O(1).
    func value(_ theta: [Double], _ x: Double, _ gradient: inout [Double]) -> Double {
        switch self {
        case .flat:
            gradient[0] = 1
            return theta[0]
        case .linear:
            gradient[0] = 1
            gradient[1] = x
            return theta[0] + theta[1] * x
        case .power:
            let beta = exp(theta[2])
            let power = x > 0 ? pow(x, beta) : 0
            gradient[0] = 1
            gradient[1] = power
            gradient[2] = x > 0 ? theta[1] * power * log(x) * beta : 0
            return theta[0] + theta[1] * power
        case .saturating:
            let rate = exp(theta[2]), shape = exp(theta[3])
            let u = x > 0 ? pow(rate * x, shape) : 0
            let remaining = exp(-u)
            let rise = theta[1] - theta[0]
            gradient[0] = remaining
            gradient[1] = 1 - remaining
            gradient[2] = rise * remaining * shape * u
            gradient[3] = x > 0 ? rise * remaining * u * log(rate * x) * shape : 0
            return theta[1] - rise * remaining
        }
    }

    /// dY/dX at X, in the fitting coordinates. O(1).
    func derivative(_ theta: [Double], _ x: Double) -> Double {
        switch self {
        case .flat: return 0
        case .linear: return theta[1]
        case .power:
            let beta = exp(theta[2])
            guard x > 0 else { return beta < 1 ? .infinity : (beta == 1 ? theta[1] : 0) }
            return theta[1] * beta * pow(x, beta - 1)
        case .saturating:
            let rate = exp(theta[2]), shape = exp(theta[3])
            guard x > 0 else { return shape < 1 ? .infinity : (shape == 1 ? (theta[1] - theta[0]) * rate : 0) }
            let u = pow(rate * x, shape)
            return (theta[1] - theta[0]) * exp(-u) * shape * u / x
        }
    }

    /// Starting points for the fit in the fitting coordinates, from the
    /// data's own scale: several for the nonlinear models, whose best
    /// start is not known in advance.
    func starts(x: [Double], y: [Double]) -> [[Double]] {
        let first = y.first ?? 0, last = y.last ?? 0
        let mean = y.reduce(0, +) / Double(max(1, y.count))
        let rise = last - first
        switch self {
        case .flat:
            return [[mean]]
        case .linear:
            let line = try? LinearFit.fit(x: x, y: y)
            return [[line?.intercept ?? mean, line?.slope ?? 0]]
        case .power:
            return [0.4, 1.0, 1.6].map { [first, rise, log($0)] }
        case .saturating:
            let span = max(abs(rise), 1e-3)
            return [(0.1, 1.0, 1.0), (0.1, 4.0, 0.6), (1.0, 1.0, 0.6), (1.0, 4.0, 1.0)].map { excess, rate, shape in
                [first, last + excess * span, log(rate), log(shape)]
            }
        }
    }
}

/// A ``GrowthModel`` fitted to a series by ``NonlinearFit`` (GSL), with what a
/// forecast needs: values, slopes and prediction bands anywhere, parameter
/// intervals, information criteria to compare models, and where the curve
/// crosses a level.
///
/// The fit works in scaled coordinates (x and y divided by their largest
/// magnitudes), so series in requests and bytes, or seconds and gigabytes,
/// are conditioned alike; every figure it reports is in the series' units.
public struct GrowthFit: Sendable {
    public let model: GrowthModel
    /// θ in the fitting coordinates (see ``GrowthModel``).
    let theta: [Double]
    /// Covariance of θ, row-major.
    let thetaCovariance: [Double]
    let xScale: Double
    let yScale: Double
    /// Number of points fitted.
    public let count: Int
    /// Σ (y − fitted)², in the series' units squared.
    public let residualSumOfSquares: Double
    /// Akaike's and the Bayesian information criterion of the fit:
    /// n·ln(RSS/n) + 2p and n·ln(RSS/n) + p·ln n, the noise floored at one
    /// millionth of the series' scale (so exact fits compare by their
    /// number of parameters). Lower is better; only differences between
    /// fits of the same series mean anything.
    public let aic: Double
    public let bic: Double
    /// The last x fitted, where a forecast starts.
    public let lastX: Double

    /// Fits `model` to (x[i], y[i]) from each of its starting points and
    /// keeps the lowest residual sum of squares. Needs more points than
    /// parameters, finite values and at least two distinct x. O(starts × iterations × n).
    public static func fit(_ model: GrowthModel, x: [Double], y: [Double]) throws(StatsError) -> GrowthFit {
        let operation = "growth fit (\(model.rawValue))"
        guard x.count == y.count else {
            throw StatsError(operation: operation, "x has \(x.count) values, y \(y.count)")
        }
        guard x.count > model.parameterCount else {
            throw StatsError(
                operation: operation,
                "needs more points (\(x.count)) than parameters (\(model.parameterCount))")
        }
        guard x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else {
            throw StatsError(operation: operation, "the series must be finite")
        }
        let xScale = x.map(abs).max() ?? 0, yScale = max(y.map(abs).max() ?? 0, Double.leastNormalMagnitude)
        guard xScale > 0, let first = x.first, x.contains(where: { $0 != first }) else {
            throw StatsError(operation: operation, "needs at least two distinct x")
        }
        let scaledX = x.map { $0 / xScale }, scaledY = y.map { $0 / yScale }
        var best: NonlinearFit?
        var lastError = StatsError(operation: operation, "no starting point converged")
        for start in model.starts(x: scaledX, y: scaledY) {
            do {
                let fit = try NonlinearFit.fit(x: scaledX, y: scaledY, initial: start) { theta, x, gradient in
                    model.value(theta, x, &gradient)
                }
                if best == nil || fit.residualSumOfSquares < best!.residualSumOfSquares { best = fit }
            } catch {
                lastError = error
            }
        }
        guard let best else { throw lastError }
        let n = Double(x.count), p = Double(model.parameterCount)
        // One millionth of the scale, or half a unit (series of counts and bytes are integers).
        let floor = max(1e-6, 0.5 / yScale)
        let misfit = log(max(best.residualSumOfSquares, n * floor * floor) / n)
        return GrowthFit(
            model: model, theta: best.parameters, thetaCovariance: best.covariance, xScale: xScale, yScale: yScale,
            count: x.count, residualSumOfSquares: best.residualSumOfSquares * yScale * yScale,
            aic: n * misfit + 2 * p, bic: n * misfit + p * log(n), lastX: x.max()!)
    }

    /// Every model fitted to the series, in ``GrowthModel`` order (a model
    /// that cannot be fitted, e.g. with too few points, is left out).
    public static func fitAll(x: [Double], y: [Double]) -> [GrowthFit] {
        GrowthModel.allCases.compactMap { try? fit($0, x: x, y: y) }
    }

    /// A BIC difference smaller than this is not evidence for the model
    /// with more parameters (Kass & Raftery's "not worth more than a bare
    /// mention"), so the simpler one is kept.
    public static let bicEvidence = 2.0

    /// The model the data support best for its number of parameters: the
    /// fewest parameters among the fits within ``bicEvidence`` of the
    /// lowest BIC (nil when `fits` is empty). Without that margin a line
    /// with noise would be called a power law of exponent 1.03 about as
    /// often as not.
    public static func preferred(among fits: [GrowthFit]) -> GrowthFit? {
        guard let best = fits.map(\.bic).min() else { return nil }
        return fits.filter { $0.bic <= best + bicEvidence }.min {
            ($0.model.parameterCount, $0.bic) < ($1.model.parameterCount, $1.bic)
        }
    }

    // MARK: Values

    /// The fitted y at `x`. O(1).
    public func value(at x: Double) -> Double {
        var gradient = [Double](repeating: 0, count: theta.count)
        return model.value(theta, x / xScale, &gradient) * yScale
    }

    /// dy/dx at `x`: the growth per unit of x there (bytes per request, per
    /// second). O(1).
    public func slope(at x: Double) -> Double {
        model.derivative(theta, x / xScale) * yScale / xScale
    }

    /// The two-sided `confidence` interval of ``slope(at:)`` (delta method:
    /// the gradient of the slope with respect to θ, by central differences,
    /// through θ's covariance; Student t on n − p degrees of freedom). O(p²).
    public func slopeInterval(at x: Double, confidence: Double) -> ClosedRange<Double> {
        let scaledX = x / xScale
        let spread = deltaStandardError { theta in model.derivative(theta, scaledX) } * yScale / xScale
        return interval(slope(at: x), spread, confidence)
    }

    /// The `confidence` prediction band at `x`: where a new observation is
    /// expected, fitted value ± t·√(gᵀCg + σ²), with g = ∂y/∂θ, C the
    /// covariance of θ and σ² the residual variance. O(p²).
    public func band(at x: Double, confidence: Double) -> ClosedRange<Double> {
        var gradient = [Double](repeating: 0, count: theta.count)
        let fitted = model.value(theta, x / xScale, &gradient)
        let variance = quadratic(gradient) + residualVariance
        return interval(fitted * yScale, variance.squareRoot() * yScale, confidence)
    }

    /// σ² in the fitting coordinates (0 without residual degrees of freedom).
    var residualVariance: Double {
        let dof = count - theta.count
        return dof > 0 ? residualSumOfSquares / (yScale * yScale) / Double(dof) : 0
    }

    /// The ceiling K of a saturating fit, in the series' units; nil for the others.
    public var ceiling: Double? { model == .saturating ? theta[1] * yScale : nil }

    /// How far a saturating fit had come towards its ceiling at the last
    /// point, (y − a)/(K − a) in 0…1; nil for the other models.
    public var fractionOfCeilingReached: Double? {
        guard model == .saturating else { return nil }
        let rise = theta[1] - theta[0]
        guard rise != 0 else { return 1 }
        return (value(at: lastX) / yScale - theta[0]) / rise
    }

    // MARK: Parameters

    /// One fitted parameter with its interval, in the series' units.
    public struct Parameter: Sendable, Equatable {
        public let name: String
        public let value: Double
        public let low: Double
        public let high: Double
    }

    /// The parameters in the series' units (names: ``GrowthModel/parameterNames``)
    /// with `confidence` intervals: t·SE on the scaled parameters, mapped
    /// through exp for the positive ones (exponent, timescale, shape) and by
    /// the delta method for the power law's coefficient b = y-scale·θ₁ / x-scale^β. O(p²).
    public func parameters(confidence: Double) -> [Parameter] {
        let t = tQuantile(confidence)
        func se(_ i: Int) -> Double { thetaCovariance[i * theta.count + i].squareRoot() }
        func linear(_ name: String, _ i: Int, _ scale: Double) -> Parameter {
            Parameter(
                name: name, value: theta[i] * scale, low: (theta[i] - t * se(i)) * scale,
                high: (theta[i] + t * se(i)) * scale)
        }
        func exponential(_ name: String, _ i: Int, _ scale: Double, inverted: Bool = false) -> Parameter {
            let sign = inverted ? -1.0 : 1.0
            let a = exp(sign * (theta[i] - t * se(i))) * scale, b = exp(sign * (theta[i] + t * se(i))) * scale
            return Parameter(name: name, value: exp(sign * theta[i]) * scale, low: min(a, b), high: max(a, b))
        }
        switch model {
        case .flat:
            return [linear("level", 0, yScale)]
        case .linear:
            return [linear("intercept", 0, yScale), linear("slope", 1, yScale / xScale)]
        case .power:
            let coefficient = { (theta: [Double]) in theta[1] * self.yScale / pow(self.xScale, exp(theta[2])) }
            let value = coefficient(theta)
            let spread = deltaStandardError(coefficient)
            return [
                linear("intercept", 0, yScale),
                Parameter(name: "coefficient", value: value, low: value - t * spread, high: value + t * spread),
                exponential("exponent", 2, 1),
            ]
        case .saturating:
            return [
                linear("start", 0, yScale), linear("ceiling", 1, yScale),
                exponential("timescale", 2, xScale, inverted: true), exponential("shape", 3, 1),
            ]
        }
    }

    // MARK: Crossings

    /// Which curve a crossing is taken on: the fitted one or an edge of
    /// the prediction band.
    public enum Curve: Sendable {
        case fitted
        case bandLow(confidence: Double)
        case bandHigh(confidence: Double)
    }

    /// The first x in `start`…`limit` at which `curve` reaches `level`
    /// (`start` itself when it is already there), or nil when it does not
    /// within `limit`. The curve is sampled at start + span·2ᵏ (span:
    /// the fitted x range) and the first bracket is refined by Brent's
    /// method, so a curve that rises, dips and rises again between two
    /// of those points may be crossed later than it could be. O(log(limit/span) × p²).
    public func firstCrossing(of level: Double, from start: Double, limit: Double, curve: Curve = .fitted) -> Double? {
        func height(_ x: Double) -> Double {
            switch curve {
            case .fitted: return value(at: x)
            case .bandLow(let confidence): return band(at: x, confidence: confidence).lowerBound
            case .bandHigh(let confidence): return band(at: x, confidence: confidence).upperBound
            }
        }
        guard level.isFinite, start.isFinite, limit.isFinite else { return nil }
        if height(start) >= level { return start }
        let span = max(xScale, 1e-12)
        var previous = start
        var step = span / 64
        while previous < limit {
            let next = min(limit, start + step)
            if height(next) >= level {
                return
                    (try? RootFinder.brent(lower: previous, upper: next, relativeTolerance: 1e-9) {
                        height($0) - level
                    }) ?? next
            }
            previous = next
            step *= 2
        }
        return nil
    }

    // MARK: Helpers

    func tQuantile(_ confidence: Double) -> Double {
        let dof = count - theta.count
        return dof > 0 ? StudentT.quantile(0.5 + confidence / 2, degreesOfFreedom: Double(dof)) : 0
    }

    /// center ± t·spread; a center that is not a number (a degenerate fit)
    /// says nothing, so every value is in the interval: `center...center`
    /// would trap on NaN, whose bounds are not ordered.
    func interval(_ center: Double, _ spread: Double, _ confidence: Double) -> ClosedRange<Double> {
        guard center.isFinite else { return -Double.infinity...Double.infinity }
        let half = abs(tQuantile(confidence) * spread)
        guard half.isFinite else { return center...center }
        return (center - half)...(center + half)
    }

    /// gᵀ C g.
    func quadratic(_ g: [Double]) -> Double {
        var sum = 0.0
        for i in g.indices {
            for j in g.indices { sum += g[i] * thetaCovariance[i * g.count + j] * g[j] }
        }
        return sum.isFinite ? max(0, sum) : 0
    }

    /// The standard error of φ(θ) by the delta method, ∇φ by central differences.
    func deltaStandardError(_ phi: ([Double]) -> Double) -> Double {
        var gradient = [Double](repeating: 0, count: theta.count)
        for i in theta.indices {
            let h = 1e-6 * max(1, abs(theta[i]))
            var up = theta, down = theta
            up[i] += h
            down[i] -= h
            gradient[i] = (phi(up) - phi(down)) / (2 * h)
        }
        return quadratic(gradient).squareRoot()
    }
}
