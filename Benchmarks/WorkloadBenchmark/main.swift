// Prints how fast each key source and each ready workload's stream is
// generated on one core, each beside the memory-bandwidth floor (a streaming
// copy of the same bytes), and the memory a Zipf sampler over 10⁹ keys needs.
// Run in release: Scripts/bench-workload.
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

/// This thread's CPU time in seconds: what a figure costs one core, even
/// while other processes share the machine (wall time would count their turns).
func threadSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// CPU seconds `body` takes on this thread.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = threadSeconds()
    try body()
    return threadSeconds() - start
}

/// Bytes per second of a streaming copy between two 256 MiB buffers (far
/// beyond every CPU cache), the best of five: what writing a stream costs
/// when nothing but memory limits it.
func copyBytesPerSecond() -> Double {
    let bytes = 256 << 20
    let source = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    let destination = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    defer {
        source.deallocate()
        destination.deallocate()
    }
    source.initializeMemory(as: UInt8.self, repeating: 1, count: bytes)
    destination.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
    // Published, so the copy cannot be moved out of the timed interval or dropped.
    copied = destination
    var best = 0.0
    for round in 0..<5 {
        source.storeBytes(of: UInt8(round), toByteOffset: bytes - 1, as: UInt8.self)
        let time = seconds { destination.copyMemory(from: source, byteCount: bytes) }
        precondition(destination.load(fromByteOffset: bytes - 1, as: UInt8.self) == UInt8(round))
        best = max(best, Double(bytes) / time)
    }
    copied = nil
    return best
}

/// The destination of the copy being timed, visible to every opaque call.
nonisolated(unsafe) var copied: UnsafeMutableRawPointer?

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

/// Items per second of `fill` writing chunks of `count` items in all (the best of three).
func itemsPerSecond<T>(_ type: T.Type, count: Int, _ fill: (UnsafeMutableBufferPointer<T>) -> Void) -> Double {
    let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: defaultChunkSize)
    defer { buffer.deallocate() }
    var best = 0.0
    for _ in 0..<3 {
        let time = seconds {
            var left = count
            while left > 0 {
                let n = min(left, buffer.count)
                fill(UnsafeMutableBufferPointer(rebasing: buffer[0..<n]))
                left -= n
            }
        }
        best = max(best, Double(count) / time)
    }
    return best
}

/// Requests per second of a spec's whole stream (keys, times and sizes), the best of three.
func requestsPerSecond(_ spec: WorkloadSpec) throws -> Double {
    var best = 0.0
    var chunk = RequestChunk(capacity: defaultChunkSize)
    for _ in 0..<3 {
        var stream = try WorkloadStream(spec)
        var total = 0
        let time = try seconds {
            while try stream.next(into: &chunk, limit: defaultChunkSize) > 0 { total += chunk.count }
        }
        best = max(best, Double(total) / time)
    }
    return best
}

/// Bytes a request occupies in a chunk: key, time and size.
let requestBytes = MemoryLayout<UInt64>.size + MemoryLayout<Int64>.size + MemoryLayout<UInt32>.size
let keyBytes = MemoryLayout<UInt64>.size
/// Characters of the table's name column.
let width = 56

// Memory first, while the process is small: nothing else has been allocated.
let baseline = memoryMiB("VmRSS")
var huge = ZipfSampler(alpha: 0.99, universe: 1_000_000_000, seed: 1)
_ = keysPerSecond(&huge, count: 20_000_000, rounds: 1)
print(
    "Zipf over a 10^9 universe (rejection-inversion): RSS \(String(format: "%.1f", memoryMiB("VmRSS"))) MiB, "
        + "peak \(String(format: "%.1f", memoryMiB("VmHWM"))) MiB (process baseline \(String(format: "%.1f", baseline)) MiB)"
)

let copyRate = copyBytesPerSecond()
print("")
print(
    "Memory-bandwidth floor: a streaming copy of 256 MiB runs at \(String(format: "%.1f", copyRate / 1e9)) GB/s, "
        + "so writing \(keyBytes) B per key could reach \(String(format: "%.0f", copyRate / Double(keyBytes) / 1e6)) M keys/s "
        + "and \(requestBytes) B per request (key, time, size) \(String(format: "%.0f", copyRate / Double(requestBytes) / 1e6)) M requests/s."
)
print(
    "(A chunk of \(defaultChunkSize) requests stays in the CPU caches, so a source that does almost nothing"
        + " per key can pass the floor.)")
print(
    "Random numbers: GSL's mt19937, "
        + (RandomSource(seed: 1).drawsBlocksInPlace
            ? "drawn a block at a time on GSL's own state."
            : "one GSL call per draw (its state's layout was not recognised)."))
print("")
print("One core (thread CPU time), chunks of \(defaultChunkSize); M/s is the best of three:")
print("source".padding(toLength: width, withPad: " ", startingAt: 0) + "      M/s    floor M/s   % of floor")

/// Words given on the command line choose the rows whose names contain one of them.
let filters = CommandLine.arguments.dropFirst()

/// One table row: the rate of `name` (measured only when the row is chosen),
/// beside the floor for `bytes` per item.
func report(_ name: String, _ rate: @autoclosure () throws -> Double, bytes: Int = keyBytes) rethrows {
    guard filters.isEmpty || filters.contains(where: { name.contains($0) }) else { return }
    let rate = try rate()
    let floor = copyRate / Double(bytes)
    print(
        name.padding(toLength: width, withPad: " ", startingAt: 0)
            + String(format: "%9.1f    %9.0f    %6.1f %%", rate / 1e6, floor / 1e6, 100 * rate / floor))
}

