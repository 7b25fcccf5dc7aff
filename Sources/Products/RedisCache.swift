import Caches
import Foundation

/// A real Redis server as a cache under test: `redis-server` started by the
/// harness in a private directory, reached over a Unix socket (or
/// 127.0.0.1), driven as a look-aside client drives it, and stopped at the
/// end.
///
/// **Started safely.** Its configuration file (mode 0600, in the 0700
/// directory) sets a random password, keeps protected mode on, binds only
/// 127.0.0.1 when TCP is asked for (else no TCP at all), and turns
/// persistence off (no RDB snapshots, no AOF). `maxmemory` is the run's
/// byte capacity (none: the map that never evicts), with the
/// `maxmemory-policy`, `maxmemory-samples` and LFU settings given. `hz 100`
/// refreshes the LRU clock every 10 ms instead of every 100.
///
/// **One request at a time, pipelined.** Each request is one `EVALSHA` of
/// a script that GETs the key and, on a miss, SETs a value of the
/// request's size: Redis runs a script whole, so a pipelined batch of them
/// is, request for request, the one-at-a-time sequence `GET`, `SET` on a
/// miss — a key repeated in a batch sees its own earlier set, and eviction
/// happens where it would (before the next command, as Redis does). The
/// script's `GET` counts in the server's `keyspace_hits` and
/// `keyspace_misses`, which must equal the client's counts at the end. The
/// timed requests are a plain `GET` and, on a miss, a plain `SET`, so the
/// latency histograms hold real round trips.
///
/// **Lifetimes.** With `"expiry": "stream"` (which needs `"clock":
/// "virtual"`), every set carries its request's lifetime as `PXAT`, the
/// wall-clock moment the pacer maps the end of the lifetime to (see
/// ``VirtualClockPacer/wallDeadline(requestTime:)``), so Redis expires,
/// lazily and by its active cycle, what the simulation expires. At the end
/// a `SCAN` of the whole keyspace reclaims what has expired and not yet
/// been reclaimed, and `expired_keys` is the server's count of expiries,
/// which goes into the key count cross-check.
///
/// A client of its own (RESP over a socket): the protocol is small, no
/// maintained Swift Redis client is in the package mirror this project
/// builds from, and a client written for the replay can pipeline scripts
/// and check every reply.
public final class RedisCache: ProductCache {
    public let capacity: Capacity
    /// The server process (for tests: its pid, its directory).
    let server: ServerProcess
    /// This run's password (for tests that connect on their own).
    let password: String
    private let connection: SocketConnection
    private let version: String
    private let scriptDigest: [UInt8]
    private var driver: PipelinedReplay
    private let settings: [String: String]
    private let maximumBytes: Int?
    private let models: [ModelRequest]

    private var clientHits = 0
    private var clientMisses = 0
    private var rejectedSets = 0
    /// Lookups by ``holds(_:now:)``, which the server counts as hits or misses.
    private var probeHits = 0
    private var probeMisses = 0
    /// Whether a store of a key that may have been resident happened (a
    /// trace's write), which makes the resident-key check inexact.
    private var storedUnconditionally = false
    /// The key the last timed `GET` missed, whose `SET` follows.
    private var missedKey: UInt64?
    private var deletions = 0
    /// Whether sets carry the stream's lifetimes (`"expiry": "stream"`).
    private var honoursLifetimes = false
    public private(set) var failure: ProductError?

    /// The latest figures read from the server.
    public private(set) var count = 0
    public private(set) var evictions = 0
    /// Keys Redis expired (`expired_keys`), as of the latest figures.
    public private(set) var expirations = 0
    private var lastMemory = ProductMemory(entries: 0, datasetBytes: 0, allocatorBytes: 0, rssBytes: 0)

    /// The script each request runs: GET, and on a miss SET a value of
    /// ARGV[1] bytes; returns the value of a hit, or nil.
    /// With ARGV[2], the set expires at that wall-clock millisecond (`PXAT`).
    static let script = """
        local value = redis.call('GET', KEYS[1])
        if value then return value end
        if ARGV[2] then
          redis.call('SET', KEYS[1], string.rep('x', tonumber(ARGV[1])), 'PXAT', ARGV[2])
        else
          redis.call('SET', KEYS[1], string.rep('x', tonumber(ARGV[1])))
        end
        return false
        """

