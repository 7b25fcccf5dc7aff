import ArgumentParser

/// The `cachesim` command: subcommands, each in a file of its own.
@main
struct CacheSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cachesim",
        abstract: "Replay key streams through cache policies; measure hit rate, memory and latency over time.",
        subcommands: [RunCommand.self, ReportCommand.self, CompareCommand.self, WorkerCommand.self]
    )
}
