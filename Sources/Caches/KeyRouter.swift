/// Which node of a sharded cache tier holds a key: the function a client
/// library of memcached or Redis Cluster applies before it sends a request.
/// Consistent: when a node fails, only the keys it held move, each to one of
/// the live nodes, and every other key stays where it was.
///
/// The same router decides the in-process tier (``CacheTier``) and the
/// key-disjoint traces `cachesim split` writes, so a tier simulated in one
/// process and its nodes replayed as separate jobs see exactly the same
/// requests.
public struct KeyRouter: Sendable, Equatable {
    /// How a key is mapped to a node.
    public enum Hash: String, Sendable, CaseIterable {
        /// Jump consistent hash (Lamping & Veach, 2014): no state, O(log n)
        /// per key, loads within the multinomial spread of a uniform choice.
        /// A failed node's keys are hashed again (a new draw of the key)
        /// until they land on a live node.
        case jump
        /// Rendezvous (highest random weight, Thaler & Ravishankar 1998):
        /// every node scores the key and the highest live score wins; O(n)
        /// per key. A failed node's keys go to their second choice.
        case rendezvous
    }

    /// Nodes in the tier, live or failed.
    public let nodes: Int
    public let hash: Hash
    /// `failed[i]`: node `i` is down and receives no key.
    public private(set) var failed: [Bool]

    /// A router over `nodes` live nodes (at least 1).
    public init(nodes: Int, hash: Hash) {
        precondition(nodes >= 1, "a tier needs at least one node")
        self.nodes = nodes
        self.hash = hash
        failed = Array(repeating: false, count: nodes)
    }

    /// Live nodes.
    public var liveNodes: Int { failed.lazy.filter { !$0 }.count }

    /// Takes `node` out: from now on its keys go to live nodes. The last
    /// live node cannot fail (the tier would hold nothing).
    public mutating func fail(_ node: Int) {
        precondition(failed.indices.contains(node), "no node \(node)")
        precondition(failed[node] || liveNodes > 1, "the last live node cannot fail")
        failed[node] = true
    }

    /// The live node that holds `key`. O(log nodes) for jump (more after a
    /// failure, by a factor of nodes / live nodes on average), O(nodes) for
    /// rendezvous.
    @inlinable
    public func node(for key: UInt64) -> Int {
        switch hash {
        case .jump:
            var draw = mix64(key)
            while true {
                let node = Self.jump(draw, buckets: nodes)
                if !failed[node] { return node }
                draw = mix64(draw &+ 0x9E37_79B9_7F4A_7C15)
            }
        case .rendezvous:
            var best = -1
            var bestScore: UInt64 = 0
            for node in 0..<nodes where !failed[node] {
                let score = mix64(key ^ Self.nodeSalt(node))
                if best < 0 || score > bestScore {
                    best = node
                    bestScore = score
                }
            }
            return best
        }
    }

    /// Jump consistent hash of an already mixed key over `buckets`: a
    /// linear congruential walk through the points where a key would move
    /// as buckets are added, stopping at the last one below `buckets`.
    @inlinable
    static func jump(_ key: UInt64, buckets: Int) -> Int {
        var state = key
        var bucket: Int64 = -1
        var next: Int64 = 0
        while next < Int64(buckets) {
            bucket = next
            state = state &* 2_862_933_555_777_941_757 &+ 1
            next = Int64(Double(bucket + 1) * (Double(1 << 31) / Double((state >> 33) &+ 1)))
        }
        return Int(bucket)
    }

    /// A node's fixed salt for rendezvous scores.
    @inlinable
    static func nodeSalt(_ node: Int) -> UInt64 {
        mix64(UInt64(node) &+ 0x5851_F42D_4C95_7F2D)
    }
}
