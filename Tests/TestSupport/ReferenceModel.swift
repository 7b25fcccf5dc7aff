import Caches

/// A cache model written the obvious way — arrays scanned linearly — to
/// check the real policies against on random operation sequences. Slow,
/// small, and easy to read against shared/DESIGN.md.
public protocol ReferenceModel {
    /// Whether `key` is a hit at `now`, updating the model as the policy does.
    mutating func get(_ key: UInt64, now: Int64) -> Bool
    /// Stores `key` weighing `size`; whether it was admitted.
    mutating func set(_ key: UInt64, size: Int, now: Int64) -> Bool
    /// Removes `key`; whether it was resident.
    mutating func remove(_ key: UInt64) -> Bool
    /// Whether `key` holds a value now (a ghost does not); changes nothing.
    func isResident(_ key: UInt64) -> Bool
    var count: Int { get }
    var residentBytes: Int { get }
}

/// One resident entry of a model.
public struct ModelEntry: Equatable {
    public var key: UInt64
    public var size: Int
    /// CLOCK's counter, 2Q's queue, or TTL's expiry time.
    public var mark: Int64 = 0
}

/// The bound every model applies, as the policies do: an object fits the
/// cache at all if `0 <= size <= bytes` and `entries > 0`; room means
/// `count < entries` and `bytes so far + size <= bytes`.
public struct ModelBound {
    public var entries = Int.max
    public var bytes = Int.max

    public init(_ capacity: Capacity) {
        switch capacity {
        case .entries(let n): entries = n
        case .bytes(let n): bytes = n
        case .unbounded: break
        }
    }

    public func admits(_ size: Int) -> Bool { size >= 0 && size <= bytes && entries > 0 }
    public func isFull(_ entries: [ModelEntry], adding size: Int) -> Bool {
        entries.count >= self.entries || entries.reduce(0) { $0 + $1.size } + size > bytes
    }
    /// The weight of an entry against 2Q's Kin and Kout.
    public func weight(_ entry: ModelEntry) -> Int { bytes == .max ? 1 : entry.size }
    public var total: Int { bytes == .max ? entries : bytes }
}

/// LRU, FIFO, CLOCK, SIEVE, LFU, unbounded and TTL as one ordered array,
/// front = index 0.
public struct QueueModel: ReferenceModel {
    public enum Rule {
        case lru, fifo, unbounded, sieve, lfu
        case clock(maximumCounter: Int)
        case ttl(lifetime: Int64)
    }

    public let rule: Rule
    public let bound: ModelBound
    public private(set) var entries: [ModelEntry] = []
    /// SIEVE's hand: the key it rests on, or nil for the oldest.
    public private(set) var hand: UInt64?

    public init(_ rule: Rule, capacity: Capacity) {
        self.rule = rule
        bound = ModelBound(capacity)
    }

    public var count: Int { entries.count }
    public func isResident(_ key: UInt64) -> Bool { entries.contains { $0.key == key } }
    public var residentBytes: Int { entries.reduce(0) { $0 + $1.size } }

    mutating func dropExpired(_ now: Int64) {
        if case .ttl = rule { entries.removeAll { $0.mark <= now } }
    }

    mutating func touch(_ i: Int) {
        switch rule {
        case .lru, .ttl: entries.insert(entries.remove(at: i), at: 0)
        case .clock(let maximum): entries[i].mark = min(entries[i].mark + 1, Int64(maximum))
        case .sieve: entries[i].mark = 1
        case .lfu:
            var entry = entries.remove(at: i)
            entry.mark += 1
            entries.insert(entry, at: 0)
        case .fifo, .unbounded: break
        }
    }

    public mutating func get(_ key: UInt64, now: Int64) -> Bool {
        dropExpired(now)
        guard let i = entries.firstIndex(where: { $0.key == key }) else { return false }
        touch(i)
        return true
    }

