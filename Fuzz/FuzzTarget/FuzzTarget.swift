import CFuzzDriver
import Foundation
import TestSupport

/// One libFuzzer target per untrusted input (`UntrustedInput.targets`), in
/// one binary: `FuzzTarget TARGET [libFuzzer flags and corpus folders…]`.
///
/// Built by `Scripts/fuzz` with `-sanitize=fuzzer,address -D FUZZING`, it
/// hands over to libFuzzer's driver. In an ordinary build (`swift build`,
/// `swift test`) it replays files instead — `FuzzTarget TARGET FILE…` — to
/// reproduce a crash without the fuzzer.
@main enum FuzzTarget {
    /// The target being fuzzed; set once, before the first input.
    nonisolated(unsafe) static var target = ""

    /// This process's scratch file for trace and result bytes (in memory when /dev/shm exists).
    static let scratch: String = {
        let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return "\(folder)/cachesim-fuzz-\(ProcessInfo.processInfo.processIdentifier)"
    }()

    static func main() {
        var arguments = CommandLine.arguments
        guard arguments.count > 1, UntrustedInput.targets.contains(arguments[1]) else {
            print("usage: FuzzTarget TARGET FILE…   (TARGET: \(UntrustedInput.targets.joined(separator: ", ")))")
            exit(2)
        }
        target = arguments.remove(at: 1)
        #if FUZZING
        var argc = CInt(arguments.count)
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = .allocate(capacity: arguments.count + 1)
        for (i, argument) in arguments.enumerated() { argv![i] = strdup(argument) }
        argv![arguments.count] = nil
        let status = LLVMFuzzerRunDriver(&argc, &argv) { bytes, size in
            let data = bytes.map { Data(bytes: $0, count: size) } ?? Data()
            _ = try? UntrustedInput.feed(data, to: FuzzTarget.target, scratch: FuzzTarget.scratch)
            return 0
        }
        try? FileManager.default.removeItem(atPath: scratch)
        try? FileManager.default.removeItem(atPath: scratch + ".d")
        exit(status)
        #else
        for file in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: file) else {
                print("\(file): cannot be read")
                exit(2)
            }
            do {
                print(
                    "\(file): \(try UntrustedInput.feed(data, to: target, scratch: scratch)) \(["result": "runs", "shard": "units", "sweep": "units", "bench": "runs"][target] ?? "requests")"
                )
            } catch {
                print("\(file): refused: \(error)")
            }
        }
        try? FileManager.default.removeItem(atPath: scratch)
        try? FileManager.default.removeItem(atPath: scratch + ".d")
        #endif
    }
}
