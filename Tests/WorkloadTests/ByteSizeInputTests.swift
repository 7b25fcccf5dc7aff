import Foundation
import TestSupport
import Testing
import Workload

/// Byte sizes written as text, in the two spec fields that take them, and
/// the `byte-size` fuzz target that drives both: every refusal names the
/// file and the field, and says what was expected.
@Suite struct ByteSizeInputTests {
    static let base =
        #""requests": 10, "keys": { "source": "uniform", "universe": 10 }, "sizes": { "distribution": "fixed", "bytes": 100 }"#

    /// The refusal of a spec whose only cache has `capacityBytes` `value` (JSON text), or `nil` if it was read.
    func capacityRefusal(_ value: String) -> String? {
        refusal(
            #"{ \#(Self.base), "caches": [ { "policy": "lru", "capacity": 5 }, { "policy": "lru", "capacityBytes": \#(value) } ] }"#
        )
    }

    func budgetRefusal(_ value: String) -> String? {
        refusal(#"{ \#(Self.base), "memoryBudget": \#(value) }"#)
    }

    func refusal(_ json: String) -> String? {
        do {
            _ = try spec(json)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: [
        (#""64MB""#, #""MB" is ambiguous (10^n or 2^n bytes?): write 64MiB for binary multiples"#),
        (#""4G""#, #""G" is ambiguous (10^n or 2^n bytes?): write 4GiB"#),
        (#""lots""#, #""lots" is not a number followed by B, KiB, MiB, GiB or TiB"#),
        (#""""#, #""" is not a number followed by B"#),
        (#""-1MiB""#, #""-1" is not a number followed by B"#),
        (#""0.5B""#, "it is not a whole number of bytes below 2^62"),
        (#""99999999TiB""#, "it is not a whole number of bytes below 2^62"),
        (#""0B""#, #"must be ≥ 1 byte, got "0B""#),
    ])
    func capacityBytesRefusalsNameTheEntryAndTheField(value: String, reason: String) throws {
        let message = try #require(capacityRefusal(value), "\(value) was accepted")
        #expect(message.hasPrefix("/tmp/test-spec.json: caches[1].capacityBytes: "), "\(message)")
        #expect(message.contains(reason), "\(message)")
        #expect(!message.contains("\n"))
    }

    @Test func capacityBytesTakesBinaryUnitsInAnyCase() throws {
        for (text, bytes) in [
            (#""64MiB""#, 64 << 20), (#""1.5GiB""#, 3 << 29), (#""512 kib""#, 512 << 10), (#""100B""#, 100),
            ("67108864", 64 << 20),
        ] {
            let read = try spec(#"{ \#(Self.base), "caches": [ { "policy": "lru", "capacityBytes": \#(text) } ] }"#)
            #expect(read.caches[0].capacities == [.bytes(bytes)], "\(text)")
        }
    }

    @Test(arguments: [#""4X""#, #""1.5G""#, #""0K""#, #""99999999999T""#, #"" 4G""#])
    func memoryBudgetRefusalsNameTheField(value: String) throws {
        let message = try #require(budgetRefusal(value), "\(value) was accepted")
        #expect(
            message
                == #"/tmp/test-spec.json: memoryBudget: expected a number of bytes or a size such as "4G" or "512MiB", got \#(value)"#
        )
    }

    /// The fuzz target accepts what either field accepts, and refuses what
    /// both refuse with the `capacityBytes` refusal, naming its input.
    @Test func theFuzzTargetReadsWhatEitherFieldReads() throws {
        let scratch = "/nonexistent/byte-size"
        func feed(_ text: String) throws -> Int {
            try UntrustedInput.feed(Data(text.utf8), to: "byte-size", scratch: scratch)
        }
        #expect(try feed("64MiB") == 64 << 20)
        #expect(try feed("4G") == 4 << 30, "memoryBudget's reading")
        #expect(try feed("1.5GiB") == 3 << 29, "capacityBytes' reading")
        // Quotes and backslashes reach the parsers as text, not as JSON.
        let error = try #require(throws: WorkloadError.self) { try feed(#"1"}, "x": "\"#) }
        #expect(error.file == scratch)
        #expect(error.description.hasPrefix("\(scratch): caches[0].capacityBytes: "), "\(error)")
    }
}
