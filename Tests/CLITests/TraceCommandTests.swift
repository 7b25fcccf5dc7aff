import Foundation
import Testing

/// A fresh temporary folder holding binary `files` (name → bytes).
func temporaryFolder(binary files: [String: [UInt8]]) throws -> URL {
    let folder = try temporaryFolder([:])
    for (name, bytes) in files { try Data(bytes).write(to: folder.appendingPathComponent(name)) }
    return folder
}

@Suite struct ConvertCommandTests {
    @Test func textToOracleGeneralAndBack() throws {
        let keys = (0..<5000).map { ($0 * 7919) % 1237 }
        let text = keys.map(String.init).joined(separator: "\n") + "\n"
        let folder = try temporaryFolder(["k.txt": text])
        let toBinary = try CommandRunner.run(["convert", "k.txt", "--to", "oracleGeneral"], in: folder)
        #expect(toBinary.status == 0, "\(toBinary.stderr)")
        #expect(toBinary.stdout.contains("read k.txt as text (guessed from its name"))
        #expect(toBinary.stdout.contains("wrote 5000 requests to k.oracleGeneral (oracleGeneral)"))
        let size =
            try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("k.oracleGeneral").path)[
                .size] as? Int
        #expect(size == 5000 * 24)
        let back = try CommandRunner.run(
            ["convert", "k.oracleGeneral", "--to", "text", "--out", "back.txt"], in: folder)
        #expect(back.status == 0, "\(back.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("back.txt"), encoding: .utf8) == text)
    }

    @Test func genWritesOracleGeneral() throws {
        let folder = try temporaryFolder(["loop.json": #"{ "requests": 7, "keys": { "source": "loop", "keys": 3 } }"#])
        let result = try CommandRunner.run(
            ["gen", "loop.json", "--out", "loop.bin", "--format", "oracleGeneral"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent("loop.bin")))
        let field = { (i: Int, offset: Int) in
            bytes.withUnsafeBytes {
                Int64(littleEndian: $0.loadUnaligned(fromByteOffset: i * 24 + offset, as: Int64.self))
            }
        }
        #expect((0..<7).map { field($0, 4) } == [0, 1, 2, 0, 1, 2, 0], "object ids")
        #expect((0..<7).map { field($0, 16) } == [3, 4, 5, 6, -1, -1, -1], "next-access indices")
    }
}

/// Bad trace files through `convert`: exit 2, one line naming the file and
/// the byte or line, and no output file left behind.
@Suite struct BadTraceTests {
    static let gzipHeader: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03]
    static let cases: [(name: String, file: String, bytes: [UInt8], message: String)] = [
        (
            "truncated oracleGeneral record", "t.oracleGeneral", [UInt8](repeating: 0, count: 24 * 2 + 7),
            "cachesim: t.oracleGeneral: byte 48: truncated record: the file ends 7 byte(s) into a 24-byte record"
        ),
        // Deflate block type 3 does not exist.
        (
            "corrupt gzip stream", "t.txt.gz", gzipHeader + [0xFF, 0xFF, 0xFF, 0xFF],
            "cachesim: t.txt.gz: byte 11: corrupt gzip stream: invalid block type"
        ),
        // A frame header whose reserved bit is set.
        (
            "corrupt zstd stream", "t.txt.zst", [0x28, 0xb5, 0x2f, 0xfd, 0x08, 0, 0, 0, 0, 0],
            "cachesim: t.txt.zst: byte "
        ),
        (
            "non-numeric block number", "t.lirs", Array("1\n2\n3x\n".utf8),
            #"cachesim: t.lirs: line 3: block number "3x" is not a non-negative integer"#
        ),
        (
            "non-numeric size column", "t.csv", Array("time,key,size\n0,1,10\n5,2,ten\n".utf8),
            #"cachesim: t.csv: line 3: size "ten" is not an integer between 1 and 4294967295"#
        ),
    ]

    @Test(arguments: cases.indices)
    func exitsWithCode2AndWritesNothing(index: Int) throws {
        let example = Self.cases[index]
        let folder = try temporaryFolder(binary: [example.file: example.bytes])
        let result = try CommandRunner.run(
            ["convert", example.file, "--to", "oracleGeneral", "--out", "out.bin"], in: folder)
        #expect(result.status == 2, "\(example.name): status \(result.status)")
        #expect(result.stderr.hasPrefix(example.message), "\(example.name): \(result.stderr)")
        #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(example.name): one line, got \(result.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path) == [example.file],
            "\(example.name): no output")
        if example.name == "corrupt zstd stream" { #expect(result.stderr.contains("corrupt zstd stream")) }
    }
}
