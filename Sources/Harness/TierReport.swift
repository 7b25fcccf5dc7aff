import Caches

/// A run's tier (``RunResult/tier``): how the requests fell on the nodes,
/// and the hit ratio over time around a node failure.
public struct TierReport: Codable, Sendable, Equatable {
    public var nodes: Int
    /// `jump` or `rendezvous`.
    public var hash: String
    /// Requests and hits of each node, in node order.
    public var perNode: [NodeLoad]
    /// The busiest node's requests over the mean node's: 1 is a perfect
    /// spread. O(nodes) to derive, kept for tables.
    public var imbalance: Double
    /// The node that failed and the request before which it did.
    public var failNode: Int?
    public var failedAtRequest: Int?
    /// With a failure: requests and hits so far at the end of each window
    /// (cumulative), from which the hit ratio of every window follows.
    public var series: [TierPoint]?

    /// One node's share.
    public struct NodeLoad: Codable, Sendable, Equatable {
        public var requests: Int
        public var hits: Int
    }

    /// Requests and hits up to a point of the replay.
    public struct TierPoint: Codable, Sendable, Equatable {
        public var request: Int
        public var hits: Int
    }

    /// The report of a replayed tier.
    init(_ tier: CacheTier) {
        nodes = tier.router.nodes
        hash = tier.router.hash.rawValue
        perNode = zip(tier.nodeRequests, tier.nodeHits).map { NodeLoad(requests: $0, hits: $1) }
        imbalance = Self.imbalance(tier.nodeRequests)
        failNode = tier.failure?.node
        failedAtRequest = tier.failure?.atRequest
        series = tier.failure == nil ? nil : tier.windows.map { TierPoint(request: $0.request, hits: $0.hits) }
    }

    /// max / mean of `loads`; 1 when there is nothing to spread.
    public static func imbalance(_ loads: [Int]) -> Double {
        let total = loads.reduce(0, +)
        guard total > 0 else { return 1 }
        return Double(loads.max()!) * Double(loads.count) / Double(total)
    }

    /// The hit ratio of the window just before the failure, of the first
    /// window after it, and of the last window: the dip and the recovery.
    /// `nil` without a failure series.
    public var failureDip: (before: Double, after: Double, end: Double)? {
        guard let failedAtRequest else { return nil }
        let windows = windowHitRatios
        guard let before = windows.last(where: { $0.request <= failedAtRequest }),
            let after = windows.first(where: { $0.request > failedAtRequest }), let end = windows.last
        else { return nil }
        return (before.hitRatio, after.hitRatio, end.hitRatio)
    }

    /// The hit ratio of each window of ``series``: `(last request of the
    /// window, hit ratio within it)`.
    public var windowHitRatios: [(request: Int, hitRatio: Double)] {
        var previous = TierPoint(request: 0, hits: 0)
        var out: [(Int, Double)] = []
        for point in series ?? [] where point.request > previous.request {
            out.append((point.request, Double(point.hits - previous.hits) / Double(point.request - previous.request)))
            previous = point
        }
        return out
    }
}

extension TierReport {
    /// The rules of a tier section in a result file (Results/README.md);
    /// `requests` is what the tier replayed: the run's requests and its
    /// warm-up, which the tier's figures include.
    func check(_ field: ResultField, requests: Int) throws(ValidationProblem) {
        try field["nodes"].count(nodes, atLeast: 1)
        guard nodes <= 1 << 20 else { throw field["nodes"].fail("must be at most 2^20, got \(nodes)") }
        guard KeyRouter.Hash(rawValue: hash) != nil else {
            throw field["hash"].fail(
                "must be one of \(KeyRouter.Hash.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), got \"\(hash)\""
            )
        }
        guard perNode.count == nodes else {
            throw field["perNode"].fail("must list every node (\(nodes)), got \(perNode.count)")
        }
        var total = 0
        for (index, load) in perNode.enumerated() {
            try field["perNode"][index]["requests"].count(load.requests, atMost: requests, "the requests replayed")
            try field["perNode"][index]["hits"].count(load.hits, atMost: load.requests, "the node's requests")
            total += load.requests
        }
        guard total == requests else {
            throw field["perNode"].fail(
                "node requests must add up to the requests replayed (\(requests)), got \(total)")
        }
        guard imbalance >= 1, imbalance <= Double(nodes) else {
            throw field["imbalance"].fail("must be between 1 and nodes (\(nodes)), got \(imbalance)")
        }
        if let failNode {
            guard (0..<nodes).contains(failNode) else {
                throw field["failNode"].fail("must be a node below \(nodes), got \(failNode)")
            }
        }
        if let failedAtRequest { try field["failedAtRequest"].count(failedAtRequest) }
        var previous = TierPoint(request: 0, hits: 0)
        for (index, point) in (series ?? []).enumerated() {
            let entry = field["series"][index]
            guard point.request > previous.request, point.request <= requests else {
                throw entry["request"].fail(
                    "must be above the previous point's (\(previous.request)) and at most the requests replayed (\(requests)), got \(point.request)"
                )
            }
            guard point.hits >= previous.hits, point.hits - previous.hits <= point.request - previous.request else {
                throw entry["hits"].fail(
                    "must grow by at most the requests since the previous point, from \(previous.hits), got \(point.hits)"
                )
            }
            previous = point
        }
    }
}
