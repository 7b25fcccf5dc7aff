import Caches

// Reference models written from the papers, not from Sources/Caches: the
// models in ReferenceModel.swift were written by reading the policies, so a
// misreading of a paper would be shared by both. These follow the papers'
// pseudo-code line by line. Where a policy departs from its paper on the
// paper's own traffic, the departure is a named rule whose default is the
// paper's value; what the papers do not cover (updates of resident keys,
// removals) is a named extension. A test then states exactly which
// departures and extensions the real cache has.
//
// The papers count pages (every object weighs 1) and serve a request in one
// step; both models take an entry capacity, weigh every object 1 against it
// (sizes are kept only for `residentBytes`), and split a request as the
// look-aside pattern does: `get`, and on a miss `set`.

/// A model from a paper, which can say which keys are resident.
public protocol PaperModel: ReferenceModel {
    /// Whether `key` is resident; nothing moves.
    func holds(_ key: UInt64) -> Bool
}

/// ARC as Megiddo & Modha give it in Figure 4 of "ARC: A Self-Tuning, Low
/// Overhead Replacement Cache" (FAST '03): four LRU lists as arrays, MRU
/// first (index 0), scanned linearly; `p` the target size of T1, a real
/// number (δ1 and δ2 are quotients).
///
/// A request of the paper is one `get` and, on a miss, one `set`:
/// - `get` of a key in T1 ∪ T2 is Case I (a hit: the key moves to the MRU
///   end of T2); any other `get` changes nothing.
/// - `set` of a key not resident is the rest of the request: Case II (the
///   key is in B1), Case III (in B2) or Case IV (in no list).
///
/// Updates (a `set` of a resident key) and removals are not in the paper;
/// ``Extensions`` says what the model does with them. Each extension is
/// idle on the paper's traffic, where the cache, once full, stays full.
public struct ARCPaperModel: PaperModel {
    /// What the model does where Figure 4 says nothing: updates, removals,
    /// and requests that find the cache below c pages after removals.
    public struct Extensions: Sendable, Equatable {
        /// A `set` of a resident key counts as a request, Case I (to the MRU
        /// end of T2). When false it only replaces the value in place.
        public var updateIsRequest = true
        /// `remove` of a key in B1 or B2 forgets the ghost. When false only
        /// resident keys are removed.
        public var removeForgetsGhost = true
        /// Case IV's directory upkeep (Case A and Case B, with their
        /// REPLACE) runs only when T1 ∪ T2 holds c pages; below that a new
        /// key just enters T1. In the paper's traffic the cache is never
        /// below c once a ghost exists, and with no ghosts neither case
        /// does anything, so this is idle there.
        public var upkeepOnlyWhenFull = true
        /// Case A deletes B1's LRU (then REPLACE) whenever B1 has a page, and
        /// T1's LRU only when B1 is empty. The paper's test, |T1| < c, says
        /// the same while |L1| is exactly c; after removals, with
        /// ``upkeepOnlyWhenFull``, L1 can hold more than c pages.
        public var caseAAsksB1 = true
        /// REPLACE(x, p) (from Case II or III) moves nothing while T1 ∪ T2
        /// holds fewer than c pages. In the paper's traffic a REPLACE always
        /// finds the cache full.
        public var replaceOnlyWhenFull = true

        /// What our ARCCache does, found by testing it against this model.
        public static let standard = Extensions()

        public init(
            updateIsRequest: Bool = true, removeForgetsGhost: Bool = true, upkeepOnlyWhenFull: Bool = true,
            caseAAsksB1: Bool = true, replaceOnlyWhenFull: Bool = true
        ) {
            self.updateIsRequest = updateIsRequest
            self.removeForgetsGhost = removeForgetsGhost
            self.upkeepOnlyWhenFull = upkeepOnlyWhenFull
            self.caseAAsksB1 = caseAAsksB1
            self.replaceOnlyWhenFull = replaceOnlyWhenFull
        }
    }

