import Foundation

/// The project root, found from this file's path (Tests/TestSupport/…).
public func packageRoot(_ file: String = #filePath) -> URL {
    URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// `../shared/traces` beside the project, where CI keeps the real traces.
public let sharedTracesDirectory = packageRoot().deletingLastPathComponent()
    .appendingPathComponent("shared/traces", isDirectory: true)

/// Whether the shared traces are there (a fresh clone has none): the one
/// predicate every test that needs them uses, as
/// `.enabled(if: sharedTracesAvailable, Comment(rawValue: sharedTracesAbsent))`.
public var sharedTracesAvailable: Bool {
    FileManager.default.fileExists(atPath: sharedTracesDirectory.appendingPathComponent("reference.csv").path)
}

/// Why a test that needs the shared traces was skipped.
public let sharedTracesAbsent = "../shared/traces is absent (a fresh clone has none; CI has it)"

/// The keys of trace `name` (one integer per line).
public func readTrace(_ name: String) throws -> [UInt64] {
    let data = try Data(contentsOf: sharedTracesDirectory.appendingPathComponent("\(name).txt"))
    var keys: [UInt64] = []
    keys.reserveCapacity(data.count / 4)
    var current: UInt64 = 0
    var inNumber = false
    for byte in data {
        if byte >= 0x30 && byte <= 0x39 {
            current = current &* 10 &+ UInt64(byte - 0x30)
            inNumber = true
        } else if inNumber {
            keys.append(current)
            current = 0
            inNumber = false
        }
    }
    if inNumber { keys.append(current) }
    return keys
}

/// One row of reference.csv.
public struct ReferenceRow: Sendable, CustomStringConvertible {
    public let trace: String
    public let policy: String
    public let capacity: Int
    public let requests: Int
    public let hits: Int
    public let kind: String
    public var description: String { "\(trace) \(policy) @\(capacity)" }
}

/// The rows of `../shared/traces/reference.csv`, or none when absent.
public func referenceRows() -> [ReferenceRow] {
    let url = sharedTracesDirectory.appendingPathComponent("reference.csv")
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").dropFirst().compactMap { line in
        let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 7, let capacity = Int(f[2]), let requests = Int(f[3]), let hits = Int(f[4]) else { return nil }
        return ReferenceRow(trace: f[0], policy: f[1], capacity: capacity, requests: requests, hits: hits, kind: f[6])
    }
}

/// The next access of each request of `keys`: the index of the next
/// request for the same key, or `Int64.max` when there is none. One
/// backward pass; O(keys).
public func nextAccesses(_ keys: [UInt64]) -> [Int64] {
    var next = [Int64](repeating: .max, count: keys.count)
    var seen: [UInt64: Int64] = [:]
    for i in keys.indices.reversed() {
        if let later = seen.updateValue(Int64(i), forKey: keys[i]) { next[i] = later }
    }
    return next
}
