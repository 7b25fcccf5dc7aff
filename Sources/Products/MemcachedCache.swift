import Caches
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real memcached as a cache under test: `memcached` started by the
/// harness with `-m` set to the run's byte capacity (whole MiB), on a Unix
/// socket in its private directory (mode 700; no network at all) or on
/// 127.0.0.1 with UDP off, driven as a look-aside client drives it, and
/// stopped at the end. memcached has no persistence to turn off.
///
/// memcached's eviction is its own: items live in slab classes by size,
/// and each class keeps a segmented LRU (HOT, WARM, COLD) that a
/// background thread rebalances by age; a `get` marks an item active
/// rather than moving it, and only a COLD item that is hit again is moved
/// (asynchronously) to WARM. Evictions take the tail of COLD. No model of
/// it is offered: its moves depend on that thread's timing.
///
/// **Pipelined without changing what a request sees.** The text protocol
/// has no "set on a miss", so a batch sends its `get`s, then the `set`s of
/// the misses (sent with the next batch's `get`s, in that order). A batch
/// holds distinct keys, so a key repeated in the stream sees its own
/// earlier set. What a batch can change is only that a later `get` in it
/// is answered before an earlier miss's `set` took its memory: a key the
/// set would have evicted can still hit. `pipeline: 1` sends one request at
/// a time. The server's `get_hits` and `get_misses` must equal the client's
/// counts, and its items stored and resident must follow from its
/// evictions.
///
/// A client of its own (memcached's text protocol over a socket), for the
/// reasons given for ``RedisCache``.
public final class MemcachedCache: ProductCache {
    public let capacity: Capacity
    /// The server process (for tests: its pid, its directory).
    let server: ServerProcess
    private let connection: SocketConnection
    private let version: String
    private var driver: PipelinedReplay
    private let settings: [String: String]

    private var clientHits = 0
    private var clientMisses = 0
    private var stored = 0
    private var rejectedSets = 0
    private var deletions = 0
    /// `set`s sent whose replies are not read yet.
    private var pendingSets = 0
    private var storedUnconditionally = false
    private var missedKey: UInt64?
    public private(set) var failure: ProductError?

    public private(set) var count = 0
    public private(set) var evictions = 0
    private var lastMemory = ProductMemory(entries: 0, datasetBytes: 0, allocatorBytes: 0, rssBytes: 0)

    /// Starts a server for `configuration` (the `memcached` descriptor's
    /// options) and connects to it.
    public init(_ configuration: CacheConfiguration) throws(ProductError) {
        capacity = configuration.capacity
        guard case .bytes(let bytes) = configuration.capacity else {
            throw ProductError("memcached bounds memory: give \"capacityBytes\" (its -m, whole MiB, at least 2MiB)")
        }
        if let problem = Self.limitProblem(bytes) { throw ProductError(problem) }
        let binary = try ServerBinary.locate(configuration.word("server"), package: "memcached")
        let transport = try ServerTransport(configuration)
        let threads = configuration.integer("threads")
        var settings = ["-m": String(bytes >> 20), "-t": String(threads), "-U": "0"]
        let user = geteuid() == 0 ? "root" : nil
        let (server, connection) = try ServerLaunch.launch(
            product: "memcached", binary: binary, transport: transport, socketName: "mc.sock",
            files: { _, _ in [:] },
            arguments: { address, _ in
                var arguments = ["-m", String(bytes >> 20), "-t", String(threads), "-U", "0"]
                switch address {
                case .unix(let path): arguments += ["-s", path, "-a", "0700"]
                case .loopback(let port): arguments += ["-l", "127.0.0.1", "-p", String(port)]
                }
                // memcached refuses to run as root unless told which user to be.
                if let user { arguments += ["-u", user] }
                return arguments
            },
            handshake: { connection throws(ProductError) in
                connection.append("version\r\n")
                try connection.flush()
                let line = try connection.readLine()
                guard connection.text(line).hasPrefix("VERSION ") else {
                    throw ProductError("memcached answered `version` with \(connection.text(line))")
                }
            })
        self.server = server
        self.connection = connection
        switch transport.kind {
        case .unix: settings["-s"] = "(private directory, -a 0700; no network)"
        case .tcp: settings["-l"] = "127.0.0.1"
        }
        self.settings = settings
        let versionLine: String
        do {
            connection.append("version\r\n")
            try connection.flush()
            versionLine = connection.text(try connection.readLine())
        } catch {
            server.stop()
            throw error
        }
        version = "memcached " + versionLine.dropFirst("VERSION ".count)
        driver = PipelinedReplay(pipeline: configuration.integer("pipeline"), distinctKeys: true, pacer: nil)
    }

