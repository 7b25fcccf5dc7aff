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
        (#""4GB""#, #""GB" is ambiguous (10^n or 2^n bytes?): write 4GiB"#),
        (#""4X""#, #""4X" is not a number followed by B, KiB, MiB, GiB or TiB (or K, M, G, T)"#),
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
            ("67108864", 64 << 20), (#""4G""#, 4 << 30), (#""64m""#, 64 << 20), (#""1.5K""#, 1536),
        ] {
            let read = try spec(#"{ \#(Self.base), "caches": [ { "policy": "lru", "capacityBytes": \#(text) } ] }"#)
            #expect(read.caches[0].capacities == [.bytes(bytes)], "\(text)")
        }
    }

    @Test(arguments: [
        (#""4X""#, #""4X" is not a number followed by B"#), (#""0K""#, #"must be ≥ 1 byte, got "0K""#),
        (#""99999999999T""#, "it is not a whole number of bytes below 2^62"),
        (#""64MB""#, #""MB" is ambiguous (10^n or 2^n bytes?): write 64MiB"#),
    ])
    func memoryBudgetRefusalsNameTheField(value: String, reason: String) throws {
        let message = try #require(budgetRefusal(value), "\(value) was accepted")
        #expect(message.hasPrefix("/tmp/test-spec.json: memoryBudget: "), "\(message)")
        #expect(message.contains(reason), "\(message)")
    }

    /// One reading of a byte count: `capacityBytes` and `memoryBudget` accept
    /// the same texts as the same bytes, and refuse the same ones for the
    /// same reason.
    @Test func bothFieldsReadEveryFormAlike() throws {
        for text in [
            #""4G""#, #"" 4G""#, #""1.5G""#, #""64MiB""#, #""64MB""#, #""512 kib""#, #""100B""#, #""0.5B""#, #""0K""#,
            #""lots""#, "1048576", "0",
        ] {
            let capacity = capacityRefusal(text), budget = budgetRefusal(text)
            #expect(
                (capacity == nil) == (budget == nil),
                "\(text): capacityBytes \(capacity ?? "read"), memoryBudget \(budget ?? "read")")
            if let capacity, let budget {
                let why = { (message: String) in message.split(separator: ": ").dropFirst(2).joined(separator: ": ") }
                #expect(why(capacity) == why(budget), "\(text)")
            } else if capacity == nil && budget == nil {
                let read = try spec(
                    #"{ \#(Self.base), "memoryBudget": \#(text), "caches": [ { "policy": "lru", "capacityBytes": \#(text) } ] }"#
                )
                #expect(read.caches[0].capacities == [.bytes(try #require(read.memoryBudget))], "\(text)")
            }
        }
    }

    /// The fuzz target accepts what both fields accept, and refuses what
    /// both refuse with the `capacityBytes` refusal, naming its input.
    @Test func theFuzzTargetReadsWhatEitherFieldReads() throws {
        let scratch = "/nonexistent/byte-size"
        func feed(_ text: String) throws -> Int {
            try UntrustedInput.feed(Data(text.utf8), to: "byte-size", scratch: scratch)
        }
        #expect(try feed("64MiB") == 64 << 20)
        #expect(try feed("4G") == 4 << 30)
        #expect(try feed("1.5GiB") == 3 << 29)
        // Quotes and backslashes reach the parsers as text, not as JSON.
        let error = try #require(throws: WorkloadError.self) { try feed(#"1"}, "x": "\"#) }
        #expect(error.file == scratch)
        #expect(error.description.hasPrefix("\(scratch): caches[0].capacityBytes: "), "\(error)")
    }
}
