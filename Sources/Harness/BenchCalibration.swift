import Foundation
import Stats

/// `cachesim bench SPEC --calibrate`: how small a slowdown the time gate
/// catches on this machine, and how often it cries wolf, measured rather
/// than assumed. The run under test is `noop` with a fixed amount of busy
/// work per request (``NoOpCache/work``), benched beside the spec's own
/// runs as the gate would see it; a slowdown of s is that work plus s of
/// its cost, so its size is known. Each trial benches the unchanged run
/// afresh and each slowed run once, every bench fresh, and applies the
/// gate's test (relative times, ``SlowdownTest``) to each pair.
public struct BenchCalibration: Sendable {
    /// How a calibration is run.
    public struct Options: Sendable, Equatable {
        /// Trials per slowdown.
        public var trials = 20
        /// The slowdowns tried, as fractions.
        public var slowdowns: [Double] = [0.01, 0.02, 0.03, 0.05, 0.10, 0.20]
        /// Busy work per request of the unchanged run: enough that one
        /// unit more is a fraction of a percent.
        public var baseWork = 100
        /// Rounds per bench, as a real bench.
        public var bench = BenchOptions()
        /// The gate: the tolerance a slowdown must pass and the test's level.
        public var timeTolerance = 0.10
        public var significance = 0.05

        public init() {}
    }

    /// The gate's record at one slowdown.
    public struct Row: Sendable, Equatable {
        /// The slowdown asked for (0: unchanged code).
        public var nominal: Double
        /// Busy work per request of the slowed run.
        public var work: Int
        /// The median of the trials' measured change in time ÷ reference.
        public var measured: Double
        /// Trials in which the test alone was significant.
        public var significant: Int
        /// Trials the gate flagged: significant and beyond the tolerance.
        public var flagged: Int
    }

    public var options: Options
    /// Nanoseconds per request of the unchanged run and of one unit of work.
    public var baseNanoseconds: Double
    public var unitNanoseconds: Double
    public var rows: [Row]

    /// Runs the calibration over `requests`. `progress` is told the
    /// requests just replayed. O(trials × slowdowns × rounds × requests).
    public static func run(
        _ runs: [PlannedRun], over requests: BenchRequests, options: Options, progress: (Int) -> Void = { _ in },
        isCancelled: () -> Bool = { false }
    ) throws -> BenchCalibration {
        func target(_ work: Int) -> PlannedRun {
            PlannedRun(
                index: runs.count, policy: Bench.referenceLabel, capacity: nil,
                options: ["work": .number(Double(work))], seed: 0, variant: "under test")
        }
        let label = target(0).label
        /// The target's bench and its relative times.
        func bench(_ work: Int, rounds: Int) throws -> (run: BenchRun, relative: [Double]) {
            var benchOptions = options.bench
            benchOptions.rounds = rounds
            let timed = try Bench.time(
                runs + [target(work)], over: requests, options: benchOptions, progress: progress,
                isCancelled: isCancelled)
            let relative = SlowdownTest.relativeTimes(timed, over: Set(timed.map(\.label)))
            return (timed.last!, relative[label]!)
        }
        // The cost of the unchanged run and of one unit of work, from a
        // bench at the base work and one at twice it.
        let base = try bench(options.baseWork, rounds: options.bench.rounds).run.nanosecondsPerRequest.median
        let double = try bench(2 * options.baseWork, rounds: options.bench.rounds).run.nanosecondsPerRequest.median
        let unit = max(1e-3, (double - base) / Double(options.baseWork))
        let levels = [0.0] + options.slowdowns
        let works = levels.map { options.baseWork + Int((($0 * base) / unit).rounded()) }
        var changes = [[Double]](repeating: [], count: levels.count)
        var significant = [Int](repeating: 0, count: levels.count)
        var flagged = [Int](repeating: 0, count: levels.count)
        for _ in 0..<options.trials {
            let unchanged = try bench(options.baseWork, rounds: options.bench.rounds)
            for (level, work) in works.enumerated() {
                let slowed = try bench(work, rounds: options.bench.rounds)
                let test = SlowdownTest(baseline: unchanged.relative, current: slowed.relative)
                changes[level].append(test.change)
                if test.slowerPValue <= options.significance {
                    significant[level] += 1
                    if test.change > options.timeTolerance { flagged[level] += 1 }
                }
            }
        }
        let rows = levels.indices.map { i in
            Row(
                nominal: levels[i], work: works[i], measured: Summary.quantile(changes[i].sorted(), 0.5),
                significant: significant[i], flagged: flagged[i])
        }
        return BenchCalibration(options: options, baseNanoseconds: base, unitNanoseconds: unit, rows: rows)
    }

    /// The smallest slowdown tried that `count` catches in ≥ 95 % of the
    /// trials, or `nil` when none does.
    public func smallestDetected(_ count: (Row) -> Int) -> Double? {
        rows.filter { $0.nominal > 0 && Double(count($0)) >= 0.95 * Double(options.trials) }.map(\.nominal).min()
    }
}
