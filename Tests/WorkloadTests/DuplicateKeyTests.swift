import Foundation
import Testing
import Workload

/// A key written twice in one object is refused naming the key and its JSON
/// path (`JSONSerialization` alone keeps the last one without a word);
/// the same key in different objects, or inside a string, is not a duplicate.
@Suite struct DuplicateKeyTests {
    /// Specs and the message each must produce (after "/tmp/test-spec.json: ").
    static let duplicated: [(json: String, message: String)] = [
        (
            #"{"requests": 100, "requests": 5, "keys": {"source": "loop", "keys": 3}}"#,
            #"requests: duplicate key "requests" (twice on line 1); each key may appear once in an object"#
        ),
        (
            """
            { "requests": 10,
              "keys": { "source": "loop", "keys": 3 },
              "caches": [ { "policy": "lru", "capacity": 5 },
                          { "policy": "fifo", "capacity": 5,
                            "capacity": 6 } ] }
            """,
            #"caches[1].capacity: duplicate key "capacity" (on lines 4 and 5)"#
        ),
        (
            // The same key spelt with an escape is the same key.
            #"{ "requests": 10, "keys": { "source": "loop", "keys": 3, "k\u0065ys": 4 } }"#,
            #"keys.keys: duplicate key "keys""#
        ),
        (
            #"{ "requests": 10, "keys": { "source": "mix", "components": [ { "weight": 1, "source": "loop", "keys": 3 }, "#
                + #"{ "weight": 1, "source": "loop", "weight": 2, "keys": 4 } ] } }"#,
            #"keys.components[1].weight: duplicate key "weight""#
        ),
    ]

    @Test(arguments: duplicated.indices)
    func duplicateKeyIsRefusedNamingItsPath(index: Int) {
        let example = Self.duplicated[index]
        #expect {
            _ = try spec(example.json)
        } throws: { error in
            "\(error)".hasPrefix("/tmp/test-spec.json: \(example.message)")
        }
    }

    @Test func sameKeyInSiblingObjectsOrInsideStringsIsNotADuplicate() throws {
        let workload = try spec(
            #"""
            { "name": "{\"requests\": 1, \"requests\": 2}", "requests": 10,
              "keys": { "source": "mix", "components": [
                { "weight": 1, "source": "loop", "keys": 3 },
                { "weight": 2, "source": "loop", "keys": 4 } ] },
              "caches": [ { "policy": "lru", "capacity": 5 }, { "policy": "lru", "capacity": 6 } ] }
            """#)
        #expect(workload.name == #"{"requests": 1, "requests": 2}"#)
        #expect(workload.caches.count == 2)
    }

    @Test func utf16DocumentsAreCheckedToo() throws {
        let text = #"{"requests": 5, "keys": {"source": "loop", "keys": 3}, "requests": 6}"#
        for encoding in [String.Encoding.utf16LittleEndian, .utf16BigEndian] {
            let data = try #require(text.data(using: encoding))
            #expect {
                _ = try WorkloadSpec.parse(data, path: "u16.json")
            } throws: { error in
                "\(error)".hasPrefix(#"u16.json: requests: duplicate key "requests""#)
            }
        }
    }

    /// No false alarm on the specs the project ships.
    @Test func everyShippedSpecIsAccepted() throws {
        let folders = ["Workloads", "Results/baselines/specs"].map { packageRoot.appendingPathComponent($0) }
        var checked = 0
        for folder in folders {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".json") {
                let path = folder.appendingPathComponent(name).path
                _ = try WorkloadSpec.parse(try Data(contentsOf: URL(fileURLWithPath: path)), path: path)
                checked += 1
            }
        }
        #expect(checked >= 7)
    }
}
