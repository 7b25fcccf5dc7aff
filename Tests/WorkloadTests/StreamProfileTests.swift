import Foundation
import TestSupport
import Testing
import Workload

@Suite struct StreamProfileTests {
    @Test(arguments: [0.7, 0.99, 1.2])
    func recoversZipfAlpha(alpha: Double) throws {
        let universe: UInt64 = heavy ? 1_000_000 : 100_000
        var stream = try WorkloadStream(
            WorkloadSpec(
                name: "z", seed: 3, requests: sampleSize(10_000_000), keys: .zipf(alpha: alpha, universe: universe)))
        let profile = try StreamProfile.measure(&stream)
        let fit = try #require(profile.zipf)
        print("alpha \(alpha), universe \(universe): fitted \(fit.alpha) in \(fit.interval) (\(fit.method))")
        #expect(abs(fit.alpha - alpha) <= 0.02)
        #expect(fit.interval.contains(fit.alpha))
    }

    @Test func countsSharesAndReuseTimes() throws {
        // Loop over 100 keys: every reuse is 100 requests later.
        var loop = try WorkloadStream(WorkloadSpec(name: "l", seed: 1, requests: 10_000, keys: .loop(keys: 100)))
        let profile = try StreamProfile.measure(&loop)
        #expect(profile.requests == 10_000 && profile.distinctKeys == 100)
        #expect(profile.oneHitWonderShare == 0)
        #expect(profile.topPercentShare == 0.01)
        #expect(profile.reuseQuantiles.allSatisfy { $0.requests == 100 })
        #expect(abs(profile.zipf!.alpha) < 1e-9)
    }

    @Test func uniqueStreamHasOnlyOneHitWonders() throws {
        var unique = try WorkloadStream(
            WorkloadSpec(name: "u", seed: 1, requests: 5000, keys: .unique(repeats: 1, window: 1)))
        let profile = try StreamProfile.measure(&unique)
        #expect(profile.distinctKeys == 5000 && profile.oneHitWonderShare == 1)
        #expect(profile.reuseQuantiles.isEmpty && profile.zipf == nil)
    }

    @Test func genOutputReadsBackAsTheSameStream() throws {
        let workload = WorkloadSpec(
            name: "g", seed: 9, requests: 20_000, keys: .hotset(universe: 5000, hotKeys: 0.1, hotRequests: 0.8),
            arrivals: .poisson(ratePerSecond: 100), sizes: .pareto(minBytes: 50, shape: 1.2))
        for format in StreamFormat.allCases {
            let path = Scratch.path("gen", suffix: ".\(format)").path
            var stream = try WorkloadStream(workload)
            #expect(try StreamWriter.write(&stream, to: path, format: format) == 20_000)
            var original = try WorkloadStream(workload)
            var replay = try WorkloadStream(
                WorkloadSpec(name: "r", seed: 0, requests: nil, keys: .trace(format.traceSource(path: path))))
            let expected = try collect(&original), replayed = try collect(&replay)
            #expect(replayed.keys == expected.keys)
            if format == .csv {
                #expect(replayed.times == expected.times && replayed.sizes == expected.sizes)
            }
        }
    }
}
