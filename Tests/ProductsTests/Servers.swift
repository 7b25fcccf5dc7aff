import Caches
import Foundation
import Testing

@testable import Products

#if canImport(Glibc)
import Glibc
#endif

/// Real servers for the tests: Debian's redis-server and memcached, which
/// Scripts/install-deps installs (CI runs it before the tests), started
/// through the products themselves. Never mocks: what is checked is what
/// the real binaries do.
enum Servers {
    /// A Redis product with `options` (the rest defaulted as a spec would).
    static func redis(
        _ options: [String: PolicyOptionValue] = [:], capacity: Capacity = .unbounded
    ) throws
        -> RedisCache
    {
        let checked = try PolicyDescriptor.redis.checkedOptions(options)
        return try RedisCache(CacheConfiguration(capacity: capacity, options: checked))
    }

    /// A memcached product with `options`, bounded by `capacity`.
    static func memcached(
        _ options: [String: PolicyOptionValue] = [:], capacity: Capacity = .bytes(64 << 20)
    ) throws
        -> MemcachedCache
    {
        let checked = try PolicyDescriptor.memcached.checkedOptions(options)
        return try MemcachedCache(CacheConfiguration(capacity: capacity, options: checked))
    }

    /// A connection of the test's own to a product's server.
    static func connect(_ address: ServerAddress) throws -> SocketConnection { try SocketConnection(address) }

    /// The first reply line to a raw command sent on `connection`.
    static func ask(_ connection: SocketConnection, _ command: String) throws -> String {
        connection.output.append(contentsOf: Array(command.utf8))
        try connection.flush()
        return connection.text(try connection.readLine())
    }

    /// A Redis array of bulk strings (CONFIG GET's reply), read from `connection`.
    static func bulks(_ connection: SocketConnection) throws -> [String] {
        let head = connection.text(try connection.readLine())
        guard head.hasPrefix("*"), let count = Int(head.dropFirst()) else {
            throw ProductError("not an array: \(head)")
        }
        return try (0..<count).map { _ in try RedisCache.bulk(connection, "CONFIG GET") }
    }

    /// `stat`'s permission bits of `path`, or nil.
    static func permissions(_ path: String) -> Int? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return Int(info.st_mode & 0o777)
    }

    /// Whether process `pid` is gone (reaped, or never ours).
    static func isGone(_ pid: pid_t) -> Bool { kill(pid, 0) != 0 && errno == ESRCH }
}

/// Replays `keys` through `cache` in chunks of `chunk` (values of `size`
/// bytes, requests `apart` nanoseconds apart) and returns the tally.
func replay(
    _ cache: any ReplayableCache, _ keys: [UInt64], size: UInt32 = 100, apart: Int64 = 1_000_000, chunk: Int = 4_096
) -> ReplayTally {
    var tally = ReplayTally()
    var start = 0
    while start < keys.count {
        let end = min(keys.count, start + chunk)
        let part = Array(keys[start..<end])
        let sizes = [UInt32](repeating: size, count: part.count)
        let times = (start..<end).map { Int64($0) * apart }
        part.withUnsafeBufferPointer { k in
            sizes.withUnsafeBufferPointer { s in
                times.withUnsafeBufferPointer { t in cache.replay(keys: k, sizes: s, times: t, tally: &tally) }
            }
        }
        start = end
    }
    return tally
}

/// `count` keys drawn uniformly from `0..<universe` (splitmix64 from
/// `seed`): with a small universe, keys repeat within every pipelined batch.
func uniformKeys(count: Int, universe: UInt64, seed: UInt64) -> [UInt64] {
    var state = seed
    return (0..<count).map { _ in
        state &+= 0x9E37_79B9_7F4A_7C15
        return mix64(state) % universe
    }
}

/// Hits of a cache that never evicts: every request but a key's first.
func hitsWithoutEviction(_ keys: [UInt64]) -> Int { keys.count - Set(keys).count }