    /// Starts a server for `configuration` (its options as the `redis`
    /// descriptor declares them) and connects to it.
    public init(_ configuration: CacheConfiguration) throws(ProductError) {
        capacity = configuration.capacity
        switch configuration.capacity {
        case .bytes(let n): maximumBytes = n
        case .unbounded: maximumBytes = nil
        case .entries:
            throw ProductError(
                "Redis bounds memory, not entries: give \"capacityBytes\" (its maxmemory), or none for no maxmemory")
        }
        let binary = try ServerBinary.locate(configuration.word("server"), package: "redis-server")
        let transport = try ServerTransport(configuration)
        let policy = configuration.word("maxmemoryPolicy")
        let clock = configuration.word("clock")
        let password = ServerLaunch.randomPassword()
        self.password = password
        var settings: [String: String] = [
            "maxmemory": String(maximumBytes ?? 0), "maxmemory-policy": policy,
            "maxmemory-samples": String(configuration.integer("samples")),
            "lfu-log-factor": String(configuration.integer("lfuLogFactor")),
            "lfu-decay-time": String(configuration.integer("lfuDecayTime")),
            "save": "\"\"", "appendonly": "no", "protected-mode": "yes", "hz": "100", "databases": "1",
        ]
        let (server, connection) = try ServerLaunch.launch(
            product: "redis", binary: binary, transport: transport, socketName: "sock",
            files: { address, directory in
                var lines = settings.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                switch address {
                case .unix(let path):
                    lines += ["port 0", "unixsocket \(path)", "unixsocketperm 700"]
                case .loopback(let port):
                    lines += ["port \(port)", "bind 127.0.0.1"]
                }
                lines += [
                    "requirepass \(password)", "dir \(directory.path)", "daemonize no", "logfile \"\"",
                    "always-show-logo no",
                ]
                return ["redis.conf": lines.joined(separator: "\n") + "\n"]
            },
            arguments: { _, directory in [directory.appendingPathComponent("redis.conf").path] },
            handshake: { connection throws(ProductError) in
                try Self.command(connection, ["AUTH", password])
                try Self.expectSimple(connection, "AUTH")
            })
        self.server = server
        self.connection = connection
        switch transport.kind {
        case .unix: settings["unixsocket"] = "(private directory, mode 700)"
        case .tcp: settings["bind"] = "127.0.0.1"
        }
        settings["requirepass"] = "(random, this run only)"
        self.settings = settings
        do {
            try Self.command(connection, ["SCRIPT", "LOAD", Self.script])
            let digest = try Self.bulk(connection, "SCRIPT LOAD")
            scriptDigest = Array(digest.utf8)
            version = "redis-server " + (try Self.info(connection, "server")["redis_version"] ?? "?")
        } catch {
            server.stop()
            throw error
        }
        driver = PipelinedReplay(
            pipeline: configuration.integer("pipeline"), distinctKeys: false,
            pacer: clock == "virtual" ? VirtualClockPacer(alignsMinutes: policy.hasSuffix("lfu")) : nil)
        switch policy {
        case "allkeys-lru":
            models = [
                ModelRequest("lru"),
                ModelRequest("redis-lru", ["samples": .number(Double(configuration.integer("samples")))]),
            ]
        case "allkeys-lfu":
            models = [
                ModelRequest("lru"),
                ModelRequest(
                    "redis-lfu",
                    [
                        "samples": .number(Double(configuration.integer("samples"))),
                        "lfuLogFactor": .number(Double(configuration.integer("lfuLogFactor"))),
                        "lfuDecayTime": .number(Double(configuration.integer("lfuDecayTime"))),
                    ]),
            ]
        case "allkeys-random": models = [ModelRequest("lru"), ModelRequest("random")]
        default: models = []
        }
    }

    deinit { server.stop() }

    /// Where the server listens (for tests that connect on their own).
    var address: ServerAddress { connection.address }

