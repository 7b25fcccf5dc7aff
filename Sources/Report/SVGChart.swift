import Harness

/// One point of a line; `low`/`high` draw an error bar (a confidence interval).
public struct ChartPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var low: Double?
    public var high: Double?

    public init(x: Double, y: Double, low: Double? = nil, high: Double? = nil) {
        self.x = x
        self.y = y
        self.low = low
        self.high = high
    }
}

/// One line of a chart, named in the legend and optionally labelled at its end.
public struct ChartSeries: Sendable {
    public var name: String
    public var style: SeriesStyle
    public var points: [ChartPoint]
    /// Text beside the line's last point (`lru(4096): plateau 0.3 MiB`).
    public var endLabel: String?
    /// Draw a marker at every point (else only at the last one).
    public var markEveryPoint: Bool
    /// Overrides the style's dash (e.g. a dotted prediction beside the measured line).
    public var dash: String?
    /// Draw the points' `low`…`high` as a shaded band (a forecast's
    /// prediction band) instead of a line with error bars.
    public var fillsBand: Bool

    public init(
        name: String, style: SeriesStyle, points: [ChartPoint], endLabel: String? = nil,
        markEveryPoint: Bool = true, dash: String? = nil, fillsBand: Bool = false
    ) {
        self.name = name
        self.style = style
        self.points = points
        self.endLabel = endLabel
        self.markEveryPoint = markEveryPoint
        self.dash = dash
        self.fillsBand = fillsBand
    }
}

/// A horizontal line across the plot at a value (`unbounded`: no capacity
/// limit; a memory budget).
public struct ReferenceLine: Sendable {
    public var name: String
    public var y: Double
    public var style: SeriesStyle
    /// An extra class on the line's group (`budget`), for checks that look for it.
    public var role: String?

    public init(name: String, y: Double, style: SeriesStyle, role: String? = nil) {
        self.name = name
        self.y = y
        self.style = style
        self.role = role
    }
}

/// One horizontal bar, with an optional interval whisker.
public struct ChartBar: Sendable {
    public var label: String
    public var value: Double
    public var low: Double?
    public var high: Double?
    public var style: SeriesStyle
    /// Printed at the bar's end: `12.3M req/s`.
    public var valueText: String
    /// The legend entry the bar belongs to (its policy); bars name themselves.
    public var legendName: String

    public init(
        label: String, value: Double, low: Double? = nil, high: Double? = nil, style: SeriesStyle, valueText: String,
        legendName: String? = nil
    ) {
        self.legendName = legendName ?? label
        self.label = label
        self.value = value
        self.low = low
        self.high = high
        self.style = style
        self.valueText = valueText
    }
}

/// A self-contained SVG chart: title, legend, axes with units and nice ticks,
/// grid, and either lines (numeric or categorical x) or horizontal bars.
/// All text is escaped; nothing refers outside the SVG.
public struct SVGChart: Sendable {
    public enum Body: Sendable {
        /// Lines over a numeric x axis.
        case lines(x: ChartAxis, y: ChartAxis, series: [ChartSeries], references: [ReferenceLine])
        /// Lines over named x positions (p50, p90, …), equally spaced.
        case categoryLines(categories: [String], xTitle: String, y: ChartAxis, series: [ChartSeries])
        /// Horizontal bars, one per row, against a numeric x axis.
        case bars(x: ChartAxis, bars: [ChartBar])
    }

    /// Unique within a page; prefixes the ids inside the SVG.
    public var id: String
    public var title: String
    /// Read by screen readers (`<desc>`): what the chart shows, in words.
    public var summary: String
    public var body: Body
    public var width: Double = 880
    public var height: Double = 420

    public init(id: String, title: String, summary: String, body: Body) {
        self.id = Markup.identifier(id)
        self.title = title
        self.summary = summary
        self.body = body
        if case .bars(_, let bars) = body { height = max(200, 150 + 30 * Double(bars.count)) }
    }

