import Caches
import Foundation
import TestSupport
import Testing

@testable import Products

#if canImport(Glibc)
import Glibc
#endif

/// A server the harness starts listens on 127.0.0.1 or a private Unix
/// socket and nowhere else, asks for this run's password (Redis, with
/// protected mode on and persistence off), keeps its files in a 0700
/// directory, and is gone with that directory when the run ends — finished,
/// dropped, or failed. Checked on the real binaries through /proc and
/// their own configuration.
@Suite("Servers are started safely and always stopped")
struct ServerSafetyTests {
    @Test("Redis over TCP listens on 127.0.0.1 only, wants the password, keeps protected mode on and writes nothing")
    func redisOverTCP() throws {
        let redis = try Servers.redis(["transport": .word("tcp")], capacity: .bytes(8 << 20))
        guard case .loopback(let port) = redis.address else {
            Issue.record("asked for TCP, got \(redis.address)")
            return
        }
        #expect(ListeningSockets.of(redis.server.pid) == [.tcp(address: "127.0.0.1", port: port)])

        let stranger = try Servers.connect(redis.address)
        #expect(try Servers.ask(stranger, "PING\r\n").hasPrefix("-NOAUTH"), "a client without the password is refused")
        #expect(try Servers.ask(stranger, "AUTH not-the-password\r\n").hasPrefix("-WRONGPASS"))
        #expect(redis.password.count == 64 && redis.password.allSatisfy(\.isHexDigit))

        let own = try Servers.connect(redis.address)
        #expect(try Servers.ask(own, "AUTH \(redis.password)\r\n") == "+OK")
        for (setting, expected) in [
            ("protected-mode", "yes"), ("bind", "127.0.0.1"), ("save", ""), ("appendonly", "no"),
            ("maxmemory", String(8 << 20)), ("dir", redis.server.directory.path),
        ] {
            try RedisCache.command(own, ["CONFIG", "GET", setting])
            #expect(try Servers.bulks(own) == [setting, expected], "\(setting)")
        }
        let directory = redis.server.directory.path
        #expect(Servers.permissions(directory) == 0o700)
        #expect(Servers.permissions("\(directory)/redis.conf") == 0o600)

        let pid = redis.server.pid
        _ = try redis.finish()
        #expect(Servers.isGone(pid))
        #expect(!FileManager.default.fileExists(atPath: directory), "its directory is removed")
    }

    @Test("Redis on a Unix socket has no TCP port at all; the socket is its owner's only")
    func redisOnUnixSocket() throws {
        let redis = try Servers.redis()
        guard case .unix(let path) = redis.address else {
            Issue.record("the default transport is a Unix socket, got \(redis.address)")
            return
        }
        #expect(path.hasPrefix(redis.server.directory.path + "/"))
        #expect(ListeningSockets.of(redis.server.pid) == [.unix(path: path)])
        #expect(Servers.permissions(path) == 0o700)
        _ = try redis.finish()
    }

    @Test("memcached over TCP listens on 127.0.0.1 only, UDP off; on a Unix socket it has no network at all")
    func memcachedListens() throws {
        let tcp = try Servers.memcached(["transport": .word("tcp")])
        guard case .loopback(let port) = tcp.address else {
            Issue.record("asked for TCP, got \(tcp.address)")
            return
        }
        #expect(ListeningSockets.of(tcp.server.pid) == [.tcp(address: "127.0.0.1", port: port)])
        _ = try tcp.finish()

        let unix = try Servers.memcached()
        guard case .unix(let path) = unix.address else {
            Issue.record("the default transport is a Unix socket, got \(unix.address)")
            return
        }
        #expect(ListeningSockets.of(unix.server.pid) == [.unix(path: path)])
        #expect(Servers.permissions(path) == 0o700)
        #expect(Servers.permissions(unix.server.directory.path) == 0o700)
        _ = try unix.finish()
    }

