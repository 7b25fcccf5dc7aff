// TEMPORARY: compile-only stand-ins for the Stats API until the Stats module lands. Delete on merge.
import Foundation
public struct StatsError: Error, CustomStringConvertible { public let description: String }
public final class RandomSource {
    var s: UInt64
    public init(seed: UInt64) { s = seed }
    public func uniform() -> Double { s &+= 0x9E37; return Double(s % 1000) / 1000 }
    public func lognormal(zeta: Double, sigma: Double) -> Double { exp(zeta) }
}
public struct LinearFit {
    public let intercept, slope, interceptStandardError, slopeStandardError, residualSumOfSquares: Double
    public let count: Int
    public static func fit(x: [Double], y: [Double]) throws -> LinearFit { fatalError() }
    public func slopeInterval(confidence: Double) -> ClosedRange<Double> { fatalError() }
}
public struct MeanInterval: Sendable {
    public let mean, halfWidth: Double
    public let count: Int
    public static func of(_ xs: [Double], confidence: Double) -> MeanInterval { fatalError() }
}
public enum RootFinder {
    public static func brent(lower: Double, upper: Double, relativeTolerance: Double = 1e-10, maxIterations: Int = 200, _ f: (Double) -> Double) throws -> Double { fatalError() }
}
public enum Summary {
    public static func quantile(_ sorted: [Double], _ p: Double) -> Double { fatalError() }
}