    // MARK: Geometry

    /// The legend's entries: name, style, dash as drawn, and whether the
    /// line carries markers (reference lines and bands do not; a band's
    /// entry is drawn as a shaded swatch, its dash empty); first occurrence of each name.
    public var legend: [(name: String, style: SeriesStyle, dash: String, marked: Bool)] {
        var seen = Set<String>()
        var entries: [(String, SeriesStyle, String, Bool)] = []
        func add(_ name: String, _ style: SeriesStyle, _ dash: String, marked: Bool = true) {
            if seen.insert(name).inserted { entries.append((name, style, dash, marked)) }
        }
        switch body {
        case .lines(_, _, let series, let references):
            for s in series {
                if s.fillsBand {
                    add(s.name, s.style, Self.bandDash, marked: false)
                } else {
                    add(s.name, s.style, s.dash ?? s.style.dash)
                }
            }
            for r in references { add(r.name, r.style, "3 3", marked: false) }
        case .categoryLines(_, _, _, let series):
            for s in series { add(s.name, s.style, s.dash ?? s.style.dash) }
        case .bars(_, let bars):
            for b in bars { add(b.legendName, b.style, b.style.dash) }
        }
        return entries
    }

    /// Rows the legend wraps into at this width.
    var legendRows: [[(name: String, style: SeriesStyle, dash: String, marked: Bool, x: Double)]] {
        var rows: [[(String, SeriesStyle, String, Bool, Double)]] = [[]]
        var x = 16.0
        for entry in legend {
            let entryWidth = 44 + Self.textWidth(entry.name) + 18
            if x + entryWidth > width - 16 && !rows[rows.count - 1].isEmpty {
                rows.append([])
                x = 16
            }
            rows[rows.count - 1].append((entry.name, entry.style, entry.dash, entry.marked, x))
            x += entryWidth
        }
        return rows
    }

    var hasEndLabels: Bool {
        switch body {
        case .lines(_, _, let series, _), .categoryLines(_, _, _, let series):
            return series.contains { $0.endLabel != nil }
        case .bars: return false
        }
    }

    /// The rectangle data is drawn in: (left, top, right, bottom) in SVG units.
    public var plotArea: (left: Double, top: Double, right: Double, bottom: Double) {
        let top = 44 + Double(legendRows.count) * 20 + 12
        let right = width - (hasEndLabels ? 230 : 28)
        switch body {
        case .bars(_, let bars):
            let labelWidth = min(260, (bars.map { Self.textWidth($0.label) }.max() ?? 40) + 20)
            return (labelWidth, top, width - 110, height - 52)
        default:
            return (78, top, right, height - 56)
        }
    }

    /// Where a data point is drawn (numeric and category lines; for
    /// category lines `x` is the category's index). O(1).
    public func position(x: Double, y: Double) -> (x: Double, y: Double) {
        let area = plotArea
        switch body {
        case .lines(let xAxis, let yAxis, _, _):
            return (
                area.left + xAxis.scale.fraction(x) * (area.right - area.left),
                area.bottom - yAxis.scale.fraction(y) * (area.bottom - area.top)
            )
        case .categoryLines(let categories, _, let yAxis, _):
            let slot = (area.right - area.left) / Double(max(categories.count, 1))
            return (area.left + slot * (x + 0.5), area.bottom - yAxis.scale.fraction(y) * (area.bottom - area.top))
        case .bars(let xAxis, let bars):
            let slot = (area.bottom - area.top) / Double(max(bars.count, 1))
            return (area.left + xAxis.scale.fraction(x) * (area.right - area.left), area.top + slot * (y + 0.5))
        }
    }

    /// Text width estimate for 12 px sans-serif, for layout without a browser.
    static func textWidth(_ text: String, size: Double = 12) -> Double {
        Double(text.count) * size * 0.58
    }

    // MARK: Rendering