    public var comparisonModels: [ModelRequest] {
        guard maximumBytes != nil else { return [] }
        guard honoursLifetimes else { return models }
        return models.map { model in
            var expiring = model
            expiring.options[PolicyOption.expiry.name] = "stream"
            return expiring
        }
    }

    /// Whether entries expire: with the stream's lifetimes honoured.
    public var expires: Bool { honoursLifetimes }

    /// Makes every later set carry its request's lifetime; only with the
    /// server on request time (`"clock": "virtual"`), before any request.
    public func honourLifetimes() -> Bool {
        guard driver.pacer != nil, clientHits + clientMisses == 0 else { return false }
        honoursLifetimes = true
        return true
    }

    // MARK: Replay

    private var isStopped: () -> Bool { { [server] in !server.isRunning } }

    /// Runs `body`; a failure stops this product for good.
    private func serving(_ body: () throws(ProductError) -> Void) {
        guard failure == nil else { return }
        do throws(ProductError) {
            try body()
        } catch {
            failure = Self.explain(error, server: server)
        }
    }

    /// The error, with what became of the server if it is gone (a
    /// connection closes a moment before its process can be reaped).
    static func explain(_ error: ProductError, server: ServerProcess) -> ProductError {
        var status = server.exitStatus
        for _ in 0..<100 where status == nil {
            usleep(10_000)
            status = server.exitStatus
        }
        guard let status else { return error }
        return ProductError("\(server.name) \(ServerProcess.describe(status: status)) during the run (\(error))")
    }

