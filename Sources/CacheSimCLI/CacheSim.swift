import ArgumentParser
import Foundation

/// The `cachesim` command: subcommands, each in a file of its own. A
/// library, so that a package can register its own policies
/// (``PolicyRegistry/register(_:)``) and then run the whole command line —
/// worker processes included — with them.
public struct CacheSim: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cachesim",
        abstract: "Replay key streams through cache policies; measure hit rate, memory and latency over time.",
        subcommands: [
            RunCommand.self, ReportCommand.self, CompareCommand.self, PoliciesCommand.self, GenCommand.self,
            ConvertCommand.self, DescribeCommand.self, MRCCommand.self, ForecastCommand.self, MergeCommand.self,
            SplitCommand.self, BenchCommand.self, BenchCountCommand.self, BenchWorkerCommand.self, WorkerCommand.self,
        ]
    )

    public init() {}

    /// Parses the process's arguments and runs the subcommand: as
    /// ArgumentParser's `main`, except that a misused flag or argument — bad
    /// input like any other — exits with status 2 rather than 64.
    public static func main() {
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
