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
                times[i] = Int64((Double(index) * gap).rounded())
                index += 1
            }
        case .poisson(let rate)?:
            let meanGap = 1e9 / rate
            for i in times.indices {
                times[i] = Int64(now.rounded())
                now += rng.exponential(mean: meanGap)
            }
        }
    }
}
