import Harness

/// One axis of a chart: a title that carries the unit, a scale and a
/// formatter for its tick labels.
public struct ChartAxis: Sendable {
    /// Shown beside the axis: `memory (MiB)`, `capacity (entries, log scale)`.
    public var title: String
    public var scale: NiceScale
    /// The text of the tick at a value.
    public var tickLabel: @Sendable (Double) -> String

    public init(title: String, scale: NiceScale, tickLabel: @escaping @Sendable (Double) -> String) {
        self.title = title
        self.scale = scale
        self.tickLabel = tickLabel
    }

    /// A count axis (requests, entries): ticks read `0`, `250k`, `1.5M`.
    public static func count(_ title: String, values: [Double], log: Bool = false) -> ChartAxis {
        let scale = log ? NiceScale(log: values) : NiceScale(linear: values)
        return ChartAxis(title: log ? title + ", log scale" : title, scale: scale) { Formatting.count($0) }
    }

    /// A ratio axis shown in percent, 0–100 %.
    public static func percent(_ title: String) -> ChartAxis {
        let scale = NiceScale(linear: [0, 1], targetTicks: 6)
        return ChartAxis(title: title + " (%)", scale: scale) { Formatting.fixed($0 * 100, digits: 0) + "%" }
    }

    /// A byte axis in the one binary unit that suits its largest value, so
    /// every tick shares the unit named in the title: `memory (MiB)` with
    /// ticks `0`, `0.5`, `1`, `1.5`.
    public static func bytes(_ title: String, values: [Double]) -> (axis: ChartAxis, divisor: Double) {
        let (divisor, unit) = byteUnit(for: values.map(abs).max() ?? 0)
        let scale = NiceScale(linear: values.map { $0 / divisor })
        let decimals = scale.tickDecimals
        return (
            ChartAxis(title: "\(title) (\(unit))", scale: scale) { Formatting.fixed($0, digits: decimals) }, divisor
        )
    }

    /// A time axis over seconds in the one unit that suits its largest
    /// value (s, min, h or days), named in the title: `virtual time (h)`
    /// with ticks `0`, `2`, `4`. Returns the seconds per unit too.
    public static func time(_ title: String, seconds values: [Double]) -> (axis: ChartAxis, divisor: Double) {
        let largest = values.filter(\.isFinite).map(abs).max() ?? 0
        let units: [(Double, String)] = [(86_400, "days"), (3600, "h"), (60, "min")]
        let (divisor, unit) = units.first { largest >= 2 * $0.0 } ?? (1, "s")
        let scale = NiceScale(linear: values.map { $0 / divisor })
        let decimals = scale.tickDecimals
        return (
            ChartAxis(title: "\(title) (\(unit))", scale: scale) { Formatting.fixed($0, digits: decimals) }, divisor
        )
    }

    /// A duration axis over nanoseconds on a log scale: `100 ns`, `1 µs`.
    public static func nanoseconds(_ title: String, values: [Double]) -> ChartAxis {
        ChartAxis(title: title + " (log scale)", scale: NiceScale(log: values)) { durationTick($0) }
    }

    /// The largest binary unit not above `value`: (1024², "MiB") for 3 MB.
    public static func byteUnit(for value: Double) -> (divisor: Double, name: String) {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var divisor = 1.0
        var index = 0
        while value >= divisor * 1024 && index < units.count - 1 {
            divisor *= 1024
            index += 1
        }
        return (divisor, units[index])
    }

    /// `1000` → `1 µs`, `2500` → `2.5 µs`: durations without needless decimals.
    static func durationTick(_ nanoseconds: Double) -> String {
        let units: [(Double, String)] = [(1e9, "s"), (1e6, "ms"), (1e3, "µs"), (1, "ns")]
        for (scale, name) in units where nanoseconds >= scale || scale == 1 {
            return Formatting.count(nanoseconds / scale) + " " + name
        }
        return Formatting.count(nanoseconds) + " ns"
    }
}