    /// The cache size c, in pages.
    public let c: Int
    public let extensions: Extensions
    /// The target size of T1: 0 at first (Figure 4, INITIALIZE), moved by
    /// δ1 and δ2, kept in [0, c].
    public private(set) var p: Double = 0
    /// Resident pages seen once recently; MRU first.
    public private(set) var t1: [ModelEntry] = []
    /// Resident pages seen at least twice recently; MRU first.
    public private(set) var t2: [ModelEntry] = []
    /// Ghosts of pages REPLACE took from T1; MRU first.
    public private(set) var b1: [UInt64] = []
    /// Ghosts of pages REPLACE took from T2; MRU first.
    public private(set) var b2: [UInt64] = []
    /// How often each branch of Figure 4 ran, so a test can show its
    /// traffic reaches them all.
    public private(set) var coverage = Coverage()

    /// Counts of the branches of Figure 4 taken so far.
    public struct Coverage: Sendable, Equatable {
        /// Case I: hits (and updates, by ``Extensions/updateIsRequest``).
        public var hits = 0
        /// Case II and Case III, ghost hits.
        public var b1Hits = 0
        public var b2Hits = 0
        /// Case IV A with |T1| < c (B1's LRU deleted, then REPLACE) and with
        /// |T1| = c (T1's LRU deleted).
        public var fullL1Replaces = 0
        public var fullL1Deletes = 0
        /// Case IV B with the directory at 2c (B2's LRU deleted).
        public var fullDirectoryDeletes = 0
        /// REPLACE taking from T1 because x is in B2 and |T1| = p.
        public var ties = 0
        /// Adaptations that left p between two whole numbers.
        public var fractionalTargets = 0
    }

    /// An ARC of `entries` pages (`c`).
    public init(entries: Int, extensions: Extensions = .standard) {
        c = max(entries, 0)
        self.extensions = extensions
    }

    public var count: Int { t1.count + t2.count }
    public func isResident(_ key: UInt64) -> Bool { (t1 + t2).contains { $0.key == key } }
    public var residentBytes: Int { (t1 + t2).reduce(0) { $0 + $1.size } }

    /// Whether `key` is in T1 ∪ T2; nothing moves.
    public func holds(_ key: UInt64) -> Bool { t1.contains { $0.key == key } || t2.contains { $0.key == key } }

    /// Case I: "x_t is in T1 or T2 … Move x_t to MRU position in T2."
    public mutating func get(_ key: UInt64, now: Int64) -> Bool {
        if let i = t1.firstIndex(where: { $0.key == key }) {
            t2.insert(t1.remove(at: i), at: 0)
        } else if let i = t2.firstIndex(where: { $0.key == key }) {
            t2.insert(t2.remove(at: i), at: 0)
        } else {
            return false
        }
        coverage.hits += 1
        return true
    }