/// The generator of a key source, as a spec would build it.
func generator(_ source: KeySource) -> any KeyGenerator { source.makeGenerator(seed: 1)! }

let n = 50_000_000
report("zipf 10^9 (rejection-inversion)", keysPerSecond(&huge, count: n / 2))
for (name, universe) in [("10^4", 10_000), ("10^6", 1_000_000), ("2^21", 1 << 21)] {
    var zipf = ZipfSampler(alpha: 0.99, universe: UInt64(universe), seed: 1)
    report("zipf \(name) (alias table)", keysPerSecond(&zipf, count: n))
}
/// Zipf keys from an alias table through `gsl_ran_discrete`, one call per key:
/// the same keys as the packed table's, to compare with it.
struct GSLAliasKeys: KeyGenerator {
    let table: AliasTable
    let rng = RandomSource(seed: 1)

    init(universe: Int) {
        table = try! AliasTable(weights: (1...universe).map { pow(Double($0), -0.99) })
    }

    func generate(into keys: UnsafeMutableBufferPointer<UInt64>) {
        table.fillCallingGSL(keys, rng) { ZipfSampler.key(rank: UInt64($0) + 1) }
    }
}
var viaGSL = GSLAliasKeys(universe: 1_000_000)
report("  zipf 10^6, gsl_ran_discrete per key", keysPerSecond(&viaGSL, count: n / 2))
for (name, universe) in [("10^6", 1_000_000), ("2^21 + 1", (1 << 21) + 1)] {
    var zipf = ZipfSampler(alpha: 0.99, universe: UInt64(universe), seed: 1, method: .rejectionInversion)
    report("zipf \(name) (rejection-inversion)", keysPerSecond(&zipf, count: n / 2))
}
var unique = UniqueKeys(seed: 1)
report("unique", keysPerSecond(&unique, count: 4 * n))
var uniqueRepeats = UniqueKeys(repeats: 3, window: 300, seed: 1)
report("unique (repeats 3, window 300)", keysPerSecond(&uniqueRepeats, count: 4 * n))
for (name, universe) in [("10^6", UInt64(1_000_000)), ("2^53", UInt64(1) << 53)] {
    var uniform = UniformKeys(universe: universe, seed: 1)
    report("uniform \(name)", keysPerSecond(&uniform, count: n))
    var hotset = HotsetKeys(universe: universe, hotKeys: 0.01, hotRequests: 0.9, seed: 1)
    report("hotset \(name) (1 % of keys get 90 %)", keysPerSecond(&hotset, count: n))
}
var loop = LoopKeys(keys: 10_000)
report("loop 10^4", keysPerSecond(&loop, count: 4 * n))
var scan = ScanKeys(length: 20_000, universe: 10_000_000, seed: 1)
report("scan 20000 over 10^7", keysPerSecond(&scan, count: 4 * n))
var mixOfZipfs = generator(
    .mix([
        MixComponent(weight: 1, source: .zipf(alpha: 0.99, universe: 10_000)),
        MixComponent(weight: 1, source: .zipf(alpha: 0.9, universe: 10_000)),
    ]))
report("mix of two zipf 10^4 (a pick per key)", keysPerSecond(&mixOfZipfs, count: n / 2))
var mixWithScan = generator(
    .mix([
        MixComponent(weight: 0.7, source: .zipf(alpha: 0.9, universe: 100_000)),
        MixComponent(weight: 0.3, source: .scan(length: 20_000, universe: 10_000_000)),
    ]))
report("mix zipf 10^5 + scans (scan-heavy.json's keys)", keysPerSecond(&mixWithScan, count: n))
var phases = generator(
    .phases([
        Phase(requests: 1_000_000, source: .zipf(alpha: 0.9, universe: 100_000)),
        Phase(requests: 1_000_000, source: .hotset(universe: 100_000, hotKeys: 0.05, hotRequests: 0.95)),
    ]))
report("phases zipf 10^5, hotset 10^5 (working-set-shift)", keysPerSecond(&phases, count: n))

// zipf.json's stream, part by part, then whole.
var zipfKeys = ZipfSampler(alpha: 0.99, universe: 1_000_000, seed: 1)
report("zipf.json keys (zipf 10^6)", keysPerSecond(&zipfKeys, count: n))
var poisson = ArrivalClock(.poisson(ratePerSecond: 10_000), seed: 1)
report(
    "zipf.json times (Poisson arrivals)", itemsPerSecond(Int64.self, count: n) { poisson.fill($0) },
    bytes: MemoryLayout<Int64>.size)
let fixedSizes = ObjectSizer(.fixed(bytes: 100), seed: 1)
let sizedKeys = [UInt64](repeating: 7, count: defaultChunkSize)
report(
    "zipf.json sizes (fixed 100 B)",
    sizedKeys.withUnsafeBufferPointer { keys in
        itemsPerSecond(UInt32.self, count: 4 * n) {
            fixedSizes.fill($0, keys: UnsafeBufferPointer(rebasing: keys[0..<$0.count]))
        }
    }, bytes: MemoryLayout<UInt32>.size)

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Workloads")
let names =
    (try? FileManager.default.contentsOfDirectory(atPath: root.path))?.filter { $0.hasSuffix(".json") }
    .map { String($0.dropLast(".json".count)) }.sorted() ?? []
for name in names {
    guard var spec = try? WorkloadSpec.load(path: root.appendingPathComponent("\(name).json").path) else { continue }
    spec.requests = min(spec.requests ?? n, n / 5)
    try report("stream of \(name).json (keys, times, sizes)", try requestsPerSecond(spec), bytes: requestBytes)
}
