/// Holm's step-down correction for testing several hypotheses at once:
/// with m runs compared, the smallest p-value must be below α/m, the next
/// below α/(m − 1), and so on, stopping at the first that is not. The
/// chance of any false alarm among the m stays at most α, whatever the
/// dependence between the tests, and it rejects everything Bonferroni's
/// α/m would and more.
public enum HolmCorrection {
    /// Which of `pValues` are rejected at family-wise level `alpha`, in the
    /// order given. O(m log m).
    public static func rejected(_ pValues: [Double], alpha: Double) -> [Bool] {
        let m = pValues.count
        var result = [Bool](repeating: false, count: m)
        for (step, index) in pValues.indices.sorted(by: { pValues[$0] < pValues[$1] }).enumerated() {
            guard pValues[index] <= alpha / Double(m - step) else { break }
            result[index] = true
        }
        return result
    }
}