    /// Cases II–IV for a key not resident; ``Extensions/updateIsRequest``
    /// for one that is. A cache of no pages admits nothing.
    public mutating func set(_ key: UInt64, size: Int, now: Int64) -> Bool {
        guard c > 0, size >= 0 else {
            _ = remove(key)
            return false
        }
        let entry = ModelEntry(key: key, size: size)
        if let i = t1.firstIndex(where: { $0.key == key }) {
            t1[i].size = size
            if extensions.updateIsRequest { _ = get(key, now: now) }
            return true
        }
        if let i = t2.firstIndex(where: { $0.key == key }) {
            t2[i].size = size
            if extensions.updateIsRequest { _ = get(key, now: now) }
            return true
        }
        if b1.contains(key) {
            // Case II: "x_t is in B1. ADAPTATION: Update p = min{p + δ1, c}
            // where δ1 = 1 if |B1| ≥ |B2|, |B2|/|B1| otherwise.
            // REPLACE(x_t, p). Move x_t from B1 to the MRU position in T2."
            let delta = b1.count >= b2.count ? 1 : Double(b2.count) / Double(b1.count)
            p = min(p + delta, Double(c))
            coverage.b1Hits += 1
            if p != p.rounded() { coverage.fractionalTargets += 1 }
            replace(keyInB2: false)
            b1.removeAll { $0 == key }
            t2.insert(entry, at: 0)
            return true
        }
        if b2.contains(key) {
            // Case III: "x_t is in B2. ADAPTATION: Update p = max{p − δ2, 0}
            // where δ2 = 1 if |B2| ≥ |B1|, |B1|/|B2| otherwise.
            // REPLACE(x_t, p). Move x_t from B2 to the MRU position in T2."
            let delta = b2.count >= b1.count ? 1 : Double(b1.count) / Double(b2.count)
            p = max(p - delta, 0)
            coverage.b2Hits += 1
            if p != p.rounded() { coverage.fractionalTargets += 1 }
            replace(keyInB2: true)
            b2.removeAll { $0 == key }
            t2.insert(entry, at: 0)
            return true
        }
        // Case IV: "x_t is not in T1 ∪ B1 ∪ T2 ∪ B2." (The tests `≥ c` and
        // `≥ 2c` below are the paper's `= c` and `= 2c`: L1 never holds more
        // than c pages, nor the directory more than 2c, but after removals.)
        if extensions.upkeepOnlyWhenFull && count < c {
            // Room: no upkeep (``Extensions/upkeepOnlyWhenFull``).
        } else if t1.count + b1.count >= c {
            // "Case A: L1 = T1 ∪ B1 has exactly c pages. If (|T1| < c) Delete
            // LRU page in B1. REPLACE(x_t, p). else Here B1 is empty. Delete
            // LRU page in T1 (also remove it from the cache)."
            if extensions.caseAAsksB1 ? !b1.isEmpty : t1.count < c {
                b1.removeLast()
                coverage.fullL1Replaces += 1
                replace(keyInB2: false)
            } else {
                t1.removeLast()
                coverage.fullL1Deletes += 1
            }
        } else {
            // "Case B: L1 = T1 ∪ B1 has less than c pages. If (|T1| + |T2| +
            // |B1| + |B2| ≥ c) Delete LRU page in B2, if (|T1| + |T2| + |B1| +
            // |B2| = 2c). REPLACE(x_t, p)."
            let directory = t1.count + t2.count + b1.count + b2.count
            if directory >= c {
                if directory >= 2 * c {
                    b2.removeLast()
                    coverage.fullDirectoryDeletes += 1
                }
                replace(keyInB2: false)
            }
        }
        // "Finally, fetch x_t to the cache and move it to MRU position in T1."
        t1.insert(entry, at: 0)
        return true
    }

    /// "Subroutine REPLACE(x_t, p): If ((|T1| is not empty) and ((|T1|
    /// exceeds the target p) or (x_t is in B2 and |T1| = p))) Delete the LRU
    /// page in T1 (also remove it from the cache), and move it to MRU
    /// position in B1. else Delete the LRU page in T2 (also remove it from
    /// the cache), and move it to MRU position in B2."
    ///
    /// With T2 empty it takes from T1, which only a cache below c pages
    /// (after removals, without ``Extensions/replaceOnlyWhenFull``) can need.
    mutating func replace(keyInB2: Bool) {
        if extensions.replaceOnlyWhenFull && count < c { return }
        let size = Double(t1.count)
        if !t1.isEmpty && (size > p || (keyInB2 && size == p) || t2.isEmpty) {
            if keyInB2 && size == p { coverage.ties += 1 }
            b1.insert(t1.removeLast().key, at: 0)
        } else if !t2.isEmpty {
            b2.insert(t2.removeLast().key, at: 0)
        }
    }

    /// Takes `key` out of T1 ∪ T2 (and, by
    /// ``Extensions/removeForgetsGhost``, out of B1 ∪ B2); `p` is left
    /// alone. Not in the paper.
    public mutating func remove(_ key: UInt64) -> Bool {
        if extensions.removeForgetsGhost {
            b1.removeAll { $0 == key }
            b2.removeAll { $0 == key }
        }
        let before = count
        t1.removeAll { $0.key == key }
        t2.removeAll { $0.key == key }
        return count < before
    }
}

