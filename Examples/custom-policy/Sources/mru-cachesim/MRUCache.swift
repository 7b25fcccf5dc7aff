import Caches

/// Most recently used: to make room, the entry used last leaves. The policy
/// of choice for loops larger than the cache, where LRU keeps exactly the
/// keys that come back last.
///
/// Written the plain way a user of the library would: a dictionary from key
/// to a slot in an array-backed doubly linked list (front = most recent).
/// It conforms to ``Cache``; the simulator's replay loop comes from the
/// library's default (`get`, and on a miss `set`, per request).
final class MRUCache<Key: CacheKey, Value>: Cache {
    private struct Node {
        var key: Key
        var value: Value
        var size: Int
        var newer: Int
        var older: Int
    }

    private var nodes: [Node] = []
    private var free: [Int] = []
    private var slots: [Key: Int] = [:]
    private var newest = -1
    private var oldest = -1
    private let limit: Int
    private(set) var evictions = 0
    private(set) var residentBytes = 0

    /// A cache of at most `capacity` entries.
    init(capacity: Int) { limit = capacity }

    var count: Int { slots.count }
    var capacity: Capacity { .entries(limit) }
    var storageBytes: Int { nodes.capacity * MemoryLayout<Node>.stride + slots.capacity * 16 }

    func get(_ key: Key, now: Int64) -> Value? {
        guard let slot = slots[key] else { return nil }
        moveToFront(slot)
        return nodes[slot].value
    }

    func contains(_ key: Key, now: Int64) -> Bool { slots[key] != nil }

    @discardableResult
    func set(_ key: Key, _ value: Value, size: Int, now: Int64) -> Bool {
        guard limit > 0 else { return false }
        if let slot = slots[key] {
            residentBytes += size - nodes[slot].size
            nodes[slot].value = value
            nodes[slot].size = size
            moveToFront(slot)
            return true
        }
        if slots.count >= limit {
            remove(nodes[newest].key)
            evictions += 1
        }
        let node = Node(key: key, value: value, size: size, newer: -1, older: newest)
        let slot: Int
        if let reused = free.popLast() {
            nodes[reused] = node
            slot = reused
        } else {
            nodes.append(node)
            slot = nodes.count - 1
        }
        if newest >= 0 { nodes[newest].newer = slot } else { oldest = slot }
        newest = slot
        slots[key] = slot
        residentBytes += size
        return true
    }

    @discardableResult
    func remove(_ key: Key) -> Value? {
        guard let slot = slots.removeValue(forKey: key) else { return nil }
        unlink(slot)
        residentBytes -= nodes[slot].size
        free.append(slot)
        return nodes[slot].value
    }

    private func unlink(_ slot: Int) {
        let (newer, older) = (nodes[slot].newer, nodes[slot].older)
        if newer >= 0 { nodes[newer].older = older } else { newest = older }
        if older >= 0 { nodes[older].newer = newer } else { oldest = newer }
    }

    private func moveToFront(_ slot: Int) {
        guard slot != newest else { return }
        unlink(slot)
        nodes[slot].older = newest
        nodes[slot].newer = -1
        nodes[newest].newer = slot
        newest = slot
    }
}

extension MRUCache: ReplayableCache where Key == UInt64, Value == Void {}
