import Caches
import Harness

/// A reference model made to honour per-entry lifetimes the obvious way:
/// a dictionary of each key's expiry time, scanned whole before every
/// operation, and whatever is due taken out through the model's own
/// `remove` (counted as an expiration when it was resident). It also gives
/// every miss its cause the obvious way: a set of every key ever seen, and
/// a dictionary of how each absent key left. Nothing is shared with the
/// kernel's heap or the harness's classifier.
///
/// `fixedLifetime` folds in the `ttl` policy's own lifetime: an entry then
/// leaves at the earlier of the two, and `base` is the LRU (or unbounded
/// map) that `ttl` is among the live.
public struct ExpiringModel {
    public var base: any ReferenceModel
    public let fixedLifetime: Int64?
    /// When each key set with a lifetime is due; stale for keys evicted since.
    private var expiresAt: [UInt64: Int64] = [:]
    private var seen: Set<UInt64> = []
    private var departed: [UInt64: MissClassifierModelDeparture] = [:]
    public private(set) var expirations = 0
    public private(set) var causes = MissCauses()

    public init(_ base: any ReferenceModel, fixedLifetime: Int64? = nil) {
        self.base = base
        self.fixedLifetime = fixedLifetime
    }

    public var count: Int { base.count }
    public var residentBytes: Int { base.residentBytes }

    /// Takes out every entry due by `now`, earliest first.
    public mutating func expire(now: Int64) {
        for (key, at) in expiresAt.sorted(by: { ($0.value, $0.key) < ($1.value, $1.key) }) where at <= now {
            expiresAt[key] = nil
            // Only a resident entry expires; a key evicted to a ghost keeps its ghost.
            if base.isResident(key) {
                _ = base.remove(key)
                expirations += 1
                departed[key] = .expired
            }
        }
    }

    /// A request: a hit, or a miss (given its cause) set with `lifetime`.
    public mutating func request(_ key: UInt64, size: Int, now: Int64, lifetime: Int64) -> Bool {
        expire(now: now)
        if base.get(key, now: now) { return true }
        if seen.insert(key).inserted {
            causes.compulsory += 1
        } else {
            switch departed.removeValue(forKey: key) {
            case .expired?: causes.expired += 1
            case .removed?: causes.removed += 1
            case nil: causes.capacity += 1
            }
        }
        set(key, size: size, now: now, lifetime: lifetime)
        return false
    }

    /// A set (a trace's write, or a miss's) living `lifetime` (0: for ever).
    public mutating func set(_ key: UInt64, size: Int, now: Int64, lifetime: Int64) {
        expire(now: now)
        seen.insert(key)
        departed[key] = nil
        guard base.set(key, size: size, now: now) else {
            expiresAt[key] = nil
            return
        }
        let own = lifetime > 0 ? lifetime : Int64.max
        let effective = min(own, fixedLifetime ?? .max)
        expiresAt[key] = effective == .max ? nil : now + effective
    }

    /// A trace's delete.
    public mutating func remove(_ key: UInt64) {
        expiresAt[key] = nil
        if base.remove(key) { departed[key] = .removed }
    }
}

/// How an absent key left, in ``ExpiringModel``.
enum MissClassifierModelDeparture { case expired, removed }
