import Foundation
import Harness
import TestSupport
import Testing
import Workload

/// Every input under `Tests/FuzzCorpus/<target>/` — the seed corpora of the
/// fuzz targets and every input that once crashed one (`crash-*` files,
/// kept as regression tests) — goes through the same entry point as the
/// fuzzer (`UntrustedInput`) and must end in requests (a report) or a
/// `WorkloadError` (a `ResultFileError`) naming the input, never a trap.
/// Only inputs named `bad-*` (made to be refused) or `crash-*` may be
/// refused: every other seed is a valid input and must be read, so a
/// reader that starts refusing good input fails here.
@Suite struct FuzzCorpusTests {
    static let corpus = packageRoot.appendingPathComponent("Tests/FuzzCorpus")

    @Test(arguments: UntrustedInput.targets)
    func corpusInputsAreReadOrRefused(target: String) throws {
        let folder = Self.corpus.appendingPathComponent(target)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }
            .sorted()
        #expect(!names.isEmpty, "Tests/FuzzCorpus/\(target) holds no seed inputs")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-corpus-\(UUID().uuidString)")
            .path
        defer {
            try? FileManager.default.removeItem(atPath: scratch)
            try? FileManager.default.removeItem(atPath: scratch + ".d")
        }
        for name in names {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let mayBeRefused = name.hasPrefix("bad-") || name.hasPrefix("crash-")
            do {
                try UntrustedInput.feed(data, to: target, scratch: scratch)
            } catch let error as WorkloadError where !mayBeRefused {
                Issue.record("\(target)/\(name): a valid seed was refused: \(error)")
            } catch let error as ResultFileError where !mayBeRefused {
                Issue.record("\(target)/\(name): a valid seed was refused: \(error)")
            } catch let error as WorkloadError {
                if target == "sweep" {
                    #expect(
                        error.file.hasPrefix(scratch + ".d/"), "sweep/\(name): the error must name a file: \(error)")
                } else {
                    let expectedFile = target == "spec" ? "/nonexistent/fuzz.json" : scratch
                    #expect(error.file == expectedFile, "\(target)/\(name): the error must name the input: \(error)")
                }
                #expect(!error.description.isEmpty)
            } catch let error as ResultFileError {
                #expect(["result", "shard", "bench"].contains(target), "\(target)/\(name): \(error)")
                #expect(
                    error.description.hasPrefix(scratch + ": "),
                    "\(target)/\(name): the error must name the input: \(error)")
                #expect(!error.description.contains("\n"), "\(target)/\(name): one line: \(error)")
            } catch {
                Issue.record("\(target)/\(name): neither a WorkloadError nor a ResultFileError: \(error)")
            }
        }
    }
}