/// S3-FIFO as Yang et al. give it in Algorithm 1 of "FIFO queues are all
/// you need for cache eviction" (SOSP '23): a small FIFO S, a main FIFO M
/// and a ghost FIFO G of keys, as arrays, head (newest) first (index 0),
/// tail last; `mark` is the object's `freq`.
///
/// A request of the paper is READ(x): a hit (x in S or M) is a `get` that
/// raises the counter (lines 2–3); a miss is a `get` that changes nothing
/// followed by the `set` that runs INSERT(x) (lines 5–6).
///
/// Each way our policy departs from Algorithm 1 on the paper's traffic is
/// one of ``Rules``, defaulting to the paper's value; updates and
/// removals, which the paper does not cover, follow ``Extensions``.
public struct S3FIFOPaperModel: PaperModel {
    /// The paper's parameters and the departures from Algorithm 1. Every
    /// default is the paper's.
    public struct Rules: Sendable, Equatable {
        /// S's share of the cache. Paper: 0.1 ("S uses 10% of the cache
        /// space"; line 15, `S.size ≥ 0.1 · cache size`).
        public var small = 0.1
        /// G's length as a share of the cache, in keys, rounded down. Paper:
        /// 0.9 — G "stores the same number of ghost entries as M" (M's
        /// share being 90%); the paper gives no rounding.
        public var ghost = 0.9
        /// The `freq` S's tail needs to move to M. Paper: 2 (line 23,
        /// `if t.freq > 1`).
        public var promotionThreshold = 2

        /// S's share is ⌊small · C⌋ whole entries. Paper: false — line 15
        /// compares S's size with 0.1 · C as a real number, so a cache of
        /// 7 evicts from S once S holds 1 (≥ 0.7), not 0.
        public var roundSmallShareDown = false
        /// A key moved from S to M starts again at `freq` 0. Paper: false —
        /// line 24 moves t with its counter. (The authors' blog post at
        /// s3fifo.com says "its access bits are cleared during the move".)
        public var resetCounterOnPromotion = false
        /// EVICTS calls EVICTM when a promotion leaves M full — read here as
        /// |M| ≥ C − S's share, as line 15 reads S's — (lines 25–26), and then
        /// goes on looking for an S entry to evict. Paper: true. When false,
        /// promotions only move keys and eviction goes on until an entry
        /// leaves the cache: EVICTS until one goes to G, and if S runs out,
        /// EVICT again (now from M).
        public var evictMainImmediately = true
        /// Until the first eviction, a new key not in G goes to M once S
        /// holds its share (libCacheSim's S3FIFO.c, not its S3FIFOv0.c).
        /// Paper: false — line 13 always inserts into S.
        public var fillMainBeforeFirstEviction = false
        /// Whether x is in G is decided, and its ghost used up, before
        /// INSERT's evictions, so the ghosts those evictions add cannot push
        /// x out of G first. Paper: false — lines 8–9 evict, then line 10
        /// looks in G.
        public var ghostLookupBeforeEviction = false

        /// Algorithm 1 as printed.
        public static let paper = Rules()

        public init(
            small: Double = 0.1, ghost: Double = 0.9, promotionThreshold: Int = 2, roundSmallShareDown: Bool = false,
            resetCounterOnPromotion: Bool = false, evictMainImmediately: Bool = true,
            fillMainBeforeFirstEviction: Bool = false, ghostLookupBeforeEviction: Bool = false
        ) {
            self.small = small
            self.ghost = ghost
            self.promotionThreshold = promotionThreshold
            self.roundSmallShareDown = roundSmallShareDown
            self.resetCounterOnPromotion = resetCounterOnPromotion
            self.evictMainImmediately = evictMainImmediately
            self.fillMainBeforeFirstEviction = fillMainBeforeFirstEviction
            self.ghostLookupBeforeEviction = ghostLookupBeforeEviction
        }
    }

