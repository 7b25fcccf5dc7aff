import Stats

/// The verdict's rule for one series y(x) (a measure against requests, or
/// a service's bytes against seconds), shared by `cachesim run` and
/// `cachesim forecast`:
///
/// 1. A line through the second half (GSL): the series *rises* when the
///    slope's 95 % interval lies above zero and the fitted growth over that
///    half is at least 1 % of the final level — so allocator noise and
///    Poisson wobble are not a leak. A series that does not rise is flat
///    (a plateau), however a curve might fit its warm-up.
/// 2. A rising series gets the growth model with the lowest BIC among
///    linear, power law and saturating (the simplest within 2 of it, see
///    ``GrowthFit/preferred(among:)``), fitted to the whole series (a
///    cache's on ``pointsOfARun`` of its points) by GSL's nonlinear least squares; a saturating fit counts only when it
///    is credible: at the last point it has come at least half way from
///    its start to its ceiling, and the ceiling's 95 % interval is within
///    ± 50 % of it (else a curve that bends a little would be promised a
///    ceiling far beyond the data).
struct GrowthChoice {
    /// Every model that could be fitted, in ``GrowthModel`` order.
    let fits: [GrowthFit]
    /// The model the rule chose.
    let model: GrowthModel
    /// The chosen model's fit (nil for flat when even that failed).
    let fit: GrowthFit?
    /// The line through the second half.
    let secondHalf: SecondHalfTrend

    /// A cache's memory series is fitted on at most this many of its
    /// points, evenly spaced: its few hundred samples trace a smooth curve
    /// that this many fix as well, at a fraction of the cost per run.
    static let pointsOfARun = 64

    /// `maximumPoints`: fit at most this many of the points (evenly
    /// spaced); a service's noisy series is fitted whole.
    init(x: [Double], y: [Double], maximumPoints: Int = .max) {
        secondHalf = SecondHalfTrend(x: x, y: y)
        let (fx, fy) = Self.thinned(x, y, to: maximumPoints)
        // A constant series is flat whatever curve one tries; the curves would only wander.
        let constant = fy.allSatisfy { $0 == fy.first }
        // A degenerate fit, whose value or slope at the end is not a number,
        // says nothing and is left out: its intervals have no bounds to order.
        fits = GrowthModel.allCases.compactMap { model in
            guard !constant || model == .flat || model == .linear,
                let fit = try? GrowthFit.fit(model, x: fx, y: fy), let end = fx.last,
                fit.value(at: end).isFinite, fit.slope(at: end).isFinite
            else { return nil }
            return fit
        }
        guard secondHalf.rises else {
            model = .flat
            fit = fits.first { $0.model == .flat }
            return
        }
        let candidates = fits.filter { fit in
            switch fit.model {
            case .flat: return false
            case .linear, .power: return true
            case .saturating: return Self.isCredible(fit)
            }
        }
        if let best = GrowthFit.preferred(among: candidates) {
            model = best.model
            fit = best
        } else {
            model = .linear
            fit = nil
        }
    }

    /// At most `count` (≥ 2) of the points, evenly spaced by index, first and last kept.
    static func thinned(_ x: [Double], _ y: [Double], to count: Int) -> ([Double], [Double]) {
        guard x.count > count, count >= 2 else { return (x, y) }
        let last = x.count - 1
        let indices = (0..<count).map { $0 * last / (count - 1) }
        return (indices.map { x[$0] }, indices.map { y[$0] })
    }

    /// Half way to the ceiling, and the ceiling known within ± 50 %.
    static func isCredible(_ fit: GrowthFit) -> Bool {
        guard let reached = fit.fractionOfCeilingReached, reached >= 0.5,
            let ceiling = fit.parameters(confidence: 0.95).first(where: { $0.name == "ceiling" }),
            ceiling.value > 0
        else { return false }
        return ceiling.high - ceiling.low <= ceiling.value
    }

    /// The fits as the result records them: the rule's pick with its
    /// parameters, and every model's score.
    func measureFit(_ measure: String) -> MeasureFit {
        MeasureFit(
            measure: measure, chosen: fit.map(ModelFit.init),
            candidates: fits.map {
                ModelScore(
                    model: $0.model, residualSumOfSquares: finite($0.residualSumOfSquares), aic: finite($0.aic),
                    bic: finite($0.bic))
            })
    }
}

/// A least-squares line (GSL `gsl_fit_linear`) through the second half of a
/// series: the points with x ≥ half the last x.
struct SecondHalfTrend {
    let fit: LinearFit?
    /// The slope's 95 % interval.
    let interval: ClosedRange<Double>
    /// The mean level of the second half.
    let mean: Double
    /// The slope's 95 % interval lies above zero and the fitted growth over
    /// the half is at least 1 % of the final level.
    let rises: Bool

    init(x: [Double], y: [Double]) {
        let last = x.last ?? 0
        let start = x.firstIndex { $0 * 2 >= last } ?? 0
        let hx = Array(x[start...]), hy = Array(y[start...])
        fit = try? LinearFit.fit(x: hx, y: hy)
        interval = fit?.slopeInterval(confidence: 0.95) ?? 0...0
        mean = hy.reduce(0, +) / Double(max(1, hy.count))
        let span = (hx.last ?? 0) - (hx.first ?? 0)
        let level = max(abs(hy.last ?? 0), 1)
        rises = interval.lowerBound > 0 && (fit?.slope ?? 0) * span >= 0.01 * level
    }
}

extension ModelFit {
    /// The fit as results record it; every figure finite (``finite(_:)``).
    init(_ fit: GrowthFit) {
        self.init(
            model: fit.model,
            parameters: fit.parameters(confidence: 0.95).map {
                FittedParameter(name: $0.name, estimate: finite($0.value), low: finite($0.low), high: finite($0.high))
            },
            residualSumOfSquares: finite(fit.residualSumOfSquares), aic: finite(fit.aic), bic: finite(fit.bic))
    }
}

/// `value`, with NaN as 0 and infinities as the largest finite numbers, so
/// it can be written as JSON.
func finite(_ value: Double) -> Double {
    value.isNaN ? 0 : min(max(value, -.greatestFiniteMagnitude), .greatestFiniteMagnitude)
}
