import Foundation
import Harness

/// What `cachesim forecast` prints and writes about a live service's memory
/// series (``ServiceForecast``): the verdict in words, a table of the
/// segments between restarts, and a self-contained HTML page with the
/// series, the fit and the forecast band.
public enum ForecastReport {
    /// The verdict in a sentence: `grows ~17.0 KiB/s (1.40 GiB a day), a
    /// linear fit; reaches 4 GiB in 2.9 days (95 % interval 2.7–3.0 days)`.
    public static func sentence(_ forecast: ServiceForecast) -> String {
        let perSecond = forecast.slopeBytesPerSecond
        var text: String
        switch forecast.verdict {
        case .plateau:
            text = "plateau at \(Formatting.bytes(forecast.lastBytes))"
        case .grows:
            text =
                "grows ~\(Formatting.bytes(perSecond))/s (\(Formatting.bytes(forecast.bytesPerDay)) a day; 95 % interval \(Formatting.bytes(forecast.slopeInterval.first ?? 0))–\(Formatting.bytes(forecast.slopeInterval.last ?? 0))/s), a \(forecast.model.rawValue) fit"
            if let exponent = forecast.exponent {
                text += " of exponent \(Formatting.fixed(exponent.estimate, digits: 2))"
            }
            text += ", never levels off"
        case .saturating:
            let ceiling = forecast.ceilingBytes
            text = "saturating: levels off near \(Formatting.bytes(ceiling?.estimate ?? 0))"
            if let ceiling {
                text += " (95 % interval \(Formatting.bytes(ceiling.low))–\(Formatting.bytes(ceiling.high)))"
            }
            text += "; now \(Formatting.bytes(forecast.lastBytes)), growing ~\(Formatting.bytes(perSecond))/s"
        }
        if let budget = forecast.budgetBytes {
            let name = Formatting.bytes(Double(budget))
            if let time = forecast.timeToBudgetSeconds {
                if time == 0 {
                    text += "; already at or above the budget of \(name)"
                } else {
                    text += "; reaches \(name) in \(Formatting.elapsed(seconds: time))"
                    if let interval = forecast.timeToBudgetInterval, let earliest = interval.first ?? nil {
                        text += " (95 % interval \(VerdictText.range(earliest, interval.last ?? nil)))"
                    }
                }
            } else {
                text += "; never reaches the budget of \(name) (not within 10,000× the series)"
            }
        }
        if forecast.restarts > 0 {
            text +=
                ". \(forecast.restarts) restart\(forecast.restarts == 1 ? "" : "s") found: the clock reset each time; the verdict is segment \(forecast.verdictSegment + 1)'s"
        }
        return text
    }

    /// The segments between restarts, one row each.
    public static func segmentTable(_ forecast: ServiceForecast) -> ReportTable {
        var table = ReportTable(
            caption: "\(forecast.file): segments between restarts",
            columns: [
                ("segment", .left), ("from", .left), ("to", .left), ("points", .right), ("model", .left),
                ("growth per second", .right), ("95 % interval", .right), ("per day", .right), ("last", .right),
            ])
        for (index, segment) in forecast.segments.enumerated() {
            table.rows.append([
                String(index + 1), date(segment.startSeconds), date(segment.endSeconds), String(segment.points),
                segment.model?.rawValue ?? "– (too short)", Formatting.bytes(segment.slopeBytesPerSecond) + "/s",
                "\(Formatting.bytes(segment.slopeInterval.first ?? 0))–\(Formatting.bytes(segment.slopeInterval.last ?? 0))",
                Formatting.bytes(segment.slopeBytesPerSecond * 86_400), Formatting.bytes(segment.lastBytes),
            ])
        }
        return table
    }

    /// The terminal output of `cachesim forecast --format table`.
    public static func table(_ forecast: ServiceForecast) -> String {
        var out = "\(forecast.file): \(forecast.points) points"
        if let name = forecast.series { out += " of \(name)" }
        out += ", \(date(forecast.startSeconds)) to \(date(forecast.endSeconds))\n\n"
        out += sentence(forecast) + "\n\n"
        let segments = segmentTable(forecast)
        var text = TextTable(
            header: segments.header, alignments: segments.alignments.map { $0 == .left ? .left : .right })
        text.rows = segments.rows
        out += text.render() + "\n"
        if let fit = forecast.fit {
            out += "\nFit (x: seconds since segment \(forecast.verdictSegment + 1) began):\n"
            for parameter in fit.chosen?.parameters ?? [] {
                out +=
                    "  \(parameter.name): \(number(parameter.estimate)) (95 % interval \(number(parameter.low)) to \(number(parameter.high)))\n"
            }
            out += "  models by BIC (lower is better): "
            out += fit.candidates.map { "\($0.model.rawValue) \(Formatting.fixed($0.bic, digits: 1))" }.joined(
                separator: ", ")
            out += "\n"
        }
        return out
    }

