import Stats

/// Virtual request timestamps (nanoseconds) for an `Arrivals` process.
///
/// `fixed`: request i arrives at round(i · 10⁹ / rate), computed from the
/// index so no rounding error accumulates. `poisson`: gaps are exponential
/// with mean 10⁹ / rate ns, summed in double precision (exact to the
/// nanosecond for 10⁶ hours). Without arrivals every time is 0.
public struct ArrivalClock {
    public let arrivals: Arrivals?
    private let rng: RandomSource
    private var index: Int64 = 0
    private var now = 0.0

    public init(_ arrivals: Arrivals?, seed: UInt64) {
        self.arrivals = arrivals
        rng = RandomSource(seed: seed)
    }

    /// Writes the next `times.count` timestamps. O(times.count).
    public mutating func fill(_ times: UnsafeMutableBufferPointer<Int64>) {
        switch arrivals {
        case nil:
            times.update(repeating: 0)
        case .fixed(let rate)?:
            let gap = 1e9 / rate
            for i in times.indices {
                times[i] = nearestNanosecond(Double(index) * gap)
                index += 1
            }
        case .poisson(let rate)?:
            // The gaps of a block are drawn together (`exponential(mean:)`'s
            // draws, in order), then summed one by one as before.
            let meanGap = 1e9 / rate
            withUnsafeTemporaryAllocation(of: Double.self, capacity: Self.block) { gaps in
                var start = times.startIndex
                while start < times.endIndex {
                    let n = min(Self.block, times.endIndex - start)
                    rng.fill(exponentials: UnsafeMutableBufferPointer(rebasing: gaps[0..<n]), mean: meanGap)
                    for j in 0..<n {
                        times[start + j] = nearestNanosecond(now)
                        now += gaps[j]
                    }
                    start += n
                }
            }
        }
    }

    /// Gaps drawn per block.
    private static let block = 1024
}

/// `Int64(x.rounded())` for 0 ≤ x < 2⁶³ — the nearest integer, halves away
/// from zero — without the C library's `round` or a branch (which would
/// miss half the time): the fraction x − ⌊x⌋ is exact, and the sign of
/// fraction − ½ (exact from ¼ up, negative below) says whether to round up.
@inline(__always)
func nearestNanosecond(_ x: Double) -> Int64 {
    let whole = Int64(x)
    let below = Int64((x - Double(whole) - 0.5).sign == .minus ? 1 : 0)
    return whole &+ 1 &- below
}
