import Foundation
import Testing
import Workload

/// Frozen streams: the first 10^6 requests (keys, times, sizes and any
/// lifetimes) of every
/// ready workload in `Workloads/`, at the spec's own seed, digested and
/// compared with the values recorded below.
///
/// The same seed must give the same stream on every version and machine,
/// or old baselines and results silently stop meaning what they say. A
/// failure here means a generator's output changed. If that change is
/// deliberate (a fixed bug, a better sampler), say so in the commit, rerun
/// the regression baselines (`Scripts/regression --update`), and replace the
/// digest with the one the failure message prints:
///
///     swift test -c release --filter FrozenStreamTests
///
/// A new workload file fails here too until its digest is added.
@Suite struct FrozenStreamTests {
    /// Requests digested per workload.
    static let prefixLength = 1_000_000

    /// FNV-1a (64-bit) of the first ``prefixLength`` requests of each
    /// `Workloads/<name>.json`; see ``digest(of:)`` for the byte layout.
    static let golden: [String: String] = [
        "hotset": "2b86967dafaf6e7e",
        "lifetimes": "61efd8937674befa",
        "loop": "27bfb71ef9d86ec8",
        "scan-heavy": "272f9d7a83b8f334",
        "uniform": "bc42450dbbfd9dea",
        "unique-ids": "7d92ac3237d21c28",
        "working-set-shift": "0a454bfd349e02c3",
        "zipf": "6cc088d604a6bff4",
    ]

    /// Every `Workloads/*.json` file, by name.
    static let workloadFiles: [String: URL] = {
        let folder = packageRoot.appendingPathComponent("Workloads")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return Dictionary(
            uniqueKeysWithValues: names.filter { $0.hasSuffix(".json") }.map {
                (String($0.dropLast(".json".count)), folder.appendingPathComponent($0))
            })
    }()

    @Test func everyReadyWorkloadHasAGoldenDigest() {
        #expect(!Self.workloadFiles.isEmpty, "no Workloads/*.json found under \(packageRoot.path)")
        #expect(
            Set(Self.workloadFiles.keys) == Set(Self.golden.keys),
            "add or remove the digest of a new or deleted workload")
    }

    @Test(arguments: golden.keys.sorted())
    func streamIsFrozen(_ name: String) throws {
        let file = try #require(Self.workloadFiles[name], "Workloads/\(name).json is missing")
        let workload = try WorkloadSpec.load(path: file.path)
        let digest = try Self.digest(of: workload)
        #expect(
            digest == Self.golden[name],
            "the stream of Workloads/\(name).json changed; if deliberate, record \"\(name)\": \"\(digest)\"")
    }

    /// The digest of the first ``prefixLength`` requests of `workload`
    /// (repetition 0), read `limit` requests at a time: FNV-1a over, request
    /// by request, the key (8 bytes), time (8 bytes), size (4 bytes) and, for
    /// a stream with lifetimes, the lifetime (8 bytes), each little-endian,
    /// then the request count; as 16 hex digits. A stream without lifetimes
    /// digests as it did before they existed.
    static func digest(of workload: WorkloadSpec, limit: Int = defaultChunkSize) throws -> String {
        var stream = try WorkloadStream(workload)
        var chunk = RequestChunk(capacity: limit)
        var hash = FNV1a()
        var done = 0
        while done < prefixLength {
            let n = try stream.next(into: &chunk, limit: min(limit, prefixLength - done))
            guard n > 0 else { break }
            for i in 0..<n {
                hash.add(chunk.keys[i])
                hash.add(UInt64(bitPattern: chunk.times[i]))
                hash.add(UInt64(chunk.sizes[i]), bytes: 4)
                if !chunk.lifetimes.isEmpty { hash.add(UInt64(bitPattern: chunk.lifetimes[i])) }
            }
            done += n
        }
        hash.add(UInt64(done))
        let hex = String(hash.value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// 64-bit FNV-1a, fed little-endian integers: small, dependency-free and
/// identical on every platform.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Adds the low `bytes` bytes of `word`, least significant first.
    mutating func add(_ word: UInt64, bytes: Int = 8) {
        var rest = word
        for _ in 0..<bytes {
            value = (value ^ (rest & 0xff)) &* 0x0000_0100_0000_01b3
            rest >>= 8
        }
    }
}
