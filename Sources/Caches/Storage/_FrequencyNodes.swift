/// A chain of frequency nodes, lowest frequency first, as LFU and LFUDA
/// keep them: each node holds a frequency and the list of slots at it.
/// Nodes live in arrays linked by `Int32` indices and are recycled through
/// a free list; there are never more nodes than resident entries. Every
/// operation is O(1).
@usableFromInline
struct _FrequencyNodes {
    @usableFromInline var frequency: [Int] = []
    @usableFromInline var lists: [_SlotList] = []
    /// The node of the next higher frequency, or -1; free nodes chain here.
    @usableFromInline var higher: [Int32] = []
    /// The node of the next lower frequency, or -1.
    @usableFromInline var lower: [Int32] = []
    /// The node of the lowest frequency, or -1 when there are none.
    @usableFromInline var lowest: Int32 = -1
    @usableFromInline var freeHead: Int32 = -1

    @inlinable init() {}

    /// The node for `frequency` just above `node` (-1: at the bottom of the
    /// chain), created there if the next node holds another frequency.
    @inlinable @inline(__always)
    mutating func node(after node: Int32, frequency wanted: Int) -> Int32 {
        let next = node >= 0 ? higher[Int(node)] : lowest
        if next >= 0 && frequency[Int(next)] == wanted { return next }
        let created = allocate(frequency: wanted)
        higher[Int(created)] = next
        lower[Int(created)] = node
        if next >= 0 { lower[Int(next)] = created }
        if node >= 0 { higher[Int(node)] = created } else { lowest = created }
        return created
    }

    @inlinable @inline(__always)
    mutating func allocate(frequency wanted: Int) -> Int32 {
        if freeHead >= 0 {
            let node = freeHead
            freeHead = higher[Int(node)]
            frequency[Int(node)] = wanted
            lists[Int(node)] = _SlotList()
            return node
        }
        frequency.append(wanted)
        lists.append(_SlotList())
        higher.append(-1)
        lower.append(-1)
        return Int32(truncatingIfNeeded: frequency.count &- 1)
    }

    /// Unchains `node` and frees it if its list is empty.
    @inlinable @inline(__always)
    mutating func releaseIfEmpty(_ node: Int32) {
        guard lists[Int(node)].isEmpty else { return }
        let up = higher[Int(node)]
        let down = lower[Int(node)]
        if up >= 0 { lower[Int(up)] = down }
        if down >= 0 { higher[Int(down)] = up } else { lowest = up }
        higher[Int(node)] = freeHead
        freeHead = node
    }

    /// Bytes of the node arrays. O(1).
    @inlinable var storageBytes: Int {
        frequency.capacity * MemoryLayout<Int>.stride + lists.capacity * MemoryLayout<_SlotList>.stride
            + (higher.capacity + lower.capacity) * MemoryLayout<Int32>.stride
    }
}
