import ArgumentParser
import Foundation
import Harness
import Report
import Workload

/// `cachesim forecast FILE`: the verdict and forecast for a live service's memory series.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract:
            "Judge and forecast a live service's memory series: plateau, grows or saturating, and when it reaches a budget.",
        discussion: """
            FILE is a CSV of time,bytes rows after a header row (times in unix seconds or ISO 8601), or the JSON \
            answer of a Prometheus range query (/api/v1/query_range, e.g. process_resident_memory_bytes). \
            Restarts (a sudden drop back to near the starting level) cut the series into segments, each fitted \
            on its own; the verdict is the last segment's. The growth models are the ones `cachesim run` fits \
            (flat, linear, power law, saturating; chosen by BIC). A file that is not such a series (unsorted \
            times, a value that is not a number, NaN, fewer than 4 points) is refused naming the file and the \
            line or JSON field, exit status 2.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @Argument(help: "The memory series: a CSV (time,bytes) or a Prometheus query_range JSON answer.")
    var file: String

    @Option(
        help: ArgumentHelp(
            "The memory budget (bytes, or 512M, 4G…): say when the forecast reaches it.", valueName: "bytes"))
    var budget: ByteCount?

    @Option(help: "What to print: table or json.")
    var format: Format = .table

    @Option(help: "Which series of a Prometheus answer holding several (0-based).")
    var series: Int?

    @Option(help: "Also write a self-contained HTML page with the series, the fit and the forecast band here.")
    var html: String?

    func run() throws {
        try reportingBadInput {
            let read = try ServiceMemorySeries.read(path: file, series: series)
            let forecast = ServiceForecast.assess(read, budget: budget?.bytes)
            if let html {
                do {
                    try Data(ForecastReport.html(forecast).utf8).write(to: URL(fileURLWithPath: html), options: .atomic)
                } catch {
                    throw OutputError("\(html): cannot be written (\((error as NSError).localizedDescription))")
                }
            }
            switch format {
            case .table: print(ForecastReport.table(forecast), terminator: "")
            case .json: print(String(decoding: try forecast.jsonData(), as: UTF8.self))
            }
        }
    }
}