    public mutating func set(_ key: UInt64, size: Int, now: Int64) -> Bool {
        dropExpired(now)
        var expiry: Int64 = 0
        if case .ttl(let lifetime) = rule { expiry = now + lifetime }
        let found = entries.firstIndex { $0.key == key }
        guard bound.admits(size) else {
            if found != nil { _ = remove(key) }
            return false
        }
        if let i = found {
            var others = entries
            others.remove(at: i)
            if !bound.isFull(others, adding: size) {
                entries[i].size = size
                if case .ttl = rule { entries[i].mark = expiry }
                touch(i)
                return true
            }
            _ = remove(key)
        }
        while bound.isFull(entries, adding: size) { evictOne() }
        if case .lfu = rule { expiry = 1 }
        entries.insert(ModelEntry(key: key, size: size, mark: expiry), at: 0)
        return true
    }

    mutating func evictOne() {
        if case .sieve = rule {
            var i = hand.flatMap { h in entries.firstIndex { $0.key == h } } ?? entries.count - 1
            while entries[i].mark > 0 {
                entries[i].mark = 0
                i = i > 0 ? i - 1 : entries.count - 1
            }
            hand = i > 0 ? entries[i - 1].key : nil
            entries.remove(at: i)
            return
        }
        if case .lfu = rule {
            let lowest = entries.map(\.mark).min()!
            entries.remove(at: entries.lastIndex { $0.mark == lowest }!)
            return
        }
        if case .clock = rule {
            while entries[entries.count - 1].mark > 0 {
                var oldest = entries.removeLast()
                oldest.mark -= 1
                entries.insert(oldest, at: 0)
            }
        }
        entries.removeLast()
    }

    public mutating func remove(_ key: UInt64) -> Bool {
        guard let i = entries.firstIndex(where: { $0.key == key }) else { return false }
        if hand == key { hand = i > 0 ? entries[i - 1].key : nil }
        entries.remove(at: i)
        return true
    }
}

/// 2Q as three arrays, front = index 0.
public struct TwoQueueModel: ReferenceModel {
    public let bound: ModelBound
    public let kin: Int
    public let kout: Int
    public private(set) var a1in: [ModelEntry] = []
    public private(set) var a1out: [ModelEntry] = []
    public private(set) var am: [ModelEntry] = []

    public init(capacity: Capacity, kin: Double, kout: Double) {
        bound = ModelBound(capacity)
        self.kin = Int((kin * Double(bound.total)).rounded(.down))
        self.kout = Int((kout * Double(bound.total)).rounded(.down))
    }

    public var count: Int { a1in.count + am.count }
    public func isResident(_ key: UInt64) -> Bool { (a1in + am).contains { $0.key == key } }
    public var residentBytes: Int { (a1in + am).reduce(0) { $0 + $1.size } }

    public mutating func get(_ key: UInt64, now: Int64) -> Bool {
        if a1in.contains(where: { $0.key == key }) { return true }
        guard let i = am.firstIndex(where: { $0.key == key }) else { return false }
        am.insert(am.remove(at: i), at: 0)
        return true
    }

    func weight(_ queue: [ModelEntry]) -> Int { queue.reduce(0) { $0 + bound.weight($1) } }

    public mutating func set(_ key: UInt64, size: Int, now: Int64) -> Bool {
        let resident = a1in.contains { $0.key == key } || am.contains { $0.key == key }
        guard bound.admits(size) else {
            _ = remove(key)
            return false
        }
        var intoAm = false
        if let g = a1out.firstIndex(where: { $0.key == key }) {
            a1out.remove(at: g)
            intoAm = true
        } else if resident {
            let others = (a1in + am).filter { $0.key != key }
            if !bound.isFull(others, adding: size) {
                if let i = a1in.firstIndex(where: { $0.key == key }) {
                    a1in[i].size = size
                } else if let i = am.firstIndex(where: { $0.key == key }) {
                    var entry = am.remove(at: i)
                    entry.size = size
                    am.insert(entry, at: 0)
                }
                return true
            }
            _ = remove(key)
        }
        while bound.isFull(a1in + am, adding: size) {
            if weight(a1in) > kin || am.isEmpty {
                a1out.insert(a1in.removeLast(), at: 0)
                while weight(a1out) > kout { a1out.removeLast() }
            } else {
                am.removeLast()
            }
        }
        let entry = ModelEntry(key: key, size: size)
        if intoAm { am.insert(entry, at: 0) } else { a1in.insert(entry, at: 0) }
        return true
    }

