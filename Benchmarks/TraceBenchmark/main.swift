// Prints how fast traces are read and replayed into the no-op cache on one
// core (oracleGeneral, text, gzip'd text, from files in the page cache), and
// the peak RSS of replaying a 10⁸-request generated trace. Figures are
// printed, never asserted. Run in release: Scripts/bench-traces.
//
//   TraceBenchmark [--requests N] [--keep DIR]
//   TraceBenchmark --replay FILE FORMAT   (internal: one replay, in its own process)
import CCompression
import Caches
import Foundation
import Workload

/// Replays every request of `source` into the no-op cache; returns how many.
func replay(_ source: TraceSource) throws -> Int {
    var stream = try WorkloadStream(WorkloadSpec(name: "bench", seed: 1, requests: nil, keys: .trace(source)))
    let cache = NoOpCache<UInt64, Void>()
    var chunk = RequestChunk(capacity: defaultChunkSize)
    var tally = ReplayTally()
    while try stream.next(into: &chunk, limit: defaultChunkSize) > 0 {
        chunk.withBuffers { keys, sizes, times in cache.replay(keys: keys, sizes: sizes, times: times, tally: &tally) }
    }
    return tally.requests
}

/// Peak resident set of this process in MiB (VmHWM of /proc/self/status).
func peakRSSMiB() -> Double {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
    return (Double(line.split(separator: " ").dropFirst().first ?? "") ?? .nan) / 1024
}

/// Writes `count` Zipf requests (α 0.9 over 10⁶ keys) to `path` in `format`.
func generate(_ path: String, count: Int, format: StreamFormat) throws {
    let spec = WorkloadSpec(name: "bench", seed: 7, requests: count, keys: .zipf(alpha: 0.9, universe: 1_000_000))
    var stream = try WorkloadStream(spec)
    try StreamWriter.write(&stream, to: path, format: format)
}

/// `input` gzip-compressed into `output` (zlib, level 6), in blocks.
func gzipFile(_ input: String, to output: String) throws {
    guard let source = FileHandle(forReadingAtPath: input), let target = gzopen(output, "wb6") else {
        throw CocoaError(.fileWriteUnknown)
    }
    while let block = try source.read(upToCount: 1 << 20), !block.isEmpty {
        _ = block.withUnsafeBytes { gzwrite(target, $0.baseAddress, UInt32($0.count)) }
    }
    gzclose(target)
}

/// Best requests per second of `rounds` replays, after one that brings the file into the page cache.
func bestRate(_ source: TraceSource, rounds: Int = 3) throws -> (rate: Double, requests: Int) {
    var requests = try replay(source)
    var best = 0.0
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        requests = try replay(source)
        best = max(best, Double(requests) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
    }
    return (best, requests)
}

func fileMiB(_ path: String) -> Double {
    Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1_048_576
}

func row(_ label: String, _ rate: Double, _ unit: String, target: Double) -> String {
    let ok = rate >= target ? "meets" : "BELOW"
    return label.padding(toLength: 34, withPad: " ", startingAt: 0)
        + String(format: "%8.1f M %@/s   (target ≥ %.0f M: %@)", rate / 1e6, unit, target / 1e6, ok)
}

let arguments = CommandLine.arguments
if arguments.count == 4, arguments[1] == "--replay" {
    let start = DispatchTime.now().uptimeNanoseconds
    let requests = try replay(TraceSource(path: arguments[2], format: TraceSource.Format(rawValue: arguments[3])!))
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print("\(requests) \(seconds) \(peakRSSMiB())")
    exit(0)
}
let requests = arguments.firstIndex(of: "--requests").map { Int(arguments[$0 + 1])! } ?? 30_000_000
let keep = arguments.firstIndex(of: "--keep").map { arguments[$0 + 1] }
let folder = keep ?? FileManager.default.temporaryDirectory.appendingPathComponent("trace-bench-\(getpid())").path
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer { if keep == nil { try? FileManager.default.removeItem(atPath: folder) } }

print("Trace reading on one core, into the no-op cache (best of 3, files in the page cache)")
let oracle = folder + "/zipf.oracleGeneral", text = folder + "/zipf.txt", gz = folder + "/zipf.txt.gz"
try generate(oracle, count: requests, format: .oracleGeneral)
try generate(text, count: requests, format: .text)
try gzipFile(text, to: gz)
let oracleRate = try bestRate(TraceSource(path: oracle, format: .oracleGeneral))
print(row("oracleGeneral (\(Int(fileMiB(oracle))) MiB)", oracleRate.rate, "requests", target: 100e6))
let textRate = try bestRate(TraceSource(path: text))
print(row("text (\(Int(fileMiB(text))) MiB)", textRate.rate, "lines", target: 20e6))
let gzRate = try bestRate(TraceSource(path: gz))
print(row("gzip'd text (\(Int(fileMiB(gz))) MiB)", gzRate.rate, "lines", target: 10e6))
print("(\(requests) requests each; Zipf α 0.9 over 10⁶ keys)")

print("\nMemory: a 10⁸-request generated oracleGeneral trace replayed in its own process")
let big = folder + "/big.oracleGeneral"
try generate(big, count: 100_000_000, format: .oracleGeneral)
let child = Process()
child.executableURL = URL(fileURLWithPath: arguments[0]).resolvingSymlinksInPath()
child.arguments = ["--replay", big, "oracleGeneral"]
let pipe = Pipe()
child.standardOutput = pipe
try child.run()
let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
child.waitUntilExit()
try? FileManager.default.removeItem(atPath: big)
let fields = output.split(whereSeparator: \.isWhitespace)
if fields.count == 3, let replayed = Int(fields[0]), let seconds = Double(fields[1]), let peak = Double(fields[2]) {
    print(
        String(
            format:
                "%d requests in %.1f s (%.1f M/s; the file was just written), peak RSS %.1f MiB (target < 64 MiB: %@)",
            replayed, seconds, Double(replayed) / seconds / 1e6, peak, peak < 64 ? "meets" : "ABOVE"))
} else {
    print("the replay process failed: \(output)")
}