    /// The chart as an `<svg>` element with `<title>` and `<desc>`. O(points).
    public func svg() -> String {
        var out = SVGWriter()
        out.open(
            "svg",
            [
                ("class", "chart"), ("id", id), ("role", "img"),
                ("viewBox", "0 0 \(n(width)) \(n(height))"), ("width", n(width)), ("height", n(height)),
                ("aria-labelledby", "\(id)-title \(id)-desc"),
                ("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif"), ("font-size", "12"),
            ])
        out.element("title", [("id", "\(id)-title")], text: title)
        out.element("desc", [("id", "\(id)-desc")], text: summary)
        out.element("rect", [("x", "0"), ("y", "0"), ("width", n(width)), ("height", n(height)), ("fill", "#ffffff")])
        out.element(
            "text", [("x", "16"), ("y", "26"), ("font-size", "15"), ("font-weight", "bold"), ("fill", "#222")],
            text: title)
        drawLegend(&out)
        switch body {
        case .lines(let x, let y, let series, let references):
            drawYGrid(&out, y)
            drawXGrid(&out, x)
            drawReferences(&out, references)
            drawSeries(&out, series)
        case .categoryLines(let categories, let xTitle, let y, let series):
            drawYGrid(&out, y)
            drawCategories(&out, categories, title: xTitle)
            drawSeries(&out, series)
        case .bars(let x, let bars):
            drawXGrid(&out, x)
            drawBars(&out, bars)
        }
        let area = plotArea
        out.element(
            "rect",
            [
                ("class", "plot-area"), ("x", n(area.left)), ("y", n(area.top)), ("width", n(area.right - area.left)),
                ("height", n(area.bottom - area.top)), ("fill", "none"), ("stroke", "#444"), ("stroke-width", "1"),
            ])
        out.close("svg")
        return out.text
    }

    /// The legend's mark for a band entry: a shaded swatch, not a line.
    static let bandDash = "band"

    private func drawLegend(_ out: inout SVGWriter) {
        out.open("g", [("class", "legend"), ("aria-label", "legend")])
        for (row, entries) in legendRows.enumerated() {
            let y = 46 + Double(row) * 20
            for entry in entries {
                if entry.dash == Self.bandDash {
                    out.element(
                        "rect",
                        [
                            ("x", n(entry.x)), ("y", n(y - 6)), ("width", "34"), ("height", "12"),
                            ("fill", entry.style.color), ("fill-opacity", "0.25"), ("stroke", entry.style.color),
                            ("stroke-width", "1"),
                        ])
                    out.element("text", [("x", n(entry.x + 42)), ("y", n(y + 4)), ("fill", "#222")], text: entry.name)
                    continue
                }
                out.element(
                    "line",
                    [
                        ("x1", n(entry.x)), ("y1", n(y)), ("x2", n(entry.x + 34)), ("y2", n(y)),
                        ("stroke", entry.style.color),
                        ("stroke-width", "2.5"), ("stroke-dasharray", entry.dash.isEmpty ? "none" : entry.dash),
                    ])
                if entry.marked { drawMarker(&out, entry.style, x: entry.x + 17, y: y) }
                out.element("text", [("x", n(entry.x + 42)), ("y", n(y + 4)), ("fill", "#222")], text: entry.name)
            }
        }
        out.close("g")
    }

    private func drawYGrid(_ out: inout SVGWriter, _ axis: ChartAxis) {
        let area = plotArea
        out.open("g", [("class", "y-axis")])
        for tick in axis.scale.ticks {
            let y = area.bottom - axis.scale.fraction(tick) * (area.bottom - area.top)
            out.element(
                "line",
                [("x1", n(area.left)), ("y1", n(y)), ("x2", n(area.right)), ("y2", n(y)), ("stroke", "#e3e3e3")])
            out.element(
                "text", [("x", n(area.left - 6)), ("y", n(y + 4)), ("text-anchor", "end"), ("fill", "#333")],
                text: axis.tickLabel(tick))
        }
        let middle = (area.top + area.bottom) / 2
        out.element(
            "text",
            [
                ("x", "16"), ("y", n(middle)), ("transform", "rotate(-90 16 \(n(middle)))"), ("text-anchor", "middle"),
                ("fill", "#222"),
            ],
            text: axis.title)
        out.close("g")
    }