    public mutating func remove(_ key: UInt64) -> Bool {
        a1out.removeAll { $0.key == key }
        let before = count
        a1in.removeAll { $0.key == key }
        am.removeAll { $0.key == key }
        return count < before
    }
}

/// ARC as four arrays, front = index 0, following the rules in
/// Sources/Caches/ARCCache.swift (the paper as libCacheSim implements it),
/// byte capacities and varying sizes included. Not independent of the code:
/// ``ARCPaperModel``, written from the paper alone, is the oracle for the
/// rules themselves (PaperModelTests); this one extends the check to sizes.
public struct ARCModel: ReferenceModel {
    public let bound: ModelBound
    public private(set) var t1: [ModelEntry] = []
    public private(set) var t2: [ModelEntry] = []
    public private(set) var b1: [ModelEntry] = []
    public private(set) var b2: [ModelEntry] = []
    public private(set) var p = 0.0

    public init(capacity: Capacity) { bound = ModelBound(capacity) }

    public var count: Int { t1.count + t2.count }
    public func isResident(_ key: UInt64) -> Bool { (t1 + t2).contains { $0.key == key } }
    public var residentBytes: Int { (t1 + t2).reduce(0) { $0 + $1.size } }
    func weight(_ list: [ModelEntry]) -> Int { list.reduce(0) { $0 + bound.weight($1) } }

    public mutating func get(_ key: UInt64, now: Int64) -> Bool {
        if let i = t1.firstIndex(where: { $0.key == key }) {
            t2.insert(t1.remove(at: i), at: 0)
        } else if let i = t2.firstIndex(where: { $0.key == key }) {
            t2.insert(t2.remove(at: i), at: 0)
        } else {
            return false
        }
        return true
    }

    mutating func replace(inB2: Bool) {
        let w1 = Double(weight(t1))
        if (w1 > 0 && (w1 > p || (w1 == p && inB2)) || weight(t2) == 0) && !t1.isEmpty || t2.isEmpty {
            b1.insert(t1.removeLast(), at: 0)
        } else {
            b2.insert(t2.removeLast(), at: 0)
        }
    }

    mutating func makeRoom(_ incoming: Int) {
        let c = bound.total
        if weight(t1) + weight(b1) + incoming > c {
            if weight(b1) > 0 {
                b1.removeLast()
                replace(inB2: false)
            } else if !t1.isEmpty {
                t1.removeLast()
            } else {
                replace(inB2: false)
            }
        } else {
            if weight(t1) + weight(t2) + weight(b1) + weight(b2) >= 2 * c && !b2.isEmpty { b2.removeLast() }
            replace(inB2: false)
        }
    }

    public mutating func set(_ key: UInt64, size: Int, now: Int64) -> Bool {
        guard bound.admits(size) else {
            _ = remove(key)
            b1.removeAll { $0.key == key }
            b2.removeAll { $0.key == key }
            return false
        }
        var ghost: Int? = nil
        if b1.contains(where: { $0.key == key }) {
            p = min(p + max(weight(b1) > 0 ? Double(weight(b2)) / Double(weight(b1)) : 1, 1), Double(bound.total))
            b1.removeAll { $0.key == key }
            ghost = 1
        } else if b2.contains(where: { $0.key == key }) {
            p = max(p - max(weight(b2) > 0 ? Double(weight(b1)) / Double(weight(b2)) : 1, 1), 0)
            b2.removeAll { $0.key == key }
            ghost = 2
        } else if let entry = (t1 + t2).first(where: { $0.key == key }) {
            let others = (t1 + t2).filter { $0.key != key }
            _ = entry
            if !bound.isFull(others, adding: size) {
                t1.removeAll { $0.key == key }
                t2.removeAll { $0.key == key }
                t2.insert(ModelEntry(key: key, size: size), at: 0)
                return true
            }
            _ = remove(key)
        }
        while bound.isFull(t1 + t2, adding: size) {
            if ghost != nil {
                replace(inB2: ghost == 2)
            } else {
                makeRoom(bound.weight(ModelEntry(key: key, size: size)))
            }
        }
        let entry = ModelEntry(key: key, size: size)
        if ghost == nil { t1.insert(entry, at: 0) } else { t2.insert(entry, at: 0) }
        return true
    }