    @Test("a product dropped without finishing stops its server and removes its directory")
    func droppedProductStopsItsServer() throws {
        var pids: [pid_t] = []
        var directories: [String] = []
        do {
            let redis = try Servers.redis()
            let memcached = try Servers.memcached()
            pids = [redis.server.pid, memcached.server.pid]
            directories = [redis.server.directory.path, memcached.server.directory.path]
            _ = replay(redis, Array(0..<100))
            _ = replay(memcached, Array(0..<100))
            #expect(pids.allSatisfy { !Servers.isGone($0) })
        }
        #expect(pids.allSatisfy(Servers.isGone), "no server outlives its product")
        #expect(directories.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
    }

    @Test("a server killed mid-run is a failure that names it; the run's checks refuse to go on")
    func killedServerIsAFailure() throws {
        for product in [try Servers.redis() as any ProductCache, try Servers.memcached()] {
            let server = (product as? RedisCache)?.server ?? (product as! MemcachedCache).server
            _ = replay(product, Array(0..<1_000))
            #expect(product.failure == nil)
            kill(server.pid, SIGKILL)
            _ = replay(product, Array(0..<1_000))
            let failure = try #require(product.failure, "\(server.name): a dead server must be noticed")
            #expect(failure.description.contains("\(server.name) killed by signal 9 during the run"), "\(failure)")
            #expect(throws: ProductError.self) { try product.finish() }
            #expect(!FileManager.default.fileExists(atPath: server.directory.path))
        }
    }

    @Test("a binary that exits at once, or cannot be run, is refused with the reason; nothing is left")
    func serverThatCannotStart() throws {
        let before = Set(ServerProcess.running.map(\.pid))
        let failing = #expect(throws: ProductError.self) { try Servers.redis(["server": .word("/bin/false")]) }
        #expect(failing?.description.contains("/bin/false could not start: it exited with status 1") == true)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cachesim-noexec-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let notExecutable = folder.appendingPathComponent("memcached")
        try Data("#!/bin/sh\n".utf8).write(to: notExecutable)
        let refused = #expect(throws: ProductError.self) {
            try Servers.memcached(["server": .word(notExecutable.path)])
        }
        #expect(refused?.description.contains("is not executable") == true, "\(String(describing: refused))")
        // Other tests start real servers meanwhile: only one of these two
        // binaries' would be this test's (the second is refused before it is started).
        let left = ServerProcess.running.filter { !before.contains($0.pid) && $0.name == "false" }
        #expect(left.isEmpty, "no server registered as running: \(left.map(\.pid))")
    }

    @Test("a port another process holds is refused before a server starts")
    func portInUse() throws {
        let held = try #require(HeldPort())
        defer { withExtendedLifetime(held) {} }  // held until the test ends
        let port = held.port
        for make in [
            { () throws -> any ProductCache in
                try Servers.redis(["transport": .word("tcp"), "port": .number(Double(port))])
            },
            { () throws -> any ProductCache in
                try Servers.memcached(["transport": .word("tcp"), "port": .number(Double(port))])
            },
        ] {
            let error = #expect(throws: ProductError.self) { _ = try make() }
            #expect(error?.description.contains("port \(port) on 127.0.0.1 is in use") == true)
        }
    }
}

extension ServerSafetyTests {
    @Test("every listening socket is found, however many pages /proc/net/unix takes")
    func listeningSocketsPastTheFirstPage() throws {
        let folder = "/tmp/cachesim-sockets-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var descriptors: [Int32] = []
        defer { descriptors.forEach { close($0) } }
        var paths: Set<String> = []
        // 120 listening sockets: their lines alone take more than a 4 KiB page.
        for i in 0..<120 {
            let path = "\(folder)/s\(i)"
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            try #require(fd >= 0)
            descriptors.append(fd)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                raw.copyBytes(from: Array(path.utf8))
                raw[path.utf8.count] = 0
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
                }
            }
            try #require(bound && listen(fd, 1) == 0)
            paths.insert(path)
        }
        let table = try #require(ListeningSockets.procText("/proc/net/unix"))
        #expect(table.utf8.count > 4_096)
        let found = Set(
            ListeningSockets.of(getpid()).compactMap { endpoint -> String? in
                if case .unix(let path) = endpoint, path.hasPrefix(folder) { return path }
                return nil
            })
        #expect(found == paths, "\(paths.subtracting(found).count) of 120 not found")
    }
}