    public func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>, times: UnsafeBufferPointer<Int64>,
        tally: inout ReplayTally
    ) {
        serving { () throws(ProductError) in
            try driver.replay(keys: keys, sizes: sizes, times: times, tally: &tally, isStopped: isStopped) {
                range, hits, _ throws(ProductError) in
                for i in range { appendScriptCall(key: keys[i], size: Int(sizes[i]), deadline: nil) }
                try connection.flush()
                for _ in range { hits.append(try readScriptReply()) }
            }
        }
    }

    /// The pipelined replay with each set's lifetime as `PXAT`, logging the
    /// misses (Redis's expiries are its own, counted at the end).
    public func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>, times: UnsafeBufferPointer<Int64>,
        lifetimes: UnsafeBufferPointer<Int64>?, log: inout ReplayLog, tally: inout ReplayTally
    ) {
        serving { () throws(ProductError) in
            try driver.replay(keys: keys, sizes: sizes, times: times, tally: &tally, isStopped: isStopped) {
                range, hits, pacer throws(ProductError) in
                for i in range {
                    let lifetime = honoursLifetimes ? lifetimes?[i] ?? 0 : 0
                    let deadline = lifetime > 0 ? pacer?.wallDeadline(requestTime: times[i] &+ lifetime) : nil
                    appendScriptCall(key: keys[i], size: Int(sizes[i]), deadline: deadline)
                }
                try connection.flush()
                for i in range {
                    let hit = try readScriptReply()
                    hits.append(hit)
                    if !hit { log.misses.append(Int32(truncatingIfNeeded: i)) }
                }
            }
        }
    }

    private func appendScriptCall(key: UInt64, size: Int, deadline: Int64?) {
        connection.append(deadline == nil ? "*5\r\n$7\r\nEVALSHA\r\n$40\r\n" : "*6\r\n$7\r\nEVALSHA\r\n$40\r\n")
        connection.output.append(contentsOf: scriptDigest)
        connection.append("\r\n$1\r\n1\r\n")
        appendBulk(key)
        appendBulk(size)
        if let deadline { appendBulk(deadline) }
    }

    /// A key or a size as a RESP bulk string of its decimal digits.
    private func appendBulk<T: BinaryInteger>(_ value: T) {
        connection.append("$")
        connection.appendDecimal(decimalLength(UInt64(value)))
        connection.append("\r\n")
        connection.appendDecimal(value)
        connection.append("\r\n")
    }

    /// One script reply: a value (a hit), nil (a miss), or an OOM error (a
    /// miss whose set was refused).
    private func readScriptReply() throws(ProductError) -> Bool {
        let line = try connection.readLine()
        guard !line.isEmpty else { throw ProductError("Redis sent an empty reply line") }
        switch connection[line.lowerBound] {
        case UInt8(ascii: "$"):
            guard let length = connection.integer(line.dropFirst()) else {
                throw ProductError("Redis sent a malformed bulk reply: \(connection.text(line))")
            }
            if length < 0 {
                clientMisses += 1
                return false
            }
            try connection.skip(length + 2)
            clientHits += 1
            return true
        case UInt8(ascii: "-"):
            let message = connection.text(line.dropFirst())
            guard message.hasPrefix("OOM") else { throw ProductError("Redis refused a request: \(message)") }
            clientMisses += 1
            rejectedSets += 1
            return false
        default:
            throw ProductError("Redis sent an unexpected reply: \(connection.text(line))")
        }
    }

    public func lookup(_ key: UInt64, now: Int64) -> Bool {
        var hit = false
        serving { () throws(ProductError) in
            driver.enter(time: now, isStopped: isStopped)
            connection.append("*2\r\n$3\r\nGET\r\n")
            appendBulk(key)
            try connection.flush()
            let reply = try Self.optionalBulkLength(connection, "GET")
            hit = reply != nil
            if hit { clientHits += 1 } else { clientMisses += 1 }
            missedKey = hit ? nil : key
        }
        return hit
    }

    /// A `SET`: the set after a timed miss, or a trace's write of a key
    /// that may be resident.
    public func admit(_ key: UInt64, size: Int, now: Int64) { admit(key, size: size, now: now, lifetime: 0) }

    /// A `SET` living `lifetime` (as `PXAT`, when lifetimes are honoured).
    public func admit(_ key: UInt64, size: Int, now: Int64, lifetime: Int64) {
        if missedKey != key { storedUnconditionally = true }
        missedKey = nil
        serving { () throws(ProductError) in
            driver.enter(time: now, isStopped: isStopped)
            let deadline =
                honoursLifetimes && lifetime > 0 ? driver.pacer?.wallDeadline(requestTime: now &+ lifetime) : nil
            connection.append(deadline == nil ? "*3\r\n$3\r\nSET\r\n" : "*5\r\n$3\r\nSET\r\n")
            appendBulk(key)
            connection.append("$")
            connection.appendDecimal(size)
            connection.append("\r\n")
            connection.output.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: size))
            connection.append("\r\n")
            if let deadline {
                connection.append("$4\r\nPXAT\r\n")
                appendBulk(deadline)
            }
            try connection.flush()
            let line = try connection.readLine()
            if connection.text(line).hasPrefix("-OOM") {
                rejectedSets += 1
            } else if connection.text(line) != "+OK" {
                throw ProductError("Redis refused SET: \(connection.text(line))")
            }
        }
    }

    @discardableResult
    public func discard(_ key: UInt64) -> Bool {
        var removed = false
        serving { () throws(ProductError) in
            connection.append("*2\r\n$3\r\nDEL\r\n")
            appendBulk(key)
            try connection.flush()
            removed = try Self.integer(connection, "DEL") == 1
            if removed { deletions += 1 }
        }
        return removed
    }

    /// Whether the key is resident (`EXISTS`, which moves nothing but which
    /// Redis counts as a hit or a miss; the cross-check allows for it).
    public func holds(_ key: UInt64, now: Int64) -> Bool {
        var found = false
        serving { () throws(ProductError) in
            connection.append("*2\r\n$6\r\nEXISTS\r\n")
            appendBulk(key)
            try connection.flush()
            found = try Self.integer(connection, "EXISTS") == 1
            if found { probeHits += 1 } else { probeMisses += 1 }
        }
        return found
    }

    public var residentBytes: Int { lastMemory.datasetBytes }
    public var storageBytes: Int { lastMemory.datasetBytes }

    // MARK: Measurement

    /// The server's figures at one moment: `DBSIZE`, `INFO stats` and
    /// `INFO memory` in one `MULTI`/`EXEC`, which Redis runs whole. Read
    /// one by one they would not add up: Redis evicts between commands (its
    /// replies take memory, and an eviction cut short by its time budget
    /// goes on in the background), so `evicted_keys` read after `DBSIZE`
    /// can count keys that `DBSIZE` still saw.
    private struct Snapshot {
        var keys: Int
        var stats: [String: String]
        var memory: [String: String]
    }

    private func snapshot() throws(ProductError) -> Snapshot {
        try Self.command(connection, ["MULTI"])
        try Self.expectSimple(connection, "MULTI")
        for words in [["DBSIZE"], ["INFO", "stats"], ["INFO", "memory"]] {
            try Self.command(connection, words)
            try Self.expectSimple(connection, words.joined(separator: " "))
        }
        try Self.command(connection, ["EXEC"])
        let head = try Self.replyLine(connection, "EXEC")
        guard connection.text(head) == "*3" else {
            throw ProductError("Redis sent an unexpected reply to EXEC: \(connection.text(head))")
        }
        let keys = try Self.integer(connection, "DBSIZE")
        let stats = Self.fields(try Self.bulk(connection, "INFO stats"))
        let memory = Self.fields(try Self.bulk(connection, "INFO memory"))
        return Snapshot(keys: keys, stats: stats, memory: memory)
    }

    /// Reads the server's figures; a failure is the product's failure.
    private func measure() throws(ProductError) -> Snapshot {
        if let failure { throw failure }
        do throws(ProductError) {
            let snapshot = try snapshot()
            count = snapshot.keys
            evictions = Int(snapshot.stats["evicted_keys"] ?? "") ?? evictions
            expirations = Int(snapshot.stats["expired_keys"] ?? "") ?? expirations
            lastMemory = ProductMemory(
                entries: count, datasetBytes: Int(snapshot.memory["used_memory_dataset"] ?? "") ?? 0,
                allocatorBytes: Int(snapshot.memory["used_memory"] ?? "") ?? 0,
                rssBytes: Int(snapshot.memory["used_memory_rss"] ?? "") ?? 0)
            return snapshot
        } catch {
            failure = Self.explain(error, server: server)
            throw failure!
        }
    }

    public func readMemory() throws(ProductError) -> ProductMemory? {
        _ = try measure()
        return lastMemory
    }

    public func finish() throws(ProductError) -> ProductReport {
        defer { server.stop() }
        if honoursLifetimes { try reclaimExpired() }
        let snapshot = try measure()
        let stats = snapshot.stats
        let limit = Int(snapshot.memory["maxmemory"] ?? "") ?? 0
        guard let hits = Int(stats["keyspace_hits"] ?? ""), let misses = Int(stats["keyspace_misses"] ?? ""),
            let evicted = Int(stats["evicted_keys"] ?? "")
        else { throw ProductError("Redis's INFO stats lacks keyspace_hits, keyspace_misses or evicted_keys") }
        let client = ProductCounters(
            hits: clientHits, misses: clientMisses, sets: clientMisses - rejectedSets, rejectedSets: rejectedSets)
        var serverCounts = ProductCounters(hits: hits, misses: misses, evictions: evicted, keys: count)
        if honoursLifetimes { serverCounts.expirations = Int(stats["expired_keys"] ?? "") ?? 0 }
        guard hits == clientHits + probeHits, misses == clientMisses + probeMisses else {
            throw ProductError(
                "the client and Redis disagree: the client counted \(clientHits) hits and \(clientMisses) misses (and \(probeHits + probeMisses) EXISTS), Redis's INFO stats says keyspace_hits \(hits), keyspace_misses \(misses)"
            )
        }
        let expired = Int(stats["expired_keys"] ?? "") ?? 0
        let expectedKeys = clientMisses - rejectedSets - evicted - deletions - expired
        guard storedUnconditionally || count == expectedKeys else {
            throw ProductError(
                "the client and Redis disagree: \(clientMisses - rejectedSets) keys were set, \(deletions) deleted, Redis evicted \(evicted) and expired \(expired), which leaves \(expectedKeys), but DBSIZE says \(count)"
            )
        }
        return ProductReport(
            product: version, address: connection.address.description, configuration: settings,
            clock: driver.pacer == nil ? "wall" : "virtual", clockSlips: driver.clockSlips, pipeline: driver.pipeline,
            memoryLimitBytes: limit > 0 ? limit : nil, client: client, server: serverCounts)
    }

    /// Walks the whole keyspace with `SCAN`, which removes each expired key
    /// it meets (counted in `expired_keys`, not as a hit or a miss), so the
    /// server's count of expiries covers every lifetime over by now, as the
    /// simulation's sweep does.
    private func reclaimExpired() throws(ProductError) {
        var cursor = "0"
        repeat {
            try Self.command(connection, ["SCAN", cursor, "COUNT", "1000"])
            let header = try connection.readLine()
            guard connection.text(header) == "*2" else {
                throw ProductError("Redis answered SCAN with \(connection.text(header))")
            }
            cursor = try Self.bulk(connection, "SCAN")
            let line = try connection.readLine()
            guard line.count > 1, connection[line.lowerBound] == UInt8(ascii: "*"),
                let keys = connection.integer(line.dropFirst())
            else { throw ProductError("Redis sent a malformed SCAN reply: \(connection.text(line))") }
            for _ in 0..<max(0, keys) { _ = try Self.bulk(connection, "SCAN") }
        } while cursor != "0"
    }

    // MARK: Protocol

    /// Appends a command as a RESP array of bulk strings and sends it.
    static func command(_ connection: SocketConnection, _ words: [String]) throws(ProductError) {
        connection.append("*")
        connection.appendDecimal(words.count)
        connection.append("\r\n")
        for word in words {
            let bytes = Array(word.utf8)
            connection.append("$")
            connection.appendDecimal(bytes.count)
            connection.append("\r\n")
            connection.output.append(contentsOf: bytes)
            connection.append("\r\n")
        }
        try connection.flush()
    }

    /// The next reply as a line, refusing an error reply.
    private static func replyLine(_ connection: SocketConnection, _ command: String) throws(ProductError) -> Range<Int>
    {
        let line = try connection.readLine()
        guard !line.isEmpty else { throw ProductError("Redis sent an empty reply to \(command)") }
        if connection[line.lowerBound] == UInt8(ascii: "-") {
            throw ProductError("Redis refused \(command): \(connection.text(line.dropFirst()))")
        }
        return line
    }

    static func expectSimple(_ connection: SocketConnection, _ command: String) throws(ProductError) {
        let line = try replyLine(connection, command)
        guard connection[line.lowerBound] == UInt8(ascii: "+") else {
            throw ProductError("Redis sent an unexpected reply to \(command): \(connection.text(line))")
        }
    }

    static func integer(_ connection: SocketConnection, _ command: String) throws(ProductError) -> Int {
        let line = try replyLine(connection, command)
        guard connection[line.lowerBound] == UInt8(ascii: ":"), let value = connection.integer(line.dropFirst())
        else { throw ProductError("Redis sent an unexpected reply to \(command): \(connection.text(line))") }
        return value
    }

    /// The length of a bulk reply (its bytes skipped), or nil for a nil reply.
    static func optionalBulkLength(_ connection: SocketConnection, _ command: String) throws(ProductError) -> Int? {
        let line = try replyLine(connection, command)
        guard connection[line.lowerBound] == UInt8(ascii: "$"), let length = connection.integer(line.dropFirst())
        else { throw ProductError("Redis sent an unexpected reply to \(command): \(connection.text(line))") }
        guard length >= 0 else { return nil }
        try connection.skip(length + 2)
        return length
    }

    static func bulk(_ connection: SocketConnection, _ command: String) throws(ProductError) -> String {
        let line = try replyLine(connection, command)
        guard connection[line.lowerBound] == UInt8(ascii: "$"), let length = connection.integer(line.dropFirst()),
            length >= 0
        else { throw ProductError("Redis sent an unexpected reply to \(command): \(connection.text(line))") }
        let text = try connection.readText(length)
        try connection.skip(2)
        return text
    }

    /// `INFO section` as a dictionary of its `field:value` lines.
    static func info(_ connection: SocketConnection, _ section: String) throws(ProductError) -> [String: String] {
        try command(connection, ["INFO", section])
        return fields(try bulk(connection, "INFO \(section)"))
    }

    /// An `INFO` text's `field:value` lines as a dictionary.
    static func fields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = String(line[line.index(after: colon)...])
        }
        return fields
    }
}