    public mutating func remove(_ key: UInt64) -> Bool {
        let before = count
        t1.removeAll { $0.key == key }
        t2.removeAll { $0.key == key }
        if count < before { return true }
        b1.removeAll { $0.key == key }
        b2.removeAll { $0.key == key }
        return false
    }
}

/// S3-FIFO as three arrays, front = index 0; `mark` is the counter.
/// Follows Sources/Caches/S3FIFOCache.swift (libCacheSim's S3FIFO.c), byte
/// capacities and varying sizes included. Not independent of the code:
/// ``S3FIFOPaperModel``, written from the paper with each departure a named
/// rule, is the oracle for the rules themselves (PaperModelTests).
public struct S3FIFOModel: ReferenceModel {
    public let bound: ModelBound
    public let smallLimit: Int
    public let ghostLimit: Int
    public let threshold: Int64
    public private(set) var small: [ModelEntry] = []
    public private(set) var main: [ModelEntry] = []
    public private(set) var ghost: [ModelEntry] = []
    public private(set) var hasEvicted = false

    public init(capacity: Capacity, small: Double, ghost: Double, threshold: Int) {
        bound = ModelBound(capacity)
        smallLimit = Int((small * Double(bound.total)).rounded(.down))
        ghostLimit = Int((ghost * Double(bound.total)).rounded(.down))
        self.threshold = Int64(threshold)
    }

    public var count: Int { small.count + main.count }
    public func isResident(_ key: UInt64) -> Bool { (small + main).contains { $0.key == key } }
    public var residentBytes: Int { (small + main).reduce(0) { $0 + $1.size } }
    func weight(_ list: [ModelEntry]) -> Int { list.reduce(0) { $0 + bound.weight($1) } }

    public mutating func get(_ key: UInt64, now: Int64) -> Bool {
        if let i = small.firstIndex(where: { $0.key == key }) {
            small[i].mark = min(small[i].mark + 1, 3)
        } else if let i = main.firstIndex(where: { $0.key == key }) {
            main[i].mark = min(main[i].mark + 1, 3)
        } else {
            return false
        }
        return true
    }

    mutating func evictOne() {
        hasEvicted = true
        while true {
            if weight(main) > bound.total - smallLimit || small.isEmpty {
                while main.last!.mark > 0 {
                    var entry = main.removeLast()
                    entry.mark -= 1
                    main.insert(entry, at: 0)
                }
                main.removeLast()
                return
            }
            while var entry = small.popLast() {
                if entry.mark >= threshold {
                    entry.mark = 0
                    main.insert(entry, at: 0)
                    continue
                }
                ghost.insert(entry, at: 0)
                while weight(ghost) > ghostLimit { ghost.removeLast() }
                return
            }
        }
    }

    public mutating func set(_ key: UInt64, size: Int, now: Int64) -> Bool {
        guard bound.admits(size) else {
            _ = remove(key)
            ghost.removeAll { $0.key == key }
            return false
        }
        var wasGhost = false
        if ghost.contains(where: { $0.key == key }) {
            ghost.removeAll { $0.key == key }
            wasGhost = true
        } else if (small + main).contains(where: { $0.key == key }) {
            let others = (small + main).filter { $0.key != key }
            if !bound.isFull(others, adding: size) {
                if let i = small.firstIndex(where: { $0.key == key }) { small[i].size = size }
                if let i = main.firstIndex(where: { $0.key == key }) { main[i].size = size }
                _ = get(key, now: now)
                return true
            }
            _ = remove(key)
        }
        while bound.isFull(small + main, adding: size) { evictOne() }
        let entry = ModelEntry(key: key, size: size)
        if wasGhost || (!hasEvicted && weight(small) >= smallLimit) {
            main.insert(entry, at: 0)
        } else {
            small.insert(entry, at: 0)
        }
        return true
    }

