import Foundation

/// The questions a curve answers, per policy: the smallest capacity that
/// reaches a target hit ratio, the hit ratio a memory budget buys, and the
/// knee. Each reads the curve's resolved points only; a point the sample
/// could not resolve is never guessed.
extension PolicyCurve {
    /// Where the curve first reaches `target`: the smallest capacity with a
    /// hit ratio ≥ target and the resolved capacity before it (which does
    /// not reach it), or `nil` when no point reaches it. `below` is `nil`
    /// when the first resolved point already reaches it.
    public func firstReaching(_ target: Double) -> (capacity: Int, hitRatio: Double, below: Int?)? {
        let points = resolved
        guard let index = points.firstIndex(where: { $0.hitRatio >= target }) else { return nil }
        return (points[index].capacity, points[index].hitRatio, index > 0 ? points[index - 1].capacity : nil)
    }

    /// The hit ratio at exactly `capacity`, when it is a resolved point.
    public func hitRatio(at capacity: Int) -> Double? {
        points.first { $0.capacity == capacity }?.hitRatio
    }

    /// The knee: of the resolved points, the one farthest above the chord
    /// from the first to the last, with capacity on a log scale and both
    /// axes scaled to [0, 1] (Kneedle's rule, Satopää et al., ICDCS-W
    /// 2011, for a rising curve): past it, each doubling of the cache buys
    /// less than the curve's average. `nil` for fewer than three resolved
    /// points, a curve that does not rise, or one that never rises more
    /// than 1 % of its range above the chord (a straight line in log
    /// capacity, or a curve that bends up: no knee).
    public var knee: (capacity: Int, hitRatio: Double)? {
        let points = resolved.filter { $0.capacity > 0 }
        guard points.count >= 3, let first = points.first, let last = points.last,
            last.hitRatio > first.hitRatio, last.capacity > first.capacity
        else { return nil }
        let (x0, x1) = (log(Double(first.capacity)), log(Double(last.capacity)))
        let (y0, y1) = (first.hitRatio, last.hitRatio)
        var best: (gap: Double, point: (capacity: Int, hitRatio: Double))?
        for point in points.dropFirst().dropLast() {
            let x = (log(Double(point.capacity)) - x0) / (x1 - x0)
            let y = (point.hitRatio - y0) / (y1 - y0)
            if y - x > (best?.gap ?? 0.01) { best = (y - x, point) }
        }
        return best?.point
    }
}

/// A memory budget turned into each policy's capacity: entries that fit
/// when each costs the policy's measured bytes (``EntryFootprint``) plus
/// the workload's mean object size.
public enum MemoryBudget {
    /// Entries of `footprint` and `objectBytes` each within `budget` bytes.
    public static func entries(within budget: Int, footprint: EntryFootprint, objectBytes: Double) -> Int {
        Int((Double(budget) / (footprint.bytesPerEntry + objectBytes)).rounded(.down))
    }
}

/// One policy's answers, as `cachesim mrc` prints and writes them.
public struct CurveAnswer: Codable, Sendable, Equatable {
    /// The smallest capacity of the curve reaching the target.
    public struct Target: Codable, Sendable, Equatable {
        /// The first capacity reaching it and its hit ratio; `nil` when no
        /// capacity of the curve reaches it.
        public var capacity: Int?
        public var hitRatio: Double?
        /// The resolved capacity before it, which does not reach it.
        public var below: Int?
        /// The best hit ratio of the curve, when the target is not reached.
        public var best: Double?
    }

    /// What a memory budget buys.
    public struct Budget: Codable, Sendable, Equatable {
        public var footprint: EntryFootprint
        /// Bytes an entry costs in all: the policy's own plus the object.
        public var bytesPerEntry: Double
        /// The capacity that fits (entries, or the objects' bytes for a
        /// curve in bytes) and the hit ratio there (`nil` when unresolved).
        public var capacity: Int
        public var hitRatio: Double?
    }

    public var policy: String
    public var target: Target?
    /// The hit ratio at the capacity asked for with `--capacity`.
    public var atCapacity: Double?
    public var budget: Budget?
    /// The knee (see ``PolicyCurve/knee``).
    public var knee: CurvePoint?

    public init(policy: String) { self.policy = policy }
}

extension CurveSet {
    /// Each curve's answers: where it reaches `target`, its hit ratio at
    /// `capacity` and at each policy's `budgetCapacities`, and its knee.
    /// The capacities must be points of the curves (``CurveRun`` simulates
    /// them: ``CurveRequest/extraCapacities``).
    public func answers(
        target: Double?, capacity: Int?, budgets: [String: (capacity: Int, footprint: EntryFootprint, bytes: Double)]
    ) -> [CurveAnswer] {
        curves.map { curve in
            var answer = CurveAnswer(policy: curve.policy)
            if let target {
                if let reached = curve.firstReaching(target) {
                    answer.target = .init(capacity: reached.capacity, hitRatio: reached.hitRatio, below: reached.below)
                } else {
                    answer.target = .init(best: curve.resolved.map(\.hitRatio).max())
                }
            }
            if let capacity { answer.atCapacity = curve.hitRatio(at: capacity) }
            if let budget = budgets[curve.policy] {
                answer.budget = .init(
                    footprint: budget.footprint, bytesPerEntry: budget.bytes, capacity: budget.capacity,
                    hitRatio: curve.hitRatio(at: budget.capacity))
            }
            if let knee = curve.knee { answer.knee = CurvePoint(capacity: knee.capacity, hitRatio: knee.hitRatio) }
            return answer
        }
    }
}