    deinit { server.stop() }

    /// Where the server listens (for tests that connect on their own).
    var address: ServerAddress { connection.address }

    /// Why memcached cannot take a limit of `bytes`, or nil: `-m` is whole
    /// MiB, and at least 2 (twice its largest item, 1 MiB).
    static func limitProblem(_ bytes: Int) -> String? {
        guard bytes % (1 << 20) != 0 || bytes < 2 << 20 else { return nil }
        return "memcached's limit (-m) is whole MiB, at least 2MiB: got \(bytes) bytes; write e.g. \"64MiB\""
    }

    public var comparisonModels: [ModelRequest] { [ModelRequest("lru")] }

    // MARK: Replay

    private var isStopped: () -> Bool { { [server] in !server.isRunning } }

    private func serving(_ body: () throws(ProductError) -> Void) {
        guard failure == nil else { return }
        do throws(ProductError) {
            try body()
        } catch {
            failure = RedisCache.explain(error, server: server)
        }
    }

    public func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>, times: UnsafeBufferPointer<Int64>,
        tally: inout ReplayTally
    ) {
        serving { () throws(ProductError) in
            try driver.replay(keys: keys, sizes: sizes, times: times, tally: &tally, isStopped: isStopped) {
                range, hits, _ throws(ProductError) in
                for i in range {
                    connection.append("get ")
                    connection.appendDecimal(keys[i])
                    connection.append("\r\n")
                }
                try connection.flush()
                try readSetReplies()
                for i in range {
                    let hit = try readGetReply()
                    hits.append(hit)
                    if !hit { appendSet(key: keys[i], size: Int(sizes[i])) }
                }
            }
            try settle()
        }
    }

    private func appendSet(key: UInt64, size: Int) {
        connection.append("set ")
        connection.appendDecimal(key)
        connection.append(" 0 0 ")
        connection.appendDecimal(size)
        connection.append("\r\n")
        connection.output.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: size))
        connection.append("\r\n")
        pendingSets += 1
    }

    /// Sends the `set`s not sent yet and reads their replies.
    private func settle() throws(ProductError) {
        guard pendingSets > 0 else { return }
        try connection.flush()
        try readSetReplies()
    }

    private func readSetReplies() throws(ProductError) {
        while pendingSets > 0 {
            let line = connection.text(try connection.readLine())
            pendingSets -= 1
            if line == "STORED" {
                stored += 1
            } else if line.hasPrefix("SERVER_ERROR") {
                // Too large for a slab, or no memory to take from.
                rejectedSets += 1
            } else {
                throw ProductError("memcached answered a set with \(line)")
            }
        }
    }

    /// `VALUE <key> <flags> <bytes>` and the data, then `END` (a hit), or
    /// `END` alone (a miss).
    private func readGetReply() throws(ProductError) -> Bool {
        let line = try connection.readLine()
        let text = connection.text(line)
        if text == "END" {
            clientMisses += 1
            return false
        }
        let fields = text.split(separator: " ")
        guard fields.count >= 4, fields[0] == "VALUE", let length = Int(fields[3]), length >= 0 else {
            throw ProductError("memcached answered a get with \(text)")
        }
        try connection.skip(length + 2)
        let end = connection.text(try connection.readLine())
        guard end == "END" else { throw ProductError("memcached ended a get with \(end), not END") }
        clientHits += 1
        return true
    }

    public func lookup(_ key: UInt64, now: Int64) -> Bool {
        var hit = false
        serving { () throws(ProductError) in
            try settle()
            connection.append("get ")
            connection.appendDecimal(key)
            connection.append("\r\n")
            try connection.flush()
            hit = try readGetReply()
            missedKey = hit ? nil : key
        }
        return hit
    }

    public func admit(_ key: UInt64, size: Int, now: Int64) {
        if missedKey != key { storedUnconditionally = true }
        missedKey = nil
        serving { () throws(ProductError) in
            try settle()
            appendSet(key: key, size: size)
            try settle()
        }
    }

    @discardableResult
    public func discard(_ key: UInt64) -> Bool {
        var removed = false
        serving { () throws(ProductError) in
            try settle()
            connection.append("delete ")
            connection.appendDecimal(key)
            connection.append("\r\n")
            try connection.flush()
            let line = connection.text(try connection.readLine())
            guard line == "DELETED" || line == "NOT_FOUND" else {
                throw ProductError("memcached answered delete with \(line)")
            }
            removed = line == "DELETED"
            if removed { deletions += 1 }
        }
        return removed
    }

    /// Whether the key is resident: `mg <key>` without the bump (`u`) and
    /// without a value, which memcached does not count as a get.
    public func holds(_ key: UInt64, now: Int64) -> Bool {
        var found = false
        serving { () throws(ProductError) in
            try settle()
            connection.append("mg ")
            connection.appendDecimal(key)
            connection.append(" u\r\n")
            try connection.flush()
            let line = connection.text(try connection.readLine())
            guard line.hasPrefix("HD") || line == "EN" else { throw ProductError("memcached answered mg with \(line)") }
            found = line.hasPrefix("HD")
        }
        return found
    }

    public var residentBytes: Int { lastMemory.datasetBytes }
    public var storageBytes: Int { lastMemory.datasetBytes }

    // MARK: Measurement

    /// `stats` or `stats slabs` as a dictionary of its `STAT name value` lines.
    private func stats(_ command: StaticString) throws(ProductError) -> [String: String] {
        try settle()
        connection.append(command)
        try connection.flush()
        var fields: [String: String] = [:]
        while true {
            let line = connection.text(try connection.readLine())
            if line == "END" { return fields }
            let parts = line.split(separator: " ", maxSplits: 2)
            guard parts.count == 3, parts[0] == "STAT" else {
                throw ProductError("memcached answered stats with \(line)")
            }
            fields[String(parts[1])] = String(parts[2])
        }
    }

    public func readMemory() throws(ProductError) -> ProductMemory? {
        if let failure { throw failure }
        do throws(ProductError) {
            let general = try stats("stats\r\n")
            let slabs = try stats("stats slabs\r\n")
            count = Int(general["curr_items"] ?? "") ?? 0
            evictions = Int(general["evictions"] ?? "") ?? evictions
            lastMemory = ProductMemory(
                entries: count, datasetBytes: Int(general["bytes"] ?? "") ?? 0,
                allocatorBytes: Int(slabs["total_malloced"] ?? "") ?? 0, rssBytes: residentSetBytes(of: server.pid))
            return lastMemory
        } catch {
            failure = RedisCache.explain(error, server: server)
            throw failure!
        }
    }

    public func finish() throws(ProductError) -> ProductReport {
        defer { server.stop() }
        if let failure { throw failure }
        let general: [String: String]
        do throws(ProductError) {
            _ = try readMemory()
            general = try stats("stats\r\n")
        } catch {
            throw RedisCache.explain(error, server: server)
        }
        guard let hits = Int(general["get_hits"] ?? ""), let misses = Int(general["get_misses"] ?? ""),
            let evicted = Int(general["evictions"] ?? ""), let items = Int(general["total_items"] ?? "")
        else { throw ProductError("memcached's stats lacks get_hits, get_misses, evictions or total_items") }
        guard hits == clientHits, misses == clientMisses else {
            throw ProductError(
                "the client and memcached disagree: the client counted \(clientHits) hits and \(clientMisses) misses, memcached's stats says get_hits \(hits), get_misses \(misses)"
            )
        }
        guard items == stored else {
            throw ProductError(
                "the client and memcached disagree: memcached stored \(stored) sets for the client, its stats says total_items \(items)"
            )
        }
        let expectedItems = stored - evicted - deletions
        guard storedUnconditionally || count == expectedItems else {
            throw ProductError(
                "the client and memcached disagree: \(stored) items stored, \(deletions) deleted and \(evicted) evicted leave \(expectedItems), but curr_items says \(count)"
            )
        }
        return ProductReport(
            product: version, address: connection.address.description, configuration: settings, clock: "wall",
            clockSlips: 0, pipeline: driver.pipeline, memoryLimitBytes: Int(general["limit_maxbytes"] ?? ""),
            client: ProductCounters(hits: clientHits, misses: clientMisses, sets: stored, rejectedSets: rejectedSets),
            server: ProductCounters(hits: hits, misses: misses, sets: items, evictions: evicted, keys: count))
    }
}

/// The resident set of process `pid` from /proc/PID/statm, or 0.
func residentSetBytes(of pid: pid_t) -> Int {
    guard let text = ListeningSockets.procText("/proc/\(pid)/statm") else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