    /// What the model does where Algorithm 1 says nothing.
    public struct Extensions: Sendable, Equatable {
        /// A `set` of a resident key counts as a hit (line 3). When false it
        /// only replaces the value.
        public var updateIsHit = true
        /// `remove` of a key in G forgets the ghost. When false only
        /// resident keys are removed.
        public var removeForgetsGhost = true

        /// What our S3FIFOCache does, found by testing it against this model.
        public static let standard = Extensions()

        public init(updateIsHit: Bool = true, removeForgetsGhost: Bool = true) {
            self.updateIsHit = updateIsHit
            self.removeForgetsGhost = removeForgetsGhost
        }
    }

    /// The cache size C, in entries.
    public let capacity: Int
    public let rules: Rules
    public let extensions: Extensions
    /// The small FIFO; head first.
    public private(set) var small: [ModelEntry] = []
    /// The main FIFO; head first.
    public private(set) var main: [ModelEntry] = []
    /// The ghost FIFO of keys; head first.
    public private(set) var ghost: [UInt64] = []
    /// Whether an entry has ever left the cache by eviction (for
    /// ``Rules/fillMainBeforeFirstEviction``).
    public private(set) var hasEvicted = false
    /// How often each branch of Algorithm 1 ran, so a test can show its
    /// traffic reaches them all.
    public private(set) var coverage = Coverage()

    /// Counts of the branches of Algorithm 1 taken so far.
    public struct Coverage: Sendable, Equatable {
        /// Hits (line 3) that found the counter at its cap of 3.
        public var cappedHits = 0
        /// New keys into M because G held them (line 11), and because S was
        /// full before the first eviction (``Rules/fillMainBeforeFirstEviction``).
        public var ghostHits = 0
        public var earlyMainInserts = 0
        /// S's tails moved to M (line 24), and those after which EVICTM ran
        /// (line 26).
        public var promotions = 0
        public var promotionEvictions = 0
        /// S's tails sent to G (line 28); G's oldest keys pushed out.
        public var ghosted = 0
        public var ghostsDropped = 0
        /// M's tails put back (line 36) and evicted (line 39).
        public var reinsertions = 0
        public var mainEvictions = 0
    }

    /// An S3-FIFO of `entries` objects.
    public init(entries: Int, rules: Rules = .paper, extensions: Extensions = .standard) {
        capacity = max(entries, 0)
        self.rules = rules
        self.extensions = extensions
    }

    public var count: Int { small.count + main.count }
    public func isResident(_ key: UInt64) -> Bool { (small + main).contains { $0.key == key } }
    public var residentBytes: Int { (small + main).reduce(0) { $0 + $1.size } }

    /// Whether `key` is in S or M; nothing moves.
    public func holds(_ key: UInt64) -> Bool { small.contains { $0.key == key } || main.contains { $0.key == key } }

    /// S's share in entries: line 15's `0.1 · cache size`.
    var smallShare: Double {
        let share = rules.small * Double(capacity)
        return rules.roundSmallShareDown ? share.rounded(.down) : share
    }
    /// M's share in entries, the rest of the cache.
    var mainShare: Double { Double(capacity) - smallShare }
    /// G's length in keys.
    var ghostLength: Int { Int((rules.ghost * Double(capacity)).rounded(.down)) }

    /// READ's hit (lines 2–3): "x.freq ← min(x.freq + 1, 3)".
    public mutating func get(_ key: UInt64, now: Int64) -> Bool {
        if let i = small.firstIndex(where: { $0.key == key }) {
            if small[i].mark == 3 { coverage.cappedHits += 1 }
            small[i].mark = min(small[i].mark + 1, 3)
        } else if let i = main.firstIndex(where: { $0.key == key }) {
            if main[i].mark == 3 { coverage.cappedHits += 1 }
            main[i].mark = min(main[i].mark + 1, 3)
        } else {
            return false
        }
        return true
    }

