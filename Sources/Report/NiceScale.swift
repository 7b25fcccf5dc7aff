import Foundation

/// An axis range with "nice" tick values (1, 2, 2.5 or 5 × 10ⁿ apart on a
/// linear axis; powers of ten, with 2 and 5 between them when there are few
/// decades, on a log axis) that covers the data it was made for.
public struct NiceScale: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case linear
        /// Base-10 logarithmic; every value must be > 0.
        case log
    }

    public let kind: Kind
    /// The axis starts here (≤ the smallest value given).
    public let lower: Double
    /// The axis ends here (≥ the largest value given).
    public let upper: Double
    /// Tick values from `lower` to `upper`, ascending.
    public let ticks: [Double]
    /// Distance between ticks on a linear axis (0 on a log axis); decides
    /// how many decimals a tick label needs.
    public let step: Double

    /// Values are drawn within ±this: beyond it an axis's arithmetic
    /// (range, step, tick count) could overflow, and no real figure comes
    /// near it. Data off the axis is still placed, outside the plot.
    static let largestMagnitude = 1e200
    /// A bound on the ticks of any axis, whatever the values (a linear axis
    /// has about `targetTicks`, a log axis one per decade and multiple).
    static let maximumTicks = 10_000

    /// A linear axis covering `values` with about `targetTicks` ticks;
    /// `includeZero` pins one end at 0 (bars, memory, ratios). Non-finite
    /// values are left out; values beyond ±1e200 are taken as ±1e200. O(n).
    public init(linear values: [Double], targetTicks: Int = 6, includeZero: Bool = true) {
        let finite = values.filter(\.isFinite)
            .map { Swift.min(Swift.max($0, -Self.largestMagnitude), Self.largestMagnitude) }
        var low = finite.min() ?? 0
        var high = finite.max() ?? 1
        if includeZero { low = Swift.min(low, 0); high = Swift.max(high, 0) }
        if high - low < 1e-12 * Swift.max(abs(high), 1) {
            // A flat series still needs a range to sit in.
            let pad = high == 0 ? 1 : abs(high) * 0.1
            high += pad
            if !includeZero || low < 0 { low -= pad }
        }
        let step = Self.niceNumber((high - low) / Double(Swift.max(targetTicks - 1, 1)), round: true)
        let lower = (low / step).rounded(.down) * step
        let upper = (high / step).rounded(.up) * step
        // About targetTicks for any finite range; bounded all the same.
        let intervals = ((upper - lower) / step).rounded()
        let count = intervals.isFinite ? Int(Swift.min(Swift.max(intervals, 0), Double(Self.maximumTicks))) : 0
        self.kind = .linear
        self.lower = lower
        self.upper = upper
        self.step = step
        self.ticks = (0...count).map { lower + Double($0) * step }
    }

    /// A log axis from the power of ten at or below the smallest positive
    /// value to the one at or above the largest. Values outside
    /// 1e-200 … 1e200 are taken as those bounds. O(n).
    public init(log values: [Double]) {
        let positive = values.filter { $0 > 0 && $0.isFinite }
            .map { Swift.min(Swift.max($0, 1 / Self.largestMagnitude), Self.largestMagnitude) }
        let low = positive.min() ?? 1
        let high = positive.max() ?? 10
        var lowerExponent = Foundation.log10(low).rounded(.down)
        var upperExponent = Foundation.log10(high).rounded(.up)
        if upperExponent <= lowerExponent { upperExponent = lowerExponent + 1 }
        if lowerExponent > Foundation.log10(low) - 1e-9 && lowerExponent == upperExponent { lowerExponent -= 1 }
        let decades = Int(upperExponent - lowerExponent)
        let multiples: [Double] = decades <= 2 ? [1, 2, 5] : (decades <= 4 ? [1, 3] : [1])
        var ticks: [Double] = []
        for exponent in Int(lowerExponent)...Int(upperExponent) {
            for multiple in multiples {
                let value = multiple * Foundation.pow(10, Double(exponent))
                if value <= Foundation.pow(10, upperExponent) * (1 + 1e-9) { ticks.append(value) }
            }
        }
        self.kind = .log
        self.lower = Foundation.pow(10, lowerExponent)
        self.upper = Foundation.pow(10, upperExponent)
        self.step = 0
        self.ticks = ticks
    }

    /// A log axis when the positive values span at least `decades` powers of
    /// ten (capacities 64 … 65,536), else a linear one.
    public static func automatic(
        _ values: [Double], logFromDecades decades: Double = 1.5, includeZero: Bool = true
    ) -> NiceScale {
        let positive = values.filter { $0 > 0 && $0.isFinite }
        if positive.count == values.count, let low = positive.min(), let high = positive.max(), low > 0,
            Foundation.log10(high / low) >= decades
        {
            return NiceScale(log: values)
        }
        return NiceScale(linear: values, includeZero: includeZero)
    }

    /// Where `value` falls on the axis: 0 at `lower`, 1 at `upper`
    /// (outside that range for values off the axis). O(1).
    public func fraction(_ value: Double) -> Double {
        switch kind {
        case .linear:
            return (value - lower) / (upper - lower)
        case .log:
            let clamped = Swift.max(value, lower * 1e-3)
            return Foundation.log10(clamped / lower) / Foundation.log10(upper / lower)
        }
    }

    /// Decimals a tick label needs so neighbouring ticks read differently.
    public var tickDecimals: Int {
        guard kind == .linear, step > 0 else { return 0 }
        let exponent = Int(Foundation.log10(step).rounded(.down))
        let mantissa = step / Foundation.pow(10, Double(exponent))
        // 2.5 × 10ⁿ needs one decimal more than its power of ten when n ≤ 0.
        let extra = abs(mantissa - 2.5) < 1e-9 && exponent <= 0 ? 1 : 0
        return Swift.max(0, -exponent) + extra
    }

    /// 1, 2, 2.5, 5 or 10 × 10ⁿ near `value` (Heckbert's nice numbers).
    static func niceNumber(_ value: Double, round: Bool) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        let exponent = Foundation.log10(value).rounded(.down)
        let power = Foundation.pow(10, exponent)
        let fraction = value / power
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 2.25 ? 2 : fraction < 3 ? 2.5 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * power
    }
}
