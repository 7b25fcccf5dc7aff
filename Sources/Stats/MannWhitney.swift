import CGSL

/// The Mann–Whitney U test (Wilcoxon rank-sum): whether values of one
/// sample tend to be larger than those of another, from ranks alone, so a
/// few very slow rounds weigh no more than slightly slow ones.
public enum MannWhitney {
    /// The outcome of a one-sided test of "`ys` tends to be larger than `xs`".
    public struct Outcome: Sendable, Equatable {
        /// U of `ys`: the pairs (x, y) with y > x, ties counting ½.
        public let u: Double
        /// The probability, with no difference between the samples, of a
        /// U at least this large.
        public let pValue: Double
        /// Whether `pValue` is exact (no ties, both samples ≤ 50 values) or
        /// from the normal approximation with tie and continuity corrections.
        public let isExact: Bool
    }

    /// The one-sided test that `ys` is stochastically larger than `xs`.
    /// Exact by enumeration of the U distribution when there are no ties
    /// and both samples have at most 50 values; otherwise the normal
    /// approximation (tie-corrected variance, continuity correction,
    /// `gsl_cdf_ugaussian_Q`). `pValue` is 1 when either sample is empty.
    /// O((m + n) log(m + n)), plus O(m² n²) for the exact distribution.
    public static func greater(_ ys: [Double], than xs: [Double]) -> Outcome {
        let m = xs.count
        let n = ys.count
        guard m > 0, n > 0 else { return Outcome(u: 0, pValue: 1, isExact: true) }
        // Ranks of the pooled sample, ties sharing their mean rank.
        let pooled = (xs.map { ($0, false) } + ys.map { ($0, true) }).sorted { $0.0 < $1.0 }
        var rankSumY = 0.0
        var tieTerm = 0.0
        var start = 0
        while start < pooled.count {
            var end = start
            while end + 1 < pooled.count, pooled[end + 1].0 == pooled[start].0 { end += 1 }
            let rank = Double(start + end + 2) / 2
            for i in start...end where pooled[i].1 { rankSumY += rank }
            let t = Double(end - start + 1)
            tieTerm += t * t * t - t
            start = end + 1
        }
        let u = rankSumY - Double(n * (n + 1)) / 2
        if tieTerm == 0, m <= 50, n <= 50 {
            return Outcome(u: u, pValue: exactUpperTail(u: Int(u), m: m, n: n), isExact: true)
        }
        let total = Double(m + n)
        let mean = Double(m * n) / 2
        let variance = Double(m * n) / 12 * ((total + 1) - tieTerm / (total * (total - 1)))
        guard variance > 0 else { return Outcome(u: u, pValue: 1, isExact: false) }
        let z = (u - mean - 0.5) / variance.squareRoot()
        return Outcome(u: u, pValue: gsl_cdf_ugaussian_Q(z), isExact: false)
    }

    /// P(U ≥ u) with no ties, for samples of `m` and `n`: the count of the
    /// C(m+n, m) equally likely arrangements with U ≥ u, over their number.
    /// By the recurrence f(m, n, u) = f(m−1, n, u−n) + f(m, n−1, u), as
    /// frequencies in Doubles (exact below 2^53 arrangements). O(m² n²).
    static func exactUpperTail(u: Int, m: Int, n: Int) -> Double {
        // counts[j][v]: arrangements of i x's and j y's whose U of the y's is v,
        // built up over i (rows of x's added one at a time).
        let maxU = m * n
        var counts = [[Double]](repeating: [], count: n + 1)
        for j in 0...n { counts[j] = [1] }  // no x's: U = 0
        for i in 1...m {
            var next = [[Double]](repeating: [], count: n + 1)
            next[0] = [1]  // no y's: U = 0
            for j in 1...n {
                // The largest value is a y (it beats all i x's: U + i) or an x.
                var row = [Double](repeating: 0, count: i * j + 1)
                for (v, c) in counts[j].enumerated() where c > 0 { row[v] += c }  // largest is x
                for (v, c) in next[j - 1].enumerated() where c > 0 { row[v + i] += c }  // largest is y
                next[j] = row
            }
            counts = next
        }
        let distribution = counts[n]
        let all = distribution.reduce(0, +)
        guard u <= maxU else { return 0 }
        let tail = distribution[max(0, u)...].reduce(0, +)
        return tail / all
    }
}
