import Foundation
import Testing
import Workload

/// The spec's `curves`: `true` asks for LRU's one-pass curve, an object
/// for every policy's (issue 15); each field is read with its default,
/// and each bad value refused naming the field.
@Suite struct CurveSpecTests {
    static func with(_ curves: String) -> String {
        #"{ "requests": 100, "keys": { "source": "loop", "keys": 10 }, "caches": [], "curves": \#(curves) }"#
    }

    @Test func readsBothFormsWithTheirDefaults() throws {
        let lru = try spec(Self.with("true"))
        #expect(lru.curves && lru.policyCurves == nil)
        let defaults = try spec(Self.with("{}"))
        #expect(!defaults.curves && defaults.policyCurves == CurveSpec())
        #expect(CurveSpec().sampling == .keys(65_536) && CurveSpec().points == 16)
        let full = try spec(
            Self.with(#"{ "samplingRate": 0.01, "points": 24, "from": 100, "to": 1e6, "unit": "entries" }"#))
        #expect(full.policyCurves == CurveSpec(sampling: .rate(0.01), points: 24, from: 100, to: 1_000_000))
        let bytes = try spec(Self.with(#"{ "sampleKeys": 4096, "unit": "bytes", "from": "64K", "to": "1G" }"#))
        #expect(
            bytes.policyCurves
                == CurveSpec(sampling: .keys(4096), from: 64 << 10, to: 1 << 30, inBytes: true))
    }

    @Test(arguments: [
        (#""yes""#, "curves: expected true, false or an object"),
        (#"{ "samplingRate": 0 }"#, "curves.samplingRate: must be in (0, 1], got 0"),
        (#"{ "samplingRate": 1.5 }"#, "curves.samplingRate: must be in (0, 1], got 1.5"),
        (#"{ "sampleKeys": 8 }"#, "curves.sampleKeys: must be at least 32, got 8"),
        (#"{ "samplingRate": 0.1, "sampleKeys": 100 }"#, "curves: give samplingRate or sampleKeys, not both"),
        (#"{ "points": 1 }"#, "curves.points: must be"),
        (#"{ "from": 100, "to": 100 }"#, "curves: from (100) must be smaller than to (100)"),
        (#"{ "from": 0 }"#, "curves.from: must be 1 … 2³¹ − 2 entries, got 0"),
        (#"{ "unit": "pages" }"#, "curves.unit: "),
        (#"{ "unit": "bytes", "to": "lots" }"#, "curves.to: "),
        (#"{ "step": 2 }"#, "curves.step: unknown field"),
    ])
    func refusesBadFieldsNamingThem(curves: String, message: String) {
        #expect {
            _ = try spec(Self.with(curves))
        } throws: { error in
            "\(error)".contains(message)
        }
    }
}