    /// The page `cachesim forecast --html` writes.
    public static func html(_ forecast: ServiceForecast) -> String {
        let title = "cachesim forecast: \((forecast.file as NSString).lastPathComponent)"
        var body = "<p class=\"facts\">\(Markup.escape(facts(forecast)))</p>\n"
        body += "<h3>Memory, in words</h3>\n<ul class=\"verdicts\"><li>\(Markup.escape(sentence(forecast)))</li></ul>\n"
        body += HTMLReport.figure(chart(forecast))
        body += segmentTable(forecast).html()
        body += "<footer>Made by <code>cachesim forecast</code>.</footer>\n"
        return HTMLReport.page(title: title, body: body)
    }

    /// The series per segment, the fit carried ahead in its band, the budget.
    public static func chart(_ forecast: ServiceForecast) -> SVGChart {
        let origin = forecast.startSeconds
        let since = { (seconds: Double) in seconds - origin }
        let raw =
            forecast.segments.flatMap { [since($0.startSeconds), since($0.endSeconds)] }
            + forecast.forecast.map { since($0.seconds) }
        let (x, xDivisor) = ChartAxis.time("time since \(date(origin))", seconds: raw)
        var budgetLine: Double?
        let highest = (forecast.forecast.map(\.high) + forecast.segments.map(\.lastBytes)).max() ?? 0
        if let budget = forecast.budgetBytes, forecast.timeToBudgetSeconds != nil || Double(budget) <= 3 * highest {
            budgetLine = Double(budget)
        }
        let measured = forecast.measured
        let (y, divisor) = ChartAxis.bytes(
            "memory",
            values: measured.flatMap { $0.map(\.bytes) } + forecast.forecast.flatMap { [$0.low, $0.high] }
                + (budgetLine.map { [$0] } ?? []))
        let style = PolicyPalette.style(for: "unbounded")
        let ahead = forecast.forecast.map {
            ChartPoint(
                x: since($0.seconds) / xDivisor, y: $0.bytes / divisor, low: $0.low / divisor, high: $0.high / divisor)
        }
        var series = [ChartSeries(name: "95 % prediction band", style: style, points: ahead, fillsBand: true)]
        for (index, points) in measured.enumerated() {
            series.append(
                ChartSeries(
                    name: measured.count == 1 ? "measured" : "measured, segment \(index + 1)",
                    style: PolicyPalette.style(for: index == 0 ? "lru" : "segment \(index + 1)"),
                    points: MemoryChart.thinned(points).map {
                        ChartPoint(x: since($0.seconds) / xDivisor, y: $0.bytes / divisor)
                    }, markEveryPoint: false, dash: ""))
        }
        series.append(
            ChartSeries(
                name: "\(forecast.model.rawValue) fit and forecast", style: style,
                points: ahead.map { ChartPoint(x: $0.x, y: $0.y) }, markEveryPoint: false, dash: "6 4"))
        let references = budgetLine.map {
            [
                ReferenceLine(
                    name: "budget \(Formatting.bytes($0))", y: $0 / divisor, style: PolicyPalette.budgetStyle,
                    role: "budget")
            ]
        }
        return SVGChart(
            id: "forecast", title: "memory over time and its forecast",
            summary:
                "The series as measured (solid, one line per segment between restarts), the \(forecast.model.rawValue) model fitted to segment \(forecast.verdictSegment + 1) and carried ahead of the data (dashed) inside its 95 % prediction band (shaded)"
                + (budgetLine == nil ? "" : ", and the budget (line)") + ". " + sentence(forecast) + ".",
            body: .lines(x: x, y: y, series: series, references: references ?? []))
    }

    static func facts(_ forecast: ServiceForecast) -> String {
        var text = "\(forecast.file) (\(forecast.format)): \(forecast.points) points"
        if let name = forecast.series { text += " of \(name)" }
        return text + ", \(date(forecast.startSeconds)) to \(date(forecast.endSeconds))"
    }

    /// `2024-05-01T12:00:00Z`.
    static func date(_ seconds: Double) -> String {
        guard seconds.isFinite, abs(seconds) < 1e13 else { return Formatting.fixed(seconds, digits: 0) }
        return ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: seconds))
    }

    /// A parameter: grouped digits when large, else four significant figures.
    static func number(_ value: Double) -> String {
        abs(value) >= 1000 ? Formatting.whole(value.rounded()) : Formatting.fixed(value, digits: 4)
    }
}
