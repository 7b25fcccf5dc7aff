import Foundation
import Workload

/// How the harness measures. The defaults keep measurement overhead to a
/// few percent of the replay.
public struct HarnessOptions: Sendable, Codable, Equatable {
    /// Requests generated and replayed at a time.
    public var chunkSize: Int = defaultChunkSize
    /// Chunks generated before the caches replay them, each cache all of
    /// them in turn (16 × 64 Ki requests ≈ 20 MiB of keys, times and sizes).
    public var chunksPerBatch: Int = 16
    /// One request in this many is timed on its own (get, and set on a miss).
    public var latencySampleEvery: Int = 512
    /// The memory series aims for about this many points…
    public var targetSeriesPoints: Int = 256
    /// …and is thinned (every other point dropped) when it passes this many,
    /// which happens for traces of unknown length.
    public var maximumSeriesPoints: Int = 512
    /// Draws for the modeled service latency.
    public var serviceLatencySamples: Int = 100_000
    /// Stop the run with ``MemoryLimitExceeded`` when a process's resident
    /// set passes this many bytes (`cachesim run --max-memory`, else
    /// ``defaultMemoryLimit(workers:)``); nil: no cap. Checked after every
    /// cache's turn on a batch, in each worker process.
    public var memoryLimit: Int?
    /// The memory budget, in bytes, the verdicts forecast against
    /// (`cachesim run --memory-budget`); nil: the spec's `memoryBudget`, if any.
    public var memoryBudget: Int?

    public init() {}

    /// The cap `cachesim run` sets without `--max-memory`: 90 % of physical
    /// memory, shared evenly among `workers` processes — so a run that would
    /// outgrow the machine stops with a message instead of being killed by
    /// the kernel, and the workers together stay within the machine.
    public static func defaultMemoryLimit(workers: Int) -> Int {
        Int(Double(ProcessInfo.processInfo.physicalMemory) * 0.9) / Swift.max(1, workers)
    }
}
