import Foundation
import Testing
import Workload

/// Frozen streams of sources that no ready workload exercises: Zipf by
/// rejection-inversion, universes above 2³² (two words per key) and just
/// above 2³¹ (half the words rejected), hot sets with no cold keys, mixes
/// with a pick per key, nested mixes and phases. Each digest (the layout of
/// ``FrozenStreamTests/digest(of:limit:)``) was recorded from the generators
/// as they were before draws were made in blocks — one GSL call per draw —
/// so it holds the block paths to exactly the draws, in exactly the order,
/// of the one-at-a-time ones. The stream is read in two chunk sizes, since
/// it must not depend on how it is cut.
@Suite struct FrozenSourceTests {
    struct FrozenSource: CustomTestStringConvertible, Sendable {
        let name: String
        let digest: String
        let json: String
        init(_ name: String, digest: String, json: String) {
            self.name = name
            self.digest = digest
            self.json = json
        }
        var testDescription: String { name }
    }

    static let sources: [FrozenSource] = [
        // bounds just above 2³¹: gsl_rng_uniform_int rejects about half its words
        FrozenSource(
            "hotset-2^31+2-half-hot", digest: "9c01d2b47f7ea25a",
            json: """
                {
                  "name": "hotset-2^31+2-half-hot",
                  "seed": 7,
                  "requests": 2000000,
                  "keys": {"source": "hotset", "universe": 2147483650, "hotKeys": 0.5, "hotRequests": 0.5},
                  "sizes": {"distribution": "uniform", "min": 1, "max": 1000}
                }
                """),
        // two-word draws for hot and cold keys
        FrozenSource(
            "hotset-2^45", digest: "1e2cd41d33824d4f",
            json: """
                {
                  "name": "hotset-2^45",
                  "seed": 7,
                  "requests": 3000000,
                  "keys": {"source": "hotset", "universe": 35184372088832, "hotKeys": 0.3, "hotRequests": 0.9},
                  "arrivals": {"process": "fixed", "ratePerSecond": 7},
                  "sizes": {"distribution": "pareto", "minBytes": 10, "shape": 1.2}
                }
                """),
        // a uniform drawn and ignored per key
        FrozenSource(
            "hotset-all-requests-hot", digest: "17e4a875e4721b37",
            json: """
                {
                  "name": "hotset-all-requests-hot",
                  "seed": 7,
                  "requests": 1000000,
                  "keys": {"source": "hotset", "universe": 1000, "hotKeys": 0.5, "hotRequests": 1}
                }
                """),
        // no cold keys at all
        FrozenSource(
            "hotset-every-key-hot-2^33", digest: "8990fafa88a1c4bb",
            json: """
                {
                  "name": "hotset-every-key-hot-2^33",
                  "seed": 9,
                  "requests": 1000000,
                  "keys": {"source": "hotset", "universe": 8589934592, "hotKeys": 1, "hotRequests": 1}
                }
                """),
        // a mix inside a mix, phases inside a mix
        FrozenSource(
            "mix-of-mix-and-phases", digest: "390217f878b2f471",
            json: """
                {
                  "name": "mix-of-mix-and-phases",
                  "seed": 7,
                  "requests": 3000000,
                  "keys": {
                            "source": "mix",
                            "components": [
                                            {
                                              "weight": 1,
                                              "source": "mix",
                                              "components": [
                                                              {
                                                                "weight": 1,
                                                                "source": "zipf",
                                                                "alpha": 0.8,
                                                                "universe": 5000
                                                              },
                                                              {
                                                                "weight": 1,
                                                                "source": "hotset",
                                                                "universe": 1000000,
                                                                "hotKeys": 0.1,
                                                                "hotRequests": 0.8
                                                              }
                                                            ]
                                            },
                                            {
                                              "weight": 1,
                                              "source": "phases",
                                              "phases": [
                                                          {
                                                            "requests": 12345,
                                                            "source": "zipf",
                                                            "alpha": 0.9,
                                                            "universe": 100
                                                          },
                                                          {
                                                            "requests": 777,
                                                            "source": "scan",
                                                            "length": 50,
                                                            "universe": 10000
                                                          },
                                                          {"requests": 1, "source": "unique"}
                                                        ]
                                            },
                                            {"weight": 0.1, "source": "scan", "length": 3000, "universe": 100000}
                                          ]
                          }
                }
                """),
        // bounds 1, 3, 2³² − 1 and 2⁵³ in one mix
        FrozenSource(
            "mix-of-uniforms-1-3-2^32-1-2^53", digest: "d2afd600623e1c19",
            json: """
                {
                  "name": "mix-of-uniforms-1-3-2^32-1-2^53",
                  "seed": 7,
                  "requests": 1000000,
                  "keys": {
                            "source": "mix",
                            "components": [
                                            {"weight": 1, "source": "uniform", "universe": 1},
                                            {"weight": 1, "source": "uniform", "universe": 3},
                                            {"weight": 1, "source": "uniform", "universe": 4294967295},
                                            {"weight": 1, "source": "uniform", "universe": 9007199254740992}
                                          ]
                          }
                }
                """),
        // alias tables of 10, 1 and 2²¹ keys
        FrozenSource(
            "mix-of-zipfs-10-1-2^21", digest: "df7afced92cfdf42",
            json: """
                {
                  "name": "mix-of-zipfs-10-1-2^21",
                  "seed": 7,
                  "requests": 500000,
                  "keys": {
                            "source": "mix",
                            "components": [
                                            {"weight": 1, "source": "zipf", "alpha": 0, "universe": 10},
                                            {"weight": 3, "source": "zipf", "alpha": 2, "universe": 1},
                                            {"weight": 2, "source": "zipf", "alpha": 0.99, "universe": 2097152}
                                          ]
                          }
                }
                """),
        // per-key picks among draws, short and long scan runs
        FrozenSource(
            "mix-zipf-uniform-2^35-short-and-long-scans", digest: "30d1ec293e25234e",
            json: """
                {
                  "name": "mix-zipf-uniform-2^35-short-and-long-scans",
                  "seed": 7,
                  "requests": 3000000,
                  "keys": {
                            "source": "mix",
                            "components": [
                                            {"weight": 1, "source": "zipf", "alpha": 0.99, "universe": 1000},
                                            {"weight": 2, "source": "uniform", "universe": 34359738368},
                                            {"weight": 0.5, "source": "scan", "length": 7, "universe": 1000},
                                            {
                                              "weight": 0.2,
                                              "source": "scan",
                                              "length": 100000,
                                              "universe": 10000000
                                            }
                                          ]
                          },
                  "arrivals": {"process": "poisson", "ratePerSecond": 100}
                }
                """),
        // a mix cut by phase boundaries
        FrozenSource(
            "phases-with-a-mix", digest: "581b5984e2cecc23",
            json: """
                {
                  "name": "phases-with-a-mix",
                  "seed": 7,
                  "requests": 3000000,
                  "keys": {
                            "source": "phases",
                            "phases": [
                                        {"requests": 100000, "source": "uniform", "universe": 1000},
                                        {
                                          "requests": 65537,
                                          "source": "mix",
                                          "components": [
                                                          {
                                                            "weight": 1,
                                                            "source": "zipf",
                                                            "alpha": 0.99,
                                                            "universe": 100000
                                                          },
                                                          {
                                                            "weight": 1,
                                                            "source": "scan",
                                                            "length": 20000,
                                                            "universe": 10000000
                                                          }
                                                        ]
                                        },
                                        {"requests": 3, "source": "zipf", "alpha": 0.5, "universe": 100000000}
                                      ]
                          }
                }
                """),
        // rejection of about half the words
        FrozenSource(
            "uniform-2^31+1", digest: "f614701e456167a1",
            json: """
                {
                  "name": "uniform-2^31+1",
                  "seed": 7,
                  "requests": 2000000,
                  "keys": {"source": "uniform", "universe": 2147483649},
                  "arrivals": {"process": "fixed", "ratePerSecond": 333}
                }
                """),
        // two words per key
        FrozenSource(
            "uniform-2^40", digest: "02f5078ec25e13d5",
            json: """
                {
                  "name": "uniform-2^40",
                  "seed": 7,
                  "requests": 3000000,
                  "keys": {"source": "uniform", "universe": 1099511627776},
                  "arrivals": {"process": "poisson", "ratePerSecond": 12345.6},
                  "sizes": {"distribution": "lognormal", "medianBytes": 500, "sigma": 1.5}
                }
                """),
        // rejection-inversion above the alias threshold
        FrozenSource(
            "zipf-rejection-inversion-10^7", digest: "5047a7641845f4d6",
            json: """
                {
                  "name": "zipf-rejection-inversion-10^7",
                  "seed": 7,
                  "requests": 3000000,
                  "keys": {"source": "zipf", "alpha": 0.7, "universe": 10000000},
                  "arrivals": {"process": "poisson", "ratePerSecond": 1000000.0}
                }
                """),
        // alpha 0 over the largest universe
        FrozenSource(
            "zipf-rejection-inversion-alpha-0-2^53", digest: "b216706f81a69f0b",
            json: """
                {
                  "name": "zipf-rejection-inversion-alpha-0-2^53",
                  "seed": 7,
                  "requests": 1000000,
                  "keys": {"source": "zipf", "alpha": 0, "universe": 9007199254740992}
                }
                """),
        // alpha above 1
        FrozenSource(
            "zipf-rejection-inversion-alpha-1.2", digest: "cba9d234f7b9b318",
            json: """
                {
                  "name": "zipf-rejection-inversion-alpha-1.2",
                  "seed": 7,
                  "requests": 2000000,
                  "keys": {"source": "zipf", "alpha": 1.2, "universe": 3000000}
                }
                """),
    ]

    @Test(arguments: sources)
    func streamIsFrozen(_ source: FrozenSource) throws {
        let workload = try spec(source.json, path: "/tmp/\(source.name).json")
        for limit in [defaultChunkSize, 4099] {
            let digest = try FrozenStreamTests.digest(of: workload, limit: limit)
            #expect(digest == source.digest, "\(source.name), read \(limit) at a time: the stream changed")
        }
    }
}