    public mutating func remove(_ key: UInt64) -> Bool {
        let before = count
        small.removeAll { $0.key == key }
        main.removeAll { $0.key == key }
        if count < before { return true }
        ghost.removeAll { $0.key == key }
        return false
    }
}

/// Segmented LRU as one array per segment, front = index 0, following the
/// rules in Sources/Caches/SLRUCache.swift: in probation mode new keys
/// enter segment 0 and the upper shares split the capacity (the lower
/// segments taking the remainder); in libCacheSim's, every share is ⌊C/N⌋,
/// new keys enter the lowest segment with room and segment 0 over its
/// share evicts.
public struct SLRUModel: ReferenceModel {
    public let bound: ModelBound
    public let limits: [Int]
    public let libCacheSim: Bool
    public private(set) var segments: [[ModelEntry]]

    public init(capacity: Capacity, segments count: Int, insertion: String) {
        bound = ModelBound(capacity)
        libCacheSim = insertion == "libcachesim"
        let total = bound.total
        segments = Array(repeating: [], count: count)
        if total == .max {
            limits = Array(repeating: .max, count: count)
        } else if libCacheSim {
            limits = Array(repeating: total / count, count: count)
        } else {
            limits = (0..<count).map { $0 == 0 ? .max : total / count + ($0 < total % count ? 1 : 0) }
        }
    }

    var all: [ModelEntry] { segments.flatMap { $0 } }
    public var count: Int { all.count }
    public func isResident(_ key: UInt64) -> Bool { all.contains { $0.key == key } }
    public var residentBytes: Int { all.reduce(0) { $0 + $1.size } }
    func weight(_ segment: Int) -> Int { segments[segment].reduce(0) { $0 + bound.weight($1) } }
    func find(_ key: UInt64) -> (Int, Int)? {
        for (s, list) in segments.enumerated() {
            if let i = list.firstIndex(where: { $0.key == key }) { return (s, i) }
        }
        return nil
    }

    /// One segment up, then cool: a segment over its share gives its back
    /// to the front of the one below, which is then checked in turn.
    mutating func promote(_ s: Int, _ i: Int) {
        let entry = segments[s].remove(at: i)
        var level = min(s + 1, segments.count - 1)
        segments[level].insert(entry, at: 0)
        while weight(level) > limits[level] {
            if level == 0 {
                segments[0].removeLast()
                continue
            }
            while weight(level) > limits[level] { segments[level - 1].insert(segments[level].removeLast(), at: 0) }
            level -= 1
        }
    }

    public mutating func get(_ key: UInt64, now: Int64) -> Bool {
        guard let (s, i) = find(key) else { return false }
        promote(s, i)
        return true
    }

    func admits(_ size: Int) -> Bool {
        bound.admits(size) && (!libCacheSim || bound.weight(ModelEntry(key: 0, size: size)) <= limits[0])
    }

    public mutating func set(_ key: UInt64, size: Int, now: Int64) -> Bool {
        guard admits(size) else {
            _ = remove(key)
            return false
        }
        if let (s, i) = find(key) {
            var others = all
            others.removeAll { $0.key == key }
            if !bound.isFull(others, adding: size) {
                segments[s][i].size = size
                promote(s, i)
                return true
            }
            _ = remove(key)
        }
        while bound.isFull(all, adding: size) {
            let lowest = segments.firstIndex { !$0.isEmpty }!
            segments[lowest].removeLast()
        }
        let entry = ModelEntry(key: key, size: size)
        let w = bound.weight(entry)
        let target = libCacheSim ? (segments.indices.first { weight($0) + w <= limits[$0] } ?? 0) : 0
        segments[target].insert(entry, at: 0)
        return true
    }

