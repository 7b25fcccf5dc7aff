extension KeySource {
    /// The most distinct keys this source can produce, however many
    /// requests it is asked for; `nil` when it has no such limit (new IDs
    /// forever) or it cannot be known without reading (a trace).
    public var distinctKeyLimit: UInt64? {
        switch self {
        case .unique, .trace: nil
        case .zipf(_, let universe), .uniform(let universe), .hotset(let universe, _, _), .scan(_, let universe):
            universe
        case .loop(let keys): keys
        case .mix(let components): Self.sum(components.map(\.source.distinctKeyLimit))
        case .phases(let phases): Self.sum(phases.map(\.source.distinctKeyLimit))
        }
    }

    private static func sum(_ limits: [UInt64?]) -> UInt64? {
        var total: UInt64 = 0
        for limit in limits {
            guard let limit else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(limit)
            if overflow { return nil }
            total = sum
        }
        return total
    }
}

extension WorkloadSpec {
    /// The most distinct keys the stream can hold — the fewer of its
    /// requests and its source's ``KeySource/distinctKeyLimit`` — or `nil`
    /// when neither is known (a trace read to its end). What a cache of
    /// any capacity, or an unbounded one, can come to hold.
    public var distinctKeyLimit: UInt64? {
        switch (requests.map { UInt64($0) }, keys.distinctKeyLimit) {
        case (let requests?, let keys?): Swift.min(requests, keys)
        case (let requests?, nil): requests
        case (nil, let keys?): keys
        case (nil, nil): nil
        }
    }
}
