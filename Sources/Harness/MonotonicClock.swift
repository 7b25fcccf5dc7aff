#if canImport(Glibc)
import Glibc
#endif

/// Nanoseconds of `CLOCK_MONOTONIC`, for latency samples and throughput.
/// (Workload time is virtual and never comes from here.)
@inline(__always)
public func monotonicNanoseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) &* 1_000_000_000 &+ Int64(ts.tv_nsec)
}

/// The cost of one timed interval with nothing inside: the median of many
/// back-to-back clock reads. Reported beside every latency figure, and
/// subtracted from each sample so what remains is the operation's own time.
public func measureTimerCost(samples: Int = 20_001) -> Int64 {
    var costs = [Int64](repeating: 0, count: samples)
    for i in 0..<samples {
        let start = monotonicNanoseconds()
        let end = monotonicNanoseconds()
        costs[i] = end - start
    }
    costs.sort()
    return costs[samples / 2]
}
