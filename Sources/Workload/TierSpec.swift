import Caches

/// A spec's `"tier"`: every cache of the spec is simulated as a sharded tier
/// of `nodes` caches, each holding ⌊capacity / nodes⌋, with keys routed by
/// `hash`; optionally one node fails part-way (Workloads/README.md).
public struct TierSpec: Sendable, Equatable {
    /// The most nodes a tier may have.
    public static let maximumNodes = 1024

    public var nodes: Int
    public var hash: KeyRouter.Hash
    /// The node that fails, and the request (counted from 0) before which it does.
    public var failNode: (node: Int, atRequest: Int)?

    public init(nodes: Int, hash: KeyRouter.Hash = .jump, failNode: (node: Int, atRequest: Int)? = nil) {
        self.nodes = nodes
        self.hash = hash
        self.failNode = failNode
    }

    public static func == (a: TierSpec, b: TierSpec) -> Bool {
        a.nodes == b.nodes && a.hash == b.hash && a.failNode?.node == b.failNode?.node
            && a.failNode?.atRequest == b.failNode?.atRequest
    }

    /// `{"nodes": 8, "hash": "jump", "failNode": {"node": 3, "atRequest": 500000}}`.
    static func read(_ node: JSONNode) throws(WorkloadError) -> TierSpec {
        var object = try node.object()
        let nodes = try object.required("nodes").int(in: 1...maximumNodes)
        let hash = try object.optional("hash")?.oneOf(KeyRouter.Hash.allCases.map(\.rawValue)) ?? "jump"
        var failNode: (node: Int, atRequest: Int)?
        if let failure = object.optional("failNode") {
            guard nodes > 1 else { throw failure.error("needs a tier of at least 2 nodes (the last node cannot fail)") }
            var fields = try failure.object()
            let failed = try fields.required("node").int(in: 0...(nodes - 1))
            let at = try fields.required("atRequest").int(in: 0...1_000_000_000_000)
            try fields.finish()
            failNode = (failed, at)
        }
        try object.finish()
        return TierSpec(nodes: nodes, hash: KeyRouter.Hash(rawValue: hash)!, failNode: failNode)
    }
}
