/// A sharded cache tier in one process: `nodes` caches, each with its share
/// of the capacity, and a ``KeyRouter`` that sends every request to the node
/// holding its key — the shape of a memcached pool or a Redis Cluster seen
/// from its clients. Replays count the tier's requests and hits per node, so
/// the load imbalance the hash leaves can be read off, and can take one node
/// down at a given request to show the hit ratio dip as its keys remap and
/// recover as the other nodes warm up.
///
/// Each replayed segment is scattered into per-node buffers in request order
/// and each node replays its part: the nodes are independent caches, so this
/// is exactly what N separate replays of the key-disjoint node streams give.
/// O(segment) extra work and one call per node per segment.
public final class CacheTier: ReplayableCache {
    /// The node caches, in node order; a failed node's cache is emptied.
    public private(set) var nodes: [any ReplayableCache]
    public private(set) var router: KeyRouter
    /// Requests and hits each node served (a failed node keeps what it served).
    public private(set) var nodeRequests: [Int]
    public private(set) var nodeHits: [Int]
    /// The node to take down and the request before which it fails, if any.
    public let failure: (node: Int, atRequest: Int)?
    /// Requests served so far (replayed and looked up).
    public private(set) var requests = 0
    /// Hits so far.
    public private(set) var hits = 0
    /// `(request, hits)` so far at the end of every window of
    /// `windowRequests` requests: the hit ratio over time, recorded when a
    /// failure is scheduled. At most ``maximumWindows`` points: past that,
    /// every other point is dropped and the window doubles.
    public private(set) var windows: [(request: Int, hits: Int)] = []
    public private(set) var windowRequests: Int
    /// The most points `windows` keeps.
    public static let maximumWindows = 512

    private let nodeCapacity: Capacity
    private let emptied: () -> any ReplayableCache
    private var evictionsOfFailed = 0
    private var scratchKeys: [[UInt64]]
    private var scratchSizes: [[UInt32]]
    private var scratchTimes: [[Int64]]

    /// A tier of `router.nodes` caches built by `makeNode(i)`; `emptied`
    /// builds what replaces a failed node (an empty cache, e.g. a no-op).
    /// The failure, if given, must name a node of the router.
    public init(
        router: KeyRouter, failure: (node: Int, atRequest: Int)? = nil, windowRequests: Int = 1024,
        makeNode: (Int) throws -> any ReplayableCache, emptied: @escaping () -> any ReplayableCache
    ) rethrows {
        precondition(failure.map { router.nodes > 1 && (0..<router.nodes).contains($0.node) } ?? true)
        self.router = router
        self.failure = failure
        self.windowRequests = max(1, windowRequests)
        self.emptied = emptied
        nodes = try (0..<router.nodes).map(makeNode)
        nodeCapacity = nodes[0].capacity
        nodeRequests = Array(repeating: 0, count: router.nodes)
        nodeHits = Array(repeating: 0, count: router.nodes)
        scratchKeys = Array(repeating: [], count: router.nodes)
        scratchSizes = Array(repeating: [], count: router.nodes)
        scratchTimes = Array(repeating: [], count: router.nodes)
    }

    /// The request count at which the next thing happens (a window ends, the
    /// node fails), or `Int.max`.
    private var nextEvent: Int {
        var next = Int.max
        if let failure, !router.failed[failure.node] { next = failure.atRequest }
        if failure != nil { next = min(next, ((requests / windowRequests) + 1) * windowRequests) }
        return next
    }

    /// Takes the scheduled node down and records a window end when
    /// `requests` has reached them.
    private func handleEvents() {
        guard let failure else { return }
        if requests == failure.atRequest, !router.failed[failure.node] {
            router.fail(failure.node)
            evictionsOfFailed += nodes[failure.node].evictions
            nodes[failure.node] = emptied()
        }
        if requests > 0, requests % windowRequests == 0, windows.last?.request != requests {
            windows.append((requests, hits))
            if windows.count > Self.maximumWindows {
                windows = windows.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
                windowRequests *= 2
            }
        }
    }

    public func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>, times: UnsafeBufferPointer<Int64>,
        tally: inout ReplayTally
    ) {
        var start = 0
        while start < keys.count {
            handleEvents()
            let end = min(keys.count, start + max(1, nextEvent - requests))
            replaySegment(start..<end, keys: keys, sizes: sizes, times: times, tally: &tally)
            start = end
        }
        handleEvents()
    }

    private func replaySegment(
        _ range: Range<Int>, keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>, tally: inout ReplayTally
    ) {
        for node in nodes.indices {
            scratchKeys[node].removeAll(keepingCapacity: true)
            scratchSizes[node].removeAll(keepingCapacity: true)
            scratchTimes[node].removeAll(keepingCapacity: true)
        }
        for i in range {
            let node = router.node(for: keys[i])
            scratchKeys[node].append(keys[i])
            scratchSizes[node].append(sizes[i])
            scratchTimes[node].append(times[i])
        }
        for node in nodes.indices where !scratchKeys[node].isEmpty {
            var part = ReplayTally()
            scratchKeys[node].withUnsafeBufferPointer { k in
                scratchSizes[node].withUnsafeBufferPointer { s in
                    scratchTimes[node].withUnsafeBufferPointer { t in
                        nodes[node].replay(keys: k, sizes: s, times: t, tally: &part)
                    }
                }
            }
            nodeRequests[node] += part.requests
            nodeHits[node] += part.hits
            hits += part.hits
            tally.requests += part.requests
            tally.hits += part.hits
            tally.bytesRequested += part.bytesRequested
            tally.bytesHit += part.bytesHit
        }
        requests += range.count
    }

    public func lookup(_ key: UInt64, now: Int64) -> Bool {
        handleEvents()
        let node = router.node(for: key)
        let hit = nodes[node].lookup(key, now: now)
        nodeRequests[node] += 1
        requests += 1
        if hit {
            nodeHits[node] += 1
            hits += 1
        }
        handleEvents()
        return hit
    }

    public func admit(_ key: UInt64, size: Int, now: Int64) {
        nodes[router.node(for: key)].admit(key, size: size, now: now)
    }

    @discardableResult
    public func discard(_ key: UInt64) -> Bool { nodes[router.node(for: key)].discard(key) }

    public func holds(_ key: UInt64, now: Int64) -> Bool { nodes[router.node(for: key)].holds(key, now: now) }

    public var count: Int { nodes.reduce(0) { $0 + $1.count } }
    /// The capacity of one node (every node has the same).
    public var capacity: Capacity { nodeCapacity }
    public var evictions: Int { nodes.reduce(evictionsOfFailed) { $0 + $1.evictions } }
    public var residentBytes: Int { nodes.reduce(0) { $0 + $1.residentBytes } }
    public var storageBytes: Int { nodes.reduce(0) { $0 + $1.storageBytes } }
}
