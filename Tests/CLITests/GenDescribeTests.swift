import Foundation
import TestSupport
import Testing

@Suite struct GenCommandTests {
    let spec = """
        { "name": "mixed", "seed": 11, "requests": 50000,
          "keys": { "source": "mix", "components": [
            { "weight": 3, "source": "zipf", "alpha": 1.1, "universe": 10000 },
            { "weight": 1, "source": "scan", "length": 500, "universe": 100000 } ] },
          "arrivals": { "process": "poisson", "ratePerSecond": 1000 },
          "sizes": { "distribution": "lognormal", "medianBytes": 500, "sigma": 0.8 } }
        """

    @Test func sameSpecAndSeedGiveIdenticalBytes() throws {
        let folder = try temporaryFolder([
            "a.json": spec, "b.json": spec.replacingOccurrences(of: #""seed": 11"#, with: #""seed": 12"#),
        ])
        var outputs: [Data] = []
        for (input, output) in [("a.json", "1.csv"), ("a.json", "2.csv"), ("b.json", "3.csv")] {
            let result = try CommandRunner.run(["gen", input, "--out", output, "--format", "csv"], in: folder)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == "wrote 50000 requests to \(output)\n")
            outputs.append(try Data(contentsOf: folder.appendingPathComponent(output)))
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0] != outputs[2])
        let lines = String(decoding: outputs[0], as: UTF8.self).split(separator: "\n")
        #expect(lines.first == "time,key,size" && lines.count == 50_001)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func textFormatIsOneKeyPerLine() throws {
        let folder = try temporaryFolder(["loop.json": #"{ "requests": 7, "keys": { "source": "loop", "keys": 3 } }"#])
        let result = try CommandRunner.run(["gen", "loop.json", "--out", "loop.txt"], in: folder)
        #expect(result.status == 0)
        #expect(
            try String(contentsOf: folder.appendingPathComponent("loop.txt"), encoding: .utf8)
                == "0\n1\n2\n0\n1\n2\n0\n")
    }
}

@Suite struct DescribeCommandTests {
    @Test func describesASpec() throws {
        let folder = try temporaryFolder([
            "z.json":
                #"{ "seed": 5, "requests": 200000, "keys": { "source": "zipf", "alpha": 0.9, "universe": 10000 } }"#
        ])
        let result = try CommandRunner.run(["describe", "z.json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        for label in [
            "requests         200000", "distinct keys", "one-hit wonders", "top 1 % of keys", "reuse time",
            "zipf alpha", "least squares",
        ] {
            #expect(result.stdout.contains(label), "missing \(label) in:\n\(result.stdout)")
        }
    }

    static let loopTrace = sharedTracesDirectory.appendingPathComponent("lirs-loop.txt")

    @Test(.enabled(if: sharedTracesAvailable, Comment(rawValue: sharedTracesAbsent)))
    func describesASharedTrace() throws {
        let trace = Self.loopTrace
        let result = try CommandRunner.run(["describe", trace.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("requests         505500"))
        #expect(result.stdout.contains("distinct keys    1011"))
    }
}
