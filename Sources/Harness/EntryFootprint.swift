import Caches

/// What one resident entry of a policy costs this process, measured: a
/// cache of the policy is built and filled to `entries` distinct keys, and
/// its bytes are read two ways — the policy's own storage accounting
/// (``Cache/storageBytes``: slots, index, metadata, ghosts) and the
/// allocator's view (glibc's bytes in use before and after, which adds
/// headers, rounding and spare capacity). Neither counts the objects'
/// payload: a budget adds the workload's object sizes.
public struct EntryFootprint: Codable, Sendable, Equatable {
    /// Entries the measured cache held.
    public var entries: Int
    /// ``Cache/storageBytes`` ÷ entries.
    public var storageBytesPerEntry: Double
    /// Allocator bytes in use for the cache ÷ entries.
    public var allocatorBytesPerEntry: Double

    public init(entries: Int, storageBytesPerEntry: Double, allocatorBytesPerEntry: Double) {
        self.entries = entries
        self.storageBytesPerEntry = storageBytesPerEntry
        self.allocatorBytesPerEntry = allocatorBytesPerEntry
    }

    /// The figure a budget uses: the larger of the two, so a budget met on
    /// paper is met in the process too.
    public var bytesPerEntry: Double { max(storageBytesPerEntry, allocatorBytesPerEntry) }

    /// The entries measured by default: large enough that per-table
    /// constants are noise, small enough to take milliseconds.
    public static let defaultEntries = 1 << 16

    /// Measures `descriptor` at `entries` (its capacity; filled with twice
    /// as many distinct keys, so ghosts and queues are at their steady
    /// size). O(entries).
    public static func measure(_ descriptor: PolicyDescriptor, entries: Int = defaultEntries) throws -> EntryFootprint {
        let keys = (0..<UInt64(2 * entries)).map { mix64($0 &+ 1) }
        let sizes = [UInt32](repeating: 1, count: keys.count)
        let times = (0..<Int64(keys.count)).map { $0 }
        var tally = ReplayTally()
        let before = MemoryProbe.allocatedBytes()
        let cache = try descriptor.make(CacheConfiguration(capacity: .entries(entries)))
        keys.withUnsafeBufferPointer { keys in
            sizes.withUnsafeBufferPointer { sizes in
                times.withUnsafeBufferPointer { cache.replay(keys: keys, sizes: sizes, times: $0, tally: &tally) }
            }
        }
        let allocated = MemoryProbe.allocatedBytes() - before
        let held = max(1, cache.count)
        return withExtendedLifetime(cache) {
            EntryFootprint(
                entries: held, storageBytesPerEntry: Double(cache.storageBytes) / Double(held),
                allocatorBytesPerEntry: Double(max(0, allocated)) / Double(held))
        }
    }
}
