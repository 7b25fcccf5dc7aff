import Foundation
import Stats

/// Che's approximation of the LRU hit ratio under the independent reference
/// model (Che, Tung & Wang, 2002): the characteristic time T solves
/// Σᵢ (1 − e^(−pᵢ·T)) = C, and then H = Σᵢ pᵢ (1 − e^(−pᵢ·T)).
public struct CheApproximation: Sendable {
    /// Popularities pᵢ, summing to 1.
    let probabilities: [Double]

    /// Largest universe for which the per-key sums are computed (each root
    /// step is one pass over the universe).
    public static let maximumUniverse = 20_000_000

    /// Zipf popularities pᵢ ∝ 1/i^alpha over `universe` keys, or `nil` when the
    /// universe is larger than ``maximumUniverse``.
    public init?(zipfAlpha alpha: Double, universe: Int) {
        guard universe >= 1, universe <= Self.maximumUniverse else { return nil }
        var weights = [Double](repeating: 0, count: universe)
        var total = 0.0
        for i in 0..<universe {
            let w = pow(Double(i + 1), -alpha)
            weights[i] = w
            total += w
        }
        for i in 0..<universe { weights[i] /= total }
        probabilities = weights
    }

    /// The predicted LRU hit ratio at `capacity` entries (1 when everything fits).
    public func lruHitRatio(capacity: Int) throws -> Double {
        let c = Double(capacity)
        guard capacity < probabilities.count else { return 1 }
        guard capacity > 0 else { return 0 }
        let occupancy = { (t: Double) -> Double in
            var sum = 0.0
            for p in self.probabilities { sum += -expm1(-p * t) }
            return sum - c
        }
        var upper = c
        var steps = 0
        while occupancy(upper) <= 0 && steps < 200 {
            upper *= 2
            steps += 1
        }
        let t = try RootFinder.brent(lower: 0, upper: upper, relativeTolerance: 1e-10, occupancy)
        var hit = 0.0
        for p in probabilities { hit += p * -expm1(-p * t) }
        return hit
    }
}
