import Foundation
import Stats

/// `cachesim bench SPEC --calibrate`: how small a slowdown the time gate
/// catches on this machine, and how often it cries wolf, measured rather
/// than assumed. The run under test is `noop` with a fixed amount of busy
/// work per request (``NoOpCache/work``), benched beside the spec's own
/// runs as the gate would see it; a slowdown of s is that work plus s of
/// its cost, so its size is known. Each trial benches, for every slowdown
/// (and for none), the unchanged run against the slowed one exactly as
/// `cachesim bench --against` benches two builds — worker processes,
/// rounds alternating — and applies the gate's test (relative times,
/// process by process, ``SlowdownTest``).
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
        public var timeTolerance = SlowdownTest.pairedTolerance
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

    /// The calibration's run under test: `noop` with `work` units of busy
    /// work, labelled `noop(under test)` whatever its work, so that the
    /// unchanged and the slowed runs match by label.
    public static func target(_ work: Int, index: Int) -> PlannedRun {
        PlannedRun(
            index: index, policy: Bench.referenceLabel, capacity: nil, options: ["work": .number(Double(work))],
            seed: 0, variant: "under test")
    }

    /// Runs the calibration on the spec at `specPath` with `executable`
    /// (this cachesim) on both sides of `bench --against`, in `processes`
    /// worker pairs. `progress` is told of each round. O(trials ×
    /// slowdowns × rounds × requests).
    public static func run(
        specPath: String, executable: String, options: Options, processes: Int = BenchAgainst.defaultProcesses,
        progress: (Int) -> Void = { _ in }, isCancelled: () -> Bool = { false }
    ) throws -> BenchCalibration {
        let label = target(0, index: 0).label
        /// The unchanged run at `base` work against one at `work`; each
        /// side's target over its rounds' index, and its process of each round.
        func pair(_ base: Int, _ work: Int) throws -> [(run: BenchRun, relative: [Double])] {
            let sides = [base, work].map {
                BenchAgainst.Side(executable: executable, extraArguments: ["--noop-work", String($0)])
            }
            return try BenchAgainst.run(
                specPath: specPath, sides: sides, options: options.bench, processes: processes, progress: progress,
                isCancelled: isCancelled
            ).map { runs in
                let target = runs.first { $0.label == label }!
                return (target, SlowdownTest.relativeTimes(runs, over: Set(runs.map(\.label)))[label]!)
            }
        }
        // The cost of the unchanged run and of one unit of work, from the
        // base work against twice it.
        let costs = try pair(options.baseWork, 2 * options.baseWork)
        let base = costs[0].run.nanosecondsPerRequest.median
        let unit = max(1e-3, (costs[1].run.nanosecondsPerRequest.median - base) / Double(options.baseWork))
        let levels = [0.0] + options.slowdowns
        let works = levels.map { options.baseWork + Int((($0 * base) / unit).rounded()) }
        var changes = [[Double]](repeating: [], count: levels.count)
        var significant = [Int](repeating: 0, count: levels.count)
        var flagged = [Int](repeating: 0, count: levels.count)
        for _ in 0..<options.trials {
            for (level, work) in works.enumerated() {
                let sides = try pair(options.baseWork, work)
                let test = SlowdownTest(
                    baseline: sides[0].relative, current: sides[1].relative,
                    baselineProcesses: sides[0].run.roundProcesses, currentProcesses: sides[1].run.roundProcesses)
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