    /// READ's miss (lines 5–6) for a key not resident: INSERT(x), then
    /// `x.freq ← 0`. A resident key is an update (``Extensions/updateIsHit``).
    public mutating func set(_ key: UInt64, size: Int, now: Int64) -> Bool {
        guard capacity > 0, size >= 0 else {
            _ = remove(key)
            return false
        }
        if let i = small.firstIndex(where: { $0.key == key }) {
            small[i].size = size
            if extensions.updateIsHit { _ = get(key, now: now) }
            return true
        }
        if let i = main.firstIndex(where: { $0.key == key }) {
            main[i].size = size
            if extensions.updateIsHit { _ = get(key, now: now) }
            return true
        }
        // INSERT(x), lines 7–13.
        var intoMain = false
        if rules.ghostLookupBeforeEviction, let g = ghost.firstIndex(of: key) {
            ghost.remove(at: g)
            intoMain = true
            coverage.ghostHits += 1
        }
        // "while cache is full do evict()"
        while count >= capacity { evict() }
        // "if x in G then insert x to head of M else insert x to head of S";
        // the ghost is used up.
        if !rules.ghostLookupBeforeEviction, let g = ghost.firstIndex(of: key) {
            ghost.remove(at: g)
            intoMain = true
            coverage.ghostHits += 1
        }
        if !intoMain && rules.fillMainBeforeFirstEviction && !hasEvicted && Double(small.count) >= smallShare {
            intoMain = true
            coverage.earlyMainInserts += 1
        }
        let entry = ModelEntry(key: key, size: size, mark: 0)
        if intoMain { main.insert(entry, at: 0) } else { small.insert(entry, at: 0) }
        return true
    }

    /// EVICT, lines 14–18: "if S.size ≥ 0.1 · cache size then evictS() else
    /// evictM()". An empty S is never evicted from (which only a share
    /// rounded down to 0 allows).
    mutating func evict() {
        if !small.isEmpty && Double(small.count) >= smallShare { evictSmall() } else { evictMain() }
    }

    /// EVICTS, lines 19–30: take S's tail until one goes to G; one with
    /// `freq` at the threshold or above goes to M instead (and, by
    /// ``Rules/evictMainImmediately``, EVICTM runs if M is then full).
    mutating func evictSmall() {
        var evicted = false
        while !evicted, var tail = small.popLast() {
            if tail.mark >= Int64(rules.promotionThreshold) {
                if rules.resetCounterOnPromotion { tail.mark = 0 }
                main.insert(tail, at: 0)
                coverage.promotions += 1
                if rules.evictMainImmediately && Double(main.count) >= mainShare {
                    coverage.promotionEvictions += 1
                    evictMain()
                }
            } else {
                ghost.insert(tail.key, at: 0)
                coverage.ghosted += 1
                if ghost.count > ghostLength {
                    coverage.ghostsDropped += ghost.count - ghostLength
                    ghost.removeLast(ghost.count - ghostLength)
                }
                evicted = true
                hasEvicted = true
            }
        }
    }

    /// EVICTM, lines 31–40: M's tail with `freq` > 0 goes back to the head
    /// with one less; the first with 0 leaves (not to G).
    mutating func evictMain() {
        while var tail = main.popLast() {
            if tail.mark > 0 {
                tail.mark -= 1
                main.insert(tail, at: 0)
                coverage.reinsertions += 1
            } else {
                coverage.mainEvictions += 1
                hasEvicted = true
                return
            }
        }
    }

    /// Takes `key` out of S or M (and, by ``Extensions/removeForgetsGhost``,
    /// out of G). Not in the paper.
    public mutating func remove(_ key: UInt64) -> Bool {
        if extensions.removeForgetsGhost { ghost.removeAll { $0 == key } }
        let before = count
        small.removeAll { $0.key == key }
        main.removeAll { $0.key == key }
        return count < before
    }
}
