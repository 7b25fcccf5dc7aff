// What the harness's measurement costs: the same 10^7 Zipf(0.99) requests,
// pre-generated, replayed through each policy bare (one `replay` call per
// chunk, as the caches benchmark does) and through the harness with the
// memory series and latency sampling on — in one run, as a ratio, since
// this machine is shared and noisy. Target: harness ≥ 85 % of bare.
// Then what the verdict costs per run (growth models fitted by GSL to the
// three measures of a run's memory series), beside the replay it follows.
//
//   swift run -c release HarnessBenchmark
import Caches
import Harness
import Workload

let requests = 10_000_000
let spec = WorkloadSpec(
    name: "harness-benchmark", seed: 42, requests: requests, keys: .zipf(alpha: 0.99, universe: 1_000_000))
var stream = try WorkloadStream(spec)
var chunks: [RequestChunk] = []
var generated = 0
while generated < requests {
    var chunk = RequestChunk(capacity: defaultChunkSize)
    let n = try stream.next(into: &chunk, limit: min(defaultChunkSize, requests - generated))
    guard n > 0 else { break }
    generated += n
    chunks.append(chunk)
}

func bareReplay(_ run: PlannedRun, _ chunks: [RequestChunk]) throws -> (seconds: Double, hits: Int) {
    let cache = try PolicyRegistry.named(run.policy)!.make(
        CacheConfiguration(
            capacity: run.cacheCapacity, options: run.options, seed: 1))
    var tally = ReplayTally()
    let start = monotonicNanoseconds()
    for chunk in chunks {
        chunk.withBuffers { keys, sizes, times in
            cache.replay(keys: keys, sizes: sizes, times: times, tally: &tally)
        }
    }
    return (Double(monotonicNanoseconds() - start) / 1e9, tally.hits)
}

let timerCost = measureTimerCost()
print("10^7 Zipf(0.99) requests over 10^6 keys, pre-generated; timer cost \(timerCost) ns")
print("policy        bare M req/s   harness M req/s (wall)   harness/bare   hits equal")
let policies: [(String, Capacity?, [String: PolicyOptionValue])] = [
    ("lru", .entries(10_000), [:]), ("fifo", .entries(10_000), [:]), ("clock", .entries(10_000), [:]),
    ("2q", .entries(10_000), [:]), ("ttl", .entries(10_000), ["ttl": 3600]), ("unbounded", nil, [:]),
]
var verdictSeries: [(String, [MemorySample], Double)] = []
for (policy, capacity, options) in policies {
    guard PolicyRegistry.named(policy) != nil else { continue }
    let run = PlannedRun(index: 0, policy: policy, capacity: capacity, options: options, seed: 42, repetition: 0)
    // Best of three for each, interleaved, to damp the noise of a shared machine.
    var bestBare = Double.infinity
    var bestHarness = Double.infinity
    var hitsEqual = true
    for _ in 0..<3 {
        let bare = try bareReplay(run, chunks)
        bestBare = min(bestBare, bare.seconds)
        let start = monotonicNanoseconds()
        let measured = try RunExecutor.measure(run: run, spec: spec, chunks: chunks, timerCost: timerCost)
        bestHarness = min(bestHarness, Double(monotonicNanoseconds() - start) / 1e9)
        hitsEqual = hitsEqual && measured.hits == bare.hits
        if verdictSeries.count < policies.count, !verdictSeries.contains(where: { $0.0 == run.label }) {
            verdictSeries.append((run.label, measured.memory.series, bestHarness))
        }
    }
    let bareRate = Double(requests) / bestBare / 1e6
    let harnessRate = Double(requests) / bestHarness / 1e6
    print(
        run.label.padding(toLength: 14, withPad: " ", startingAt: 0)
            + Formatting.fixed(bareRate, digits: 1).leftPadded(11)
            + Formatting.fixed(harnessRate, digits: 1).leftPadded(26)
            + Formatting.percent(harnessRate / bareRate, digits: 1).leftPadded(15)
            + (hitsEqual ? "yes" : "NO").leftPadded(13))
}

print("\nverdict (growth models fitted to entries, storage and allocator bytes), per run:")
print("run            samples   verdict ms   replay ms (harness)   verdict/replay")
for (label, series, replaySeconds) in verdictSeries {
    var best = Double.infinity
    var kind = ""
    for _ in 0..<5 {
        let start = monotonicNanoseconds()
        kind = MemoryVerdict.assess(series, budget: 4 << 30).kind.rawValue
        best = min(best, Double(monotonicNanoseconds() - start) / 1e6)
    }
    print(
        label.padding(toLength: 14, withPad: " ", startingAt: 0) + String(series.count).leftPadded(8)
            + Formatting.fixed(best, digits: 2).leftPadded(13)
            + Formatting.fixed(replaySeconds * 1e3, digits: 1)
            .leftPadded(22) + Formatting.percent(best / 1e3 / replaySeconds, digits: 1).leftPadded(17) + "  " + kind)
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
