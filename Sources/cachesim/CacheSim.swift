import ArgumentParser
import Foundation

/// The `cachesim` command: subcommands, each in a file of its own.
@main
struct CacheSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cachesim",
        abstract: "Replay key streams through cache policies; measure hit rate, memory and latency over time.",
        subcommands: [
            RunCommand.self, ReportCommand.self, CompareCommand.self, PoliciesCommand.self, GenCommand.self,
            ConvertCommand.self, DescribeCommand.self, MRCCommand.self, ForecastCommand.self, WorkerCommand.self,
        ]
    )

    /// As ArgumentParser's, except that a misused flag or argument — bad
    /// input like any other — exits with status 2 rather than 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