    public mutating func remove(_ key: UInt64) -> Bool {
        guard let (s, i) = find(key) else { return false }
        segments[s].remove(at: i)
        return true
    }
}

/// LFU with dynamic aging as one array, following the rules in
/// Sources/Caches/LFUDACache.swift: priority = references + age; the least
/// priority leaves, the least recently referenced among equals, and the
/// age becomes its priority. Found by scanning, with an explicit time of
/// last reference for the ties.
public struct LFUDAModel: ReferenceModel {
    struct Entry {
        var key: UInt64
        var size: Int
        var references: UInt64
        var priority: UInt64
        var lastReference: Int
    }

    public let bound: ModelBound
    public private(set) var age: UInt64 = 0
    var entries: [Entry] = []
    var clock = 0

    public init(capacity: Capacity) { bound = ModelBound(capacity) }

    public var count: Int { entries.count }
    public func isResident(_ key: UInt64) -> Bool { entries.contains { $0.key == key } }
    public var residentBytes: Int { entries.reduce(0) { $0 + $1.size } }

    mutating func reference(_ i: Int) {
        clock += 1
        entries[i].references += 1
        entries[i].priority = entries[i].references + age
        entries[i].lastReference = clock
    }

    public mutating func get(_ key: UInt64, now: Int64) -> Bool {
        guard let i = entries.firstIndex(where: { $0.key == key }) else { return false }
        reference(i)
        return true
    }

    public mutating func set(_ key: UInt64, size: Int, now: Int64) -> Bool {
        let found = entries.firstIndex { $0.key == key }
        guard bound.admits(size) else {
            if let i = found { entries.remove(at: i) }
            return false
        }
        if let i = found {
            let others = entries.indices.filter { $0 != i }.map {
                ModelEntry(key: entries[$0].key, size: entries[$0].size)
            }
            if !bound.isFull(others, adding: size) {
                entries[i].size = size
                reference(i)
                return true
            }
            entries.remove(at: i)
        }
        while bound.isFull(entries.map { ModelEntry(key: $0.key, size: $0.size) }, adding: size) {
            let victim = entries.indices.min {
                (entries[$0].priority, entries[$0].lastReference) < (entries[$1].priority, entries[$1].lastReference)
            }!
            age = entries[victim].priority
            entries.remove(at: victim)
        }
        clock += 1
        entries.append(Entry(key: key, size: size, references: 1, priority: age + 1, lastReference: clock))
        return true
    }

    public mutating func remove(_ key: UInt64) -> Bool {
        guard let i = entries.firstIndex(where: { $0.key == key }) else { return false }
        entries.remove(at: i)
        return true
    }
}

/// CLOCK-Pro as one array in clock order, index 0 the oldest page, the
/// last the head, written from Jiang, Chen & Zhang's description as
/// Sources/Caches/ClockProCache.swift reads it — without its hands: each
/// hand's page is found by scanning from the oldest page (HAND_cold: the
/// oldest resident cold page; HAND_hot: the oldest hot page; HAND_test:
/// the oldest page in its test period), and a test period ends whenever
/// its page is older than every hot page (but a page asking to be hot).
public struct ClockProModel: ReferenceModel {
    struct Page {
        var key: UInt64
        var size: Int
        var hot = false
        var inTest = false
        var referenced = false
        var resident = true
    }

    public let bound: ModelBound
    public private(set) var coldTarget: Int
    let minimumCold: Int
    let maximumCold: Int
    var pages: [Page] = []

    public init(capacity: Capacity) {
        bound = ModelBound(capacity)
        minimumCold = max(1, bound.total / 100)
        maximumCold = max(minimumCold, bound.total - minimumCold)
        coldTarget = minimumCold
    }

