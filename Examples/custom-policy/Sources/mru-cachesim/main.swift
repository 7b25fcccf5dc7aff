// cachesim's command line with one more policy: `mru`. Registered before the
// command line runs, so specs may name it, `policies` lists it, reports
// draw it in its family's colour, and worker processes (this same binary)
// know it too.
import CacheSimCLI
import Caches

do {
    try PolicyRegistry.register(
        PolicyDescriptor(
            name: "mru", summary: "evicts the most recently used: good for loops larger than the cache",
            family: .recency
        ) { configuration throws(PolicyError) in
            guard case .entries(let entries) = configuration.capacity else {
                throw PolicyError("mru counts entries: give \"capacity\", not \"capacityBytes\"")
            }
            return MRUCache<UInt64, Void>(capacity: entries)
        })
} catch {
    fatalError("\(error)")
}
CacheSim.main()