    private func drawXGrid(_ out: inout SVGWriter, _ axis: ChartAxis) {
        let area = plotArea
        out.open("g", [("class", "x-axis")])
        for tick in axis.scale.ticks {
            let x = area.left + axis.scale.fraction(tick) * (area.right - area.left)
            out.element(
                "line",
                [("x1", n(x)), ("y1", n(area.top)), ("x2", n(x)), ("y2", n(area.bottom)), ("stroke", "#e3e3e3")])
            out.element(
                "text", [("x", n(x)), ("y", n(area.bottom + 16)), ("text-anchor", "middle"), ("fill", "#333")],
                text: axis.tickLabel(tick))
        }
        out.element(
            "text",
            [
                ("x", n((area.left + area.right) / 2)), ("y", n(area.bottom + 38)), ("text-anchor", "middle"),
                ("fill", "#222"),
            ],
            text: axis.title)
        out.close("g")
    }

    private func drawCategories(_ out: inout SVGWriter, _ categories: [String], title: String) {
        let area = plotArea
        out.open("g", [("class", "x-axis")])
        for (index, category) in categories.enumerated() {
            let x = position(x: Double(index), y: 0).x
            out.element(
                "line",
                [("x1", n(x)), ("y1", n(area.top)), ("x2", n(x)), ("y2", n(area.bottom)), ("stroke", "#e3e3e3")])
            out.element(
                "text", [("x", n(x)), ("y", n(area.bottom + 16)), ("text-anchor", "middle"), ("fill", "#333")],
                text: category)
        }
        out.element(
            "text",
            [
                ("x", n((area.left + area.right) / 2)), ("y", n(area.bottom + 38)), ("text-anchor", "middle"),
                ("fill", "#222"),
            ],
            text: title)
        out.close("g")
    }

    private func drawReferences(_ out: inout SVGWriter, _ references: [ReferenceLine]) {
        let area = plotArea
        // Labels above their lines, stacked upwards where lines lie close together.
        var labelY: [Double] = []
        for reference in references.sorted(by: { $0.y < $1.y }) {
            var y = position(x: 0, y: reference.y).y - 5
            if let previous = labelY.last { y = min(y, previous - 14) }
            labelY.append(y)
        }
        for (reference, textY) in zip(references.sorted(by: { $0.y < $1.y }), labelY) {
            let y = position(x: 0, y: reference.y).y
            out.open("g", [("class", reference.role.map { "reference \($0)" } ?? "reference")])
            out.element("title", [], text: reference.name)
            out.element(
                "line",
                [
                    ("x1", n(area.left)), ("y1", n(y)), ("x2", n(area.right)), ("y2", n(y)),
                    ("stroke", reference.style.color),
                    ("stroke-width", "1.5"), ("stroke-dasharray", "3 3"),
                ])
            out.element(
                "text", [("x", n(area.left + 6)), ("y", n(textY)), ("fill", reference.style.color)],
                text: reference.name)
            out.close("g")
        }
    }