    public var count: Int { pages.filter(\.resident).count }
    public func isResident(_ key: UInt64) -> Bool { pages.contains { $0.key == key && $0.resident } }
    public var residentBytes: Int { pages.filter(\.resident).reduce(0) { $0 + $1.size } }
    func weight(_ size: Int) -> Int { bound.weight(ModelEntry(key: 0, size: size)) }
    var hotWeight: Int { pages.filter(\.hot).reduce(0) { $0 + weight($1.size) } }
    var ghostWeight: Int { pages.filter { !$0.resident }.reduce(0) { $0 + weight($1.size) } }
    var residents: [ModelEntry] { pages.filter(\.resident).map { ModelEntry(key: $0.key, size: $0.size) } }

    mutating func adjust(_ step: Int) { coldTarget = min(max(coldTarget + step, minimumCold), maximumCold) }

    /// Ends the test period of page `i`; returns whether the page is gone.
    mutating func endTest(_ i: Int) -> Bool {
        adjust(pages[i].referenced ? 1 : -1)
        if !pages[i].resident {
            pages.remove(at: i)
            return true
        }
        pages[i].inTest = false
        return false
    }

    /// Ends every test period of a page older than the oldest hot page,
    /// oldest first, but `spared`'s.
    mutating func settle(sparing spared: UInt64? = nil) {
        guard let oldestHot = pages.firstIndex(where: \.hot) else { return }
        var i = 0
        var end = oldestHot
        while i < end {
            if pages[i].inTest && pages[i].key != spared && endTest(i) {
                end -= 1
            } else {
                i += 1
            }
        }
    }

    mutating func moveToHead(_ i: Int, hot: Bool, inTest: Bool) {
        var page = pages.remove(at: i)
        page.hot = hot
        page.inTest = inTest
        page.referenced = false
        pages.append(page)
    }

    /// HAND_hot's turn at the oldest hot page: referenced, it stays hot at
    /// the head; else it turns cold there.
    mutating func hotTurn(sparing spared: UInt64? = nil) {
        let i = pages.firstIndex(where: \.hot)!
        moveToHead(i, hot: pages[i].referenced, inTest: false)
        settle(sparing: spared)
    }

    /// Whether the page with `key`, referenced in its test period, may be
    /// hot: m_c + 1, then hot pages older than it take their turns until
    /// it fits under C − m_c.
    mutating func promotes(_ key: UInt64, weight w: Int) -> Bool {
        adjust(1)
        while hotWeight + w > bound.total - coldTarget {
            guard let oldestHot = pages.firstIndex(where: \.hot),
                oldestHot < pages.firstIndex(where: { $0.key == key })!
            else { return false }
            hotTurn(sparing: key)
        }
        return true
    }

    /// HAND_cold until one resident page leaves.
    mutating func evictOne() {
        while true {
            while !pages.contains(where: { $0.resident && !$0.hot }) { hotTurn() }
            let i = pages.firstIndex { $0.resident && !$0.hot }!
            if pages[i].referenced {
                let key = pages[i].key
                let hot = pages[i].inTest && promotes(key, weight: weight(pages[i].size))
                moveToHead(pages.firstIndex { $0.key == key }!, hot: hot, inTest: !hot)
                settle()
                continue
            }
            guard pages[i].inTest else {
                pages.remove(at: i)
                return
            }
            pages[i].resident = false
            while ghostWeight > bound.total { _ = endTest(pages.firstIndex(where: \.inTest)!) }
            return
        }
    }

    public mutating func get(_ key: UInt64, now: Int64) -> Bool {
        guard let i = pages.firstIndex(where: { $0.key == key && $0.resident }) else { return false }
        pages[i].referenced = true
        return true
    }

