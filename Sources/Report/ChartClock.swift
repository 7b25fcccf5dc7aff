import Harness

/// Where charts of a run over time put a memory sample on the x axis: at
/// its virtual time when every sample drawn has one (and time passed),
/// else at the requests replayed.
struct ChartClock {
    let usesTime: Bool
    /// Seconds per unit of a time axis (1 on a request axis).
    private(set) var divisor: Double = 1

    init(_ samples: [MemorySample]) {
        usesTime =
            !samples.isEmpty && samples.allSatisfy { $0.seconds?.isFinite == true }
            && samples.contains { ($0.seconds ?? 0) > 0 }
    }

    /// The sample's position before scaling: seconds or requests.
    func raw(_ sample: MemorySample) -> Double { usesTime ? sample.seconds! : Double(sample.request) }

    /// A forecast point's position before scaling; requests are turned
    /// into seconds at `rate` when the axis is one of time.
    func raw(_ point: ForecastPoint, rate: Double?) -> Double {
        guard usesTime else { return point.atRequest }
        if let seconds = point.seconds { return seconds }
        return rate.map { point.atRequest / $0 } ?? point.atRequest
    }

    /// The axis over `values` (raw positions), fixing the unit of a time axis.
    mutating func axis(_ values: [Double]) -> ChartAxis {
        guard usesTime else { return ChartAxis.count("requests replayed", values: values) }
        let (axis, divisor) = ChartAxis.time("virtual time", seconds: values)
        self.divisor = divisor
        return axis
    }

    /// A raw position on the axis.
    func x(_ raw: Double) -> Double { raw / divisor }
}