    private func drawSeries(_ out: inout SVGWriter, _ series: [ChartSeries]) {
        var labels: [(y: Double, text: String, color: String, x: Double)] = []
        for band in series where band.fillsBand && !band.points.isEmpty {
            drawBand(&out, band)
        }
        for line in series where !line.points.isEmpty && !line.fillsBand {
            let points = line.points.map { position(x: $0.x, y: $0.y) }
            let dash = line.dash ?? line.style.dash
            out.open("g", [("class", "series"), ("data-name", line.name), ("data-marker", line.style.marker.rawValue)])
            out.element("title", [], text: line.name)
            out.element(
                "polyline",
                [
                    ("points", points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")), ("fill", "none"),
                    ("stroke", line.style.color), ("stroke-width", "2.5"), ("stroke-linejoin", "round"),
                    ("stroke-dasharray", dash.isEmpty ? "none" : dash),
                ])
            for (point, place) in zip(line.points, points) {
                if let low = point.low, let high = point.high {
                    let top = position(x: point.x, y: high).y
                    let bottom = position(x: point.x, y: low).y
                    out.element(
                        "path",
                        [
                            (
                                "d",
                                "M\(n(place.x)) \(n(top))V\(n(bottom))M\(n(place.x - 4)) \(n(top))h8M\(n(place.x - 4)) \(n(bottom))h8"
                            ),
                            ("stroke", line.style.color), ("stroke-width", "1.5"), ("fill", "none"),
                        ])
                }
            }
            let marked = line.markEveryPoint ? points : [points[points.count - 1]]
            for place in marked { drawMarker(&out, line.style, x: place.x, y: place.y) }
            out.close("g")
            if let label = line.endLabel, let last = points.last {
                labels.append((last.y, label, line.style.color, last.x))
            }
        }
        // End labels, pushed apart so none overlaps another.
        let area = plotArea
        labels.sort { $0.y < $1.y }
        let spacing = min(14, (area.bottom - area.top) / Double(max(labels.count - 1, 1)))
        var placed: [Double] = []
        for label in labels {
            var y = max(label.y, area.top)
            if let previous = placed.last { y = max(y, previous + spacing) }
            placed.append(y)
        }
        if let last = placed.last, last > area.bottom {
            let shift = last - area.bottom
            placed = placed.map { $0 - shift }
        }
        for (label, y) in zip(labels, placed) {
            out.element(
                "text", [("x", n(area.right + 8)), ("y", n(y + 4)), ("fill", label.color), ("class", "end-label")],
                text: label.text)
            if abs(y - label.y) > 2 || label.x < area.right - 1 {
                out.element(
                    "line",
                    [
                        ("x1", n(label.x)), ("y1", n(label.y)), ("x2", n(area.right + 6)), ("y2", n(y)),
                        ("stroke", label.color),
                        ("stroke-width", "0.75"), ("stroke-opacity", "0.7"),
                    ])
            }
        }
    }

    /// A shaded polygon through the points' highs and back along their lows.
    private func drawBand(_ out: inout SVGWriter, _ band: ChartSeries) {
        let upper = band.points.map { position(x: $0.x, y: $0.high ?? $0.y) }
        let lower = band.points.reversed().map { position(x: $0.x, y: $0.low ?? $0.y) }
        out.open("g", [("class", "band"), ("data-name", band.name)])
        out.element("title", [], text: band.name)
        out.element(
            "polygon",
            [
                ("points", (upper + lower).map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")),
                ("fill", band.style.color), ("fill-opacity", "0.22"), ("stroke", "none"),
            ])
        out.close("g")
    }

    private func drawBars(_ out: inout SVGWriter, _ bars: [ChartBar]) {
        let area = plotArea
        let slot = (area.bottom - area.top) / Double(max(bars.count, 1))
        let thickness = min(22, slot * 0.7)
        for (index, bar) in bars.enumerated() {
            let center = position(x: 0, y: Double(index)).y
            let zero = position(x: 0, y: 0).x
            let end = position(x: bar.value, y: 0).x
            out.open("g", [("class", "bar"), ("data-name", bar.label)])
            out.element("title", [], text: "\(bar.label): \(bar.valueText)")
            out.element(
                "rect",
                [
                    ("x", n(min(zero, end))), ("y", n(center - thickness / 2)), ("width", n(abs(end - zero))),
                    ("height", n(thickness)),
                    ("fill", bar.style.color), ("fill-opacity", "0.85"), ("stroke", "#222"), ("stroke-width", "0.5"),
                    ("stroke-dasharray", bar.style.dash.isEmpty ? "none" : bar.style.dash),
                ])
            if let low = bar.low, let high = bar.high {
                let left = position(x: low, y: 0).x
                let right = position(x: high, y: 0).x
                out.element(
                    "path",
                    [
                        (
                            "d",
                            "M\(n(left)) \(n(center))H\(n(right))M\(n(left)) \(n(center - 5))v10M\(n(right)) \(n(center - 5))v10"
                        ),
                        ("stroke", "#222"), ("stroke-width", "1.5"), ("fill", "none"),
                    ])
            }
            out.element(
                "text", [("x", n(area.left - 8)), ("y", n(center + 4)), ("text-anchor", "end"), ("fill", "#222")],
                text: bar.label)
            let textX = max(end, bar.high.map { position(x: $0, y: 0).x } ?? end) + 6
            out.element("text", [("x", n(textX)), ("y", n(center + 4)), ("fill", "#222")], text: bar.valueText)
            out.close("g")
        }
    }

    /// A marker shape centred at (x, y), filled in the policy's colour.
    private func drawMarker(_ out: inout SVGWriter, _ style: SeriesStyle, x: Double, y: Double) {
        let r = 4.0
        let common = [("fill", style.color), ("stroke", "#ffffff"), ("stroke-width", "1")]
        switch style.marker {
        case .circle:
            out.element("circle", [("cx", n(x)), ("cy", n(y)), ("r", n(r))] + common)
        case .square:
            out.element("rect", [("x", n(x - r)), ("y", n(y - r)), ("width", n(2 * r)), ("height", n(2 * r))] + common)
        case .triangle:
            out.element(
                "path",
                [("d", "M\(n(x)) \(n(y - r - 1))L\(n(x + r + 1)) \(n(y + r))L\(n(x - r - 1)) \(n(y + r))Z")] + common)
        case .invertedTriangle:
            out.element(
                "path",
                [("d", "M\(n(x)) \(n(y + r + 1))L\(n(x + r + 1)) \(n(y - r))L\(n(x - r - 1)) \(n(y - r))Z")] + common)
        case .diamond:
            out.element(
                "path",
                [
                    (
                        "d",
                        "M\(n(x)) \(n(y - r - 1))L\(n(x + r + 1)) \(n(y))L\(n(x)) \(n(y + r + 1))L\(n(x - r - 1)) \(n(y))Z"
                    )
                ] + common)
        case .cross, .plus:
            let d =
                style.marker == .cross
                ? "M\(n(x - r)) \(n(y - r))L\(n(x + r)) \(n(y + r))M\(n(x - r)) \(n(y + r))L\(n(x + r)) \(n(y - r))"
                : "M\(n(x - r)) \(n(y))H\(n(x + r))M\(n(x)) \(n(y - r))V\(n(y + r))"
            out.element("path", [("d", d), ("stroke", style.color), ("stroke-width", "2.5"), ("fill", "none")])
        }
    }

    /// A coordinate with at most one decimal; total (a value off any
    /// sensible scale prints as `1e+308` or `inf`, never traps).
    private func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? Formatting.whole(rounded) : Formatting.fixed(rounded, digits: 1)
    }
}

/// Builds SVG/HTML text with escaped attribute values and content.
struct SVGWriter {
    private(set) var text = ""

    mutating func open(_ name: String, _ attributes: [(String, String)]) {
        text += "<\(name)\(render(attributes))>"
    }

    mutating func close(_ name: String) {
        text += "</\(name)>\n"
    }

    /// `<name …/>`, or `<name …>text</name>` when `text` is given.
    mutating func element(_ name: String, _ attributes: [(String, String)], text content: String? = nil) {
        if let content {
            text += "<\(name)\(render(attributes))>\(Markup.escape(content))</\(name)>\n"
        } else {
            text += "<\(name)\(render(attributes))/>\n"
        }
    }

    private func render(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(Markup.escape($0.1))\"" }.joined()
    }
}