    public mutating func set(_ key: UInt64, size: Int, now: Int64) -> Bool {
        guard bound.admits(size) else {
            _ = remove(key)
            return false
        }
        if let i = pages.firstIndex(where: { $0.key == key && $0.resident }) {
            if !bound.isFull(residents.filter { $0.key != key }, adding: size) {
                pages[i].size = size
                pages[i].referenced = true
                return true
            }
            _ = remove(key)
        }
        let wasGhost = pages.contains { $0.key == key }
        while bound.isFull(residents, adding: size) { evictOne() }
        var hot = residents.reduce(0) { $0 + weight($1.size) } + weight(size) + coldTarget <= bound.total
        if wasGhost, pages.contains(where: { $0.key == key }) {
            hot = promotes(key, weight: weight(size))
            pages.removeAll { $0.key == key }
        }
        pages.append(Page(key: key, size: size, hot: hot, inTest: !hot))
        settle()
        return true
    }

    public mutating func remove(_ key: UInt64) -> Bool {
        guard let i = pages.firstIndex(where: { $0.key == key }) else { return false }
        let resident = pages[i].resident
        pages.remove(at: i)
        settle()
        return resident
    }
}

/// The model for a registered policy, or `nil` when none is written yet.
/// Options not given take the registry's defaults, as the policy's do.
public func referenceModel(
    for policy: String, capacity: Capacity, options: [String: PolicyOptionValue] = [:]
) -> (any ReferenceModel)? {
    guard let descriptor = PolicyRegistry.named(policy), let filled = try? descriptor.checkedOptions(options) else {
        return nil
    }
    let given = CacheConfiguration(capacity: capacity, options: filled)
    switch policy {
    case "noop": return NoOpModel()
    case "lru": return QueueModel(.lru, capacity: capacity)
    case "fifo": return QueueModel(.fifo, capacity: capacity)
    case "unbounded": return QueueModel(.unbounded, capacity: .unbounded)
    case "clock": return QueueModel(.clock(maximumCounter: (1 << given.integer("bits")) - 1), capacity: capacity)
    case "ttl": return QueueModel(.ttl(lifetime: Int64((given.real("ttl") * 1e9).rounded())), capacity: capacity)
    case "2q": return TwoQueueModel(capacity: capacity, kin: given.real("kin"), kout: given.real("kout"))
    case "sieve": return QueueModel(.sieve, capacity: capacity)
    case "lfu": return QueueModel(.lfu, capacity: capacity)
    case "arc": return ARCModel(capacity: capacity)
    case "lfuda": return LFUDAModel(capacity: capacity)
    case "clockpro": return ClockProModel(capacity: capacity)
    case "slru":
        return SLRUModel(capacity: capacity, segments: given.integer("segments"), insertion: given.word("insertion"))
    case "s3fifo":
        return S3FIFOModel(
            capacity: capacity, small: given.real("small"), ghost: given.real("ghost"),
            threshold: given.integer("threshold"))
    default: return nil
    }
}

/// No cache at all: every request misses, nothing is stored.
public struct NoOpModel: ReferenceModel {
    public init() {}
    public var count: Int { 0 }
    public func isResident(_ key: UInt64) -> Bool { false }
    public var residentBytes: Int { 0 }
    public mutating func get(_ key: UInt64, now: Int64) -> Bool { false }
    public mutating func set(_ key: UInt64, size: Int, now: Int64) -> Bool { false }
    public mutating func remove(_ key: UInt64) -> Bool { false }
}

/// Policies checked by ``ModelChecker/checkGenerically(_:operations:tick:sizeOf:)``
/// instead of a model, and why no simple model reproduces their hits.
public let modelFreePolicies: [String: String] = [
    "random": "its victims are draws from a seeded generator over its own slot order",
    "belady": "it needs each request's next access, which look-aside traffic does not carry",
    "wtinylfu": "its admission follows a hashed sketch whose collisions and aging a simple model would have to copy",
    "redis-lru": "its victims are seeded draws over its own slot order; RedisModelTests checks its pool and clock",
    "redis-lfu": "its victims and counter increments are seeded draws; RedisModelTests checks its counter and decay",
    "lirs":
        "its stack S (with ghosts and pruning) and queue Q make a model as long as the policy; reference.csv checks it",
]
