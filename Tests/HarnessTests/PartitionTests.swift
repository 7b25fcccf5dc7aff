import Testing

@testable import Harness

/// How `ParallelRunner.partition` shares runs among workers: each worker
/// generates the stream of every seed it holds once, so the fewer seeds per
/// worker the fewer generations, as long as the work stays balanced.
@Suite struct PartitionTests {
    /// Runs in plan order: each cache (and capacity), then each repetition.
    static func plan(caches: Int, seeds: Int) -> [PlannedRun] {
        var runs: [PlannedRun] = []
        for cache in 0..<caches {
            for repetition in 0..<seeds {
                runs.append(
                    PlannedRun(
                        index: runs.count, policy: "lru", capacity: .entries(cache + 1), seed: 42 + UInt64(repetition),
                        repetition: repetition))
            }
        }
        return runs
    }

    /// Streams the workers generate in all: one per (group, seed held).
    static func generations(_ groups: [[Int]], _ runs: [PlannedRun]) -> Int {
        groups.map { Set($0.map { runs[$0].seed }).count }.reduce(0, +)
    }

    @Test func everyRunGoesToExactlyOneWorkerAndTheWorkIsBalanced() {
        for seeds in 1...5 {
            for caches in 1...15 {
                let runs = Self.plan(caches: caches, seeds: seeds)
                for jobs in 1...8 {
                    let groups = ParallelRunner.partition(runs, jobs: jobs)
                    #expect(groups.flatMap { $0 }.sorted() == runs.map(\.index))
                    #expect(groups.count == min(jobs, runs.count))
                    #expect(groups.allSatisfy { !$0.isEmpty })
                    let sizes = groups.map(\.count)
                    if seeds >= jobs {
                        // Whole seeds: each stream is generated once in all.
                        #expect(Self.generations(groups, runs) == seeds)
                    } else {
                        #expect(sizes.max()! - sizes.min()! <= 1, "\(seeds) seeds, \(caches) caches, \(jobs) jobs")
                        // Consecutive shares: at most one seed is split at each cut.
                        #expect(Self.generations(groups, runs) <= seeds + groups.count - 1)
                    }
                }
            }
        }
    }

    @Test func aSingleSeedIsDealtTurnByTurn() {
        let runs = Self.plan(caches: 14, seeds: 1)
        for jobs in 1...6 {
            let dealt = (0..<min(jobs, runs.count)).map { group in runs.indices.filter { $0 % jobs == group } }
            #expect(ParallelRunner.partition(runs, jobs: jobs) == dealt)
        }
    }

    @Test func fewerSeedsThanJobsAreNotEachGeneratedByEveryWorker() {
        // 3 repetitions of 14 caches on 8 workers: dealing the runs turn by
        // turn would give every worker all 3 seeds (24 generations).
        let runs = Self.plan(caches: 14, seeds: 3)
        let groups = ParallelRunner.partition(runs, jobs: 8)
        #expect(Self.generations(groups, runs) <= 3 + 8 - 1)
        #expect(groups.allSatisfy { group in Set(group.map { runs[$0].seed }).count <= 2 })
    }
}
