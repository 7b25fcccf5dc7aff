// Prints how fast each key source generates keys on one core, and the memory
// a Zipf sampler over 10⁹ keys needs. Run in release: Scripts/bench-workload.
import Foundation
import Stats
import Workload

/// A field of /proc/self/status in MiB (VmRSS: resident now, VmHWM: peak).
func memoryMiB(_ field: String) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
        let kB = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    else { return .nan }
    return kB / 1024
}

/// Seconds `body` takes on the monotonic clock.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Generates `count` keys from `generator` into one reused chunk-sized buffer
/// and returns keys per second (the best of `rounds`).
func keysPerSecond(_ generator: inout some KeyGenerator, count: Int, rounds: Int = 3) -> Double {
    var buffer = [UInt64](repeating: 0, count: defaultChunkSize)
    var checksum: UInt64 = 0
    var best = 0.0
    for _ in 0..<rounds {
        let time = seconds {
            var left = count
            buffer.withUnsafeMutableBufferPointer { keys in
                while left > 0 {
                    let n = min(left, keys.count)
                    let slice = UnsafeMutableBufferPointer(rebasing: keys[0..<n])
                    generator.generate(into: slice)
                    checksum &+= slice[0]
                    left -= n
                }
            }
        }
        best = max(best, Double(count) / time)
    }
    if checksum == 42 { print("") }  // keeps the work observable
    return best
}

/// Requests per second of a spec's whole stream (keys, times and sizes).
func requestsPerSecond(_ spec: WorkloadSpec) throws -> Double {
    var stream = try WorkloadStream(spec)
    var chunk = RequestChunk(capacity: defaultChunkSize)
    var total = 0
    let time = try seconds {
        while try stream.next(into: &chunk, limit: defaultChunkSize) > 0 { total += chunk.count }
    }
    return Double(total) / time
}

func report(_ name: String, _ rate: Double, _ note: String = "") {
    let padded = name.padding(toLength: 42, withPad: " ", startingAt: 0)
    print(padded + String(format: "%8.1f M keys/s", rate / 1e6) + (note.isEmpty ? "" : "   " + note))
}

// Memory first, while the process is small: nothing else has been allocated.
let baseline = memoryMiB("VmRSS")
var huge = ZipfSampler(alpha: 0.99, universe: 1_000_000_000, seed: 1)
let hugeRate = keysPerSecond(&huge, count: 20_000_000, rounds: 1)
print(
    "Zipf over a 10^9 universe (rejection-inversion): RSS \(String(format: "%.1f", memoryMiB("VmRSS"))) MiB, "
        + "peak \(String(format: "%.1f", memoryMiB("VmHWM"))) MiB (process baseline \(String(format: "%.1f", baseline)) MiB)"
)
print("")
print("Keys per second, one core, chunks of \(defaultChunkSize):")
report("zipf 10^9 (rejection-inversion)", hugeRate)

let n = 50_000_000
var zipfAlias = ZipfSampler(alpha: 0.99, universe: 1_000_000, seed: 1)
report("zipf 10^6 (alias table, ZipfSampler)", keysPerSecond(&zipfAlias, count: n))
/// Zipf keys from an alias table by one of its two bulk paths, to compare them.
struct AliasKeys: KeyGenerator {
    let table: AliasTable
    let rng = RandomSource(seed: 1)
    let callingGSL: Bool

    init(universe: Int, callingGSL: Bool) {
        table = try! AliasTable(weights: (1...universe).map { pow(Double($0), -0.99) })
        self.callingGSL = callingGSL
    }

    func generate(into keys: UnsafeMutableBufferPointer<UInt64>) {
        if callingGSL {
            table.fillCallingGSL(keys, rng) { ZipfSampler.key(rank: UInt64($0) + 1) }
        } else {
            table.fill(keys, rng) { ZipfSampler.key(rank: UInt64($0) + 1) }
        }
    }
}
var viaGSL = AliasKeys(universe: 1_000_000, callingGSL: true)
report("  same, gsl_ran_discrete per key", keysPerSecond(&viaGSL, count: n))
var viaPacked = AliasKeys(universe: 1_000_000, callingGSL: false)
report("  same, packed copy of GSL's table", keysPerSecond(&viaPacked, count: n))
var zipfSmall = ZipfSampler(alpha: 0.99, universe: 10_000, seed: 1)
report("zipf 10^4 (alias table, ZipfSampler)", keysPerSecond(&zipfSmall, count: n))
var zipfRI = ZipfSampler(alpha: 0.99, universe: 1_000_000, seed: 1, method: .rejectionInversion)
report("zipf 10^6 (rejection-inversion)", keysPerSecond(&zipfRI, count: n / 2))
var unique = UniqueKeys(seed: 1)
report("unique", keysPerSecond(&unique, count: 4 * n))
var uniqueRepeats = UniqueKeys(repeats: 3, window: 300, seed: 1)
report("unique (repeats 3, window 300)", keysPerSecond(&uniqueRepeats, count: 4 * n))
var uniform = UniformKeys(universe: 1_000_000, seed: 1)
report("uniform 10^6", keysPerSecond(&uniform, count: n))
var hotset = HotsetKeys(universe: 1_000_000, hotKeys: 0.01, hotRequests: 0.9, seed: 1)
report("hotset 10^6", keysPerSecond(&hotset, count: n))
var loop = LoopKeys(keys: 10_000)
report("loop 10^4", keysPerSecond(&loop, count: 4 * n))
var scan = ScanKeys(length: 20_000, universe: 10_000_000, seed: 1)
report("scan 20000 over 10^7", keysPerSecond(&scan, count: 4 * n))

let specs = packageRootSpecs()
for name in ["scan-heavy", "working-set-shift", "zipf", "unique-ids"] {
    guard let spec = specs[name] else { continue }
    var withoutCap = spec
    withoutCap.requests = min(spec.requests ?? n, n)
    report("stream of Workloads/\(name).json", try requestsPerSecond(withoutCap), "keys + times + sizes")
}

/// The ready specs in Workloads/, found from this file's path.
func packageRootSpecs() -> [String: WorkloadSpec] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Workloads")
    var specs: [String: WorkloadSpec] = [:]
    for name in ["scan-heavy", "working-set-shift", "zipf", "unique-ids"] {
        specs[name] = try? WorkloadSpec.load(path: root.appendingPathComponent("\(name).json").path)
    }
    return specs
}
