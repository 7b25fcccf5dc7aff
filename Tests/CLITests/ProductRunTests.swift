import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `cachesim run` with real servers (Debian's redis-server and memcached,
/// which Scripts/install-deps installs): the seed's story told by Redis's
/// own figures, and every fault — a missing binary, one that will not
/// start, a port in use, a server killed mid-run, an interruption — ends
/// with a clear message, exit 2 (130 when interrupted), nothing written and
/// no server left running.
///
/// Each run gets an environment variable of its own, which every process
/// it starts inherits, and a temporary folder of its own, where its servers'
/// private directories go: a process still carrying the variable or naming
/// the folder afterwards is one the run left behind. One at a time: the
/// runs are heavy, and servers start slowly on a loaded machine.
@Suite("cachesim run with real servers", .serialized)
struct ProductRunTests {
    /// A run's folder, marker and environment.
    struct Sandbox {
        let folder: URL
        let marker = "CACHESIM_TEST_RUN=\(UUID().uuidString)"
        var environment: [String: String] {
            let parts = marker.split(separator: "=")
            return [String(parts[0]): String(parts[1]), "TMPDIR": folder.path]
        }

        init(spec: String) throws { folder = try temporaryFolder(["s.json": spec]) }

        /// Processes whose environment holds the marker, or whose command
        /// line names the folder (redis-server writes its title over its
        /// environment).
        var markedProcesses: [pid_t] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return names.compactMap { name -> pid_t? in
                guard let pid = pid_t(name), pid != getpid() else { return nil }
                let environment = FileManager.default.contents(atPath: "/proc/\(name)/environ") ?? Data()
                let commandLine = FileManager.default.contents(atPath: "/proc/\(name)/cmdline") ?? Data()
                let entries = environment.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
                let marked =
                    entries.contains(marker) || String(decoding: commandLine, as: UTF8.self).contains(folder.path)
                return marked ? pid : nil
            }
        }

        /// The marked process running `binary` (redis-server, memcached).
        func server(named binary: String) -> pid_t? {
            markedProcesses.first { pid in
                let comm = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? ""
                return comm.trimmingCharacters(in: .whitespacesAndNewlines) == binary
            }
        }

        /// Servers' private directories left in the temporary folder.
        var serverDirectories: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
                $0.hasPrefix("cachesim-server-")
            }
        }

        /// Checks that nothing of the run is left: no result, no process,
        /// no server directory.
        func expectNothingLeft(_ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(
                !FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path),
                "\(context): a result was written", sourceLocation: sourceLocation)
            #expect(
                markedProcesses.isEmpty, "\(context): left running: \(markedProcesses)", sourceLocation: sourceLocation)
            #expect(serverDirectories.isEmpty, "\(context): left \(serverDirectories)", sourceLocation: sourceLocation)
        }
    }

    static func spec(requests: Int, keys: String, caches: String) -> String {
        """
        { "name": "products", "seed": 3, "requests": \(requests), "keys": \(keys),
          "sizes": { "distribution": "fixed", "bytes": 100 }, "caches": [ \(caches) ] }
        """
    }

    @Test("unique ids through Redis: without maxmemory it grows, with maxmemory and allkeys-lru it plateaus there")
    func uniqueIDsThroughRedis() throws {
        let sandbox = try Sandbox(
            spec: Self.spec(
                requests: 150_000, keys: #"{ "source": "unique", "repeats": 3, "window": 300 }"#,
                caches: #"{ "policy": "redis" }, { "policy": "redis", "capacityBytes": "4MiB" }"#))
        let run = try CommandRunner.run(
            ["run", "s.json", "--out", "out", "--quiet"], in: sandbox.folder, environment: sandbox.environment)
        try #require(run.status == 0, "\(run.stderr)")
        let data = try Data(contentsOf: sandbox.folder.appendingPathComponent("out/result.json"))
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let runs = try #require(result["runs"] as? [[String: Any]])
        try #require(runs.count == 2)
        var verdicts: [String] = []
        for run in runs {
            let memory = try #require(run["memory"] as? [String: Any])
            let verdict = try #require(memory["verdict"] as? [String: Any])
            verdicts.append(try #require(verdict["kind"] as? String))
            let product = try #require(run["product"] as? [String: Any])
            let client = try #require(product["client"] as? [String: Any])
            let server = try #require(product["server"] as? [String: Any])
            #expect(client["hits"] as? Int == server["hits"] as? Int && client["hits"] as? Int == run["hits"] as? Int)
            #expect(client["misses"] as? Int == server["misses"] as? Int)
            if verdict["kind"] as? String == "plateau" {
                // The level is Redis's used_memory, held at maxmemory.
                let level = try #require(verdict["plateauBytes"] as? Double)
                #expect(abs(level - 4_194_304) < 0.05 * 4_194_304, "plateau at \(level) bytes")
                #expect(product["memoryLimitBytes"] as? Int == 4_194_304)
                let models = try #require(product["models"] as? [[String: Any]])
                #expect(models.map { $0["policy"] as? String } == ["lru", "redis-lru"])
            } else {
                let peak = try #require(memory["peakAllocatorBytes"] as? Int)
                #expect(peak > 2 * 4_194_304, "without maxmemory Redis holds every key: \(peak) bytes")
            }
        }
        #expect(verdicts == ["grows", "plateau"])
        #expect(sandbox.markedProcesses.isEmpty && sandbox.serverDirectories.isEmpty)
    }

    @Test("redis-lru, the model, is within half a point of the real server on the same stream and clock")
    func modelBesideServer() throws {
        // 100,000 requests at 25,000 per second of request time: each run
        // takes 4 s of wall time on the virtual clock, two seeds each.
        let sandbox = try Sandbox(
            spec: """
                { "name": "model", "seed": 21, "repeat": 2, "requests": 100000,
                  "keys": { "source": "zipf", "alpha": 0.99, "universe": 100000 },
                  "arrivals": { "process": "poisson", "ratePerSecond": 25000 },
                  "sizes": { "distribution": "fixed", "bytes": 100 },
                  "caches": [ { "policy": "redis", "capacityBytes": "2MiB", "samples": 1, "clock": "virtual" },
                              { "policy": "redis", "capacityBytes": "2MiB", "samples": 5, "clock": "virtual" } ] }
                """)
        let run = try CommandRunner.run(
            ["run", "s.json", "--out", "out", "--quiet", "--jobs", "4"], in: sandbox.folder,
            environment: sandbox.environment)
        try #require(run.status == 0, "\(run.stderr)")
        let data = try Data(contentsOf: sandbox.folder.appendingPathComponent("out/result.json"))
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let runs = try #require(result["runs"] as? [[String: Any]])
        var differences: [String: [Double]] = [:]
        for run in runs {
            let product = try #require(run["product"] as? [String: Any])
            #expect(product["clockSlips"] as? Int == 0, "every request second replayed within its wall second")
            let samples = try #require((product["configuration"] as? [String: String])?["maxmemory-samples"])
            let server = try #require(run["hitRatio"] as? Double)
            let models = try #require(product["models"] as? [[String: Any]])
            let ratio = { (policy: String) in models.first { $0["policy"] as? String == policy }?["hitRatio"] as? Double
            }
            let model = try #require(ratio("redis-lru"))
            let lru = try #require(ratio("lru"))
            #expect(lru - server > 0.02, "sampling on a 1 s clock costs hits: LRU \(lru), Redis \(server)")
            differences[samples, default: []].append(server - model)
        }
        #expect(differences.keys.sorted() == ["1", "5"])
        for (samples, values) in differences {
            let mean = values.reduce(0, +) / Double(values.count)
            #expect(abs(mean) < 0.005, "samples \(samples): Redis − model \(values)")
            #expect(values.allSatisfy { abs($0) < 0.01 }, "samples \(samples): Redis − model \(values)")
        }
        #expect(sandbox.markedProcesses.isEmpty && sandbox.serverDirectories.isEmpty)
    }

    @Test("Redis honouring the stream's lifetimes (PXAT on request time) hits and expires what the simulation does")
    func redisExpiresWhatTheSimulationExpires() throws {
        // A Twitter-format trace of whole-second times and TTLs over 12
        // seconds of request time (so 12 s of wall time): reads, writes and
        // deletes over 30 keys.
        var random = SplitMix64(seed: 19)
        var lines: [String] = []
        for second in 0..<12 {
            for _ in 0..<40 {
                let key = "k\(Int.random(in: 0..<30, using: &random))"
                let ttl = [0, 1, 2, 3, 3][Int.random(in: 0..<5, using: &random)]
                let operation = ["get", "get", "get", "get", "get", "get", "set", "delete"][
                    Int.random(in: 0..<8, using: &random)]
                lines.append("\(1_600_000_000 + second),\(key),3,20,1,\(operation),\(ttl)")
            }
        }
        let sandbox = try Sandbox(
            spec: """
                { "name": "ttl", "keys": { "source": "trace", "path": "twitter-ttl.csv", "format": "twitter" },
                  "caches": [ { "policy": "redis", "clock": "virtual", "expiry": "stream" },
                              { "policy": "unbounded", "expiry": "stream" } ] }
                """)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(
            to: sandbox.folder.appendingPathComponent("twitter-ttl.csv"))
        let run = try CommandRunner.run(
            ["run", "s.json", "--out", "out", "--quiet"], in: sandbox.folder, environment: sandbox.environment)
        try #require(run.status == 0, "\(run.stderr)")
        let data = try Data(contentsOf: sandbox.folder.appendingPathComponent("out/result.json"))
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let runs = try #require(result["runs"] as? [[String: Any]])
        let redis = try #require(runs.first { $0["policy"] as? String == "redis" })
        let simulated = try #require(runs.first { $0["policy"] as? String == "unbounded" })
        let product = try #require(redis["product"] as? [String: Any])
        let server = try #require(product["server"] as? [String: Any])
        try #require(product["clockSlips"] as? Int == 0, "the replay kept up with the clock: \(product)")
        #expect(
            redis["hits"] as? Int == simulated["hits"] as? Int,
            "a key is live in Redis exactly when it is in the simulation")
        let expired = try #require(simulated["expirations"] as? Int)
        #expect(expired > 20, "the trace expires keys: \(expired)")
        #expect(server["expirations"] as? Int == expired, "Redis's expired_keys: \(server)")
        #expect(redis["expirations"] as? Int == expired)
        #expect(redis["missCauses"] == nil, "a server does not say which misses found a key expired")
        #expect(sandbox.markedProcesses.isEmpty && sandbox.serverDirectories.isEmpty, "the server is stopped")
    }

    @Test("a missing binary, one that will not start, or a port in use: exit 2, one line, nothing left")
    func serversThatCannotStart() throws {
        // A port this test holds.
        let held = try #require(HeldPort())
        defer { withExtendedLifetime(held) {} }  // held until the test ends
        let port = held.port
        let cases: [(String, String)] = [
            (
                #"{ "policy": "redis", "capacityBytes": "4MiB", "server": "/nonexistent/redis-server" }"#,
                "caches[1].server: server binary /nonexistent/redis-server does not exist"
            ),
            (
                #"{ "policy": "memcached", "capacityBytes": "4MiB", "server": "no-such-memcached" }"#,
                "caches[1].server: no-such-memcached not found on PATH"
            ),
            (
                #"{ "policy": "redis", "capacityBytes": "4MiB", "server": "/bin/false" }"#,
                "redis(4194304B): /bin/false could not start: it exited with status 1 during start-up"
            ),
            (
                #"{ "policy": "memcached", "capacityBytes": "4MiB", "transport": "tcp", "port": \#(port) }"#,
                "could not start: port \(port) on 127.0.0.1 is in use"
            ),
            (
                #"{ "policy": "redis", "capacityBytes": "4MiB", "transport": "tcp", "port": \#(port) }"#,
                "could not start: port \(port) on 127.0.0.1 is in use"
            ),
        ]
        for (cache, message) in cases {
            // A working server beside the faulty one must be stopped too.
            let sandbox = try Sandbox(
                spec: Self.spec(
                    requests: 100_000, keys: #"{ "source": "zipf", "alpha": 0.9, "universe": 10000 }"#,
                    caches: #"{ "policy": "memcached", "capacityBytes": "4MiB" }, "# + cache))
            let run = try CommandRunner.run(
                ["run", "s.json", "--out", "out", "--quiet", "--jobs", "1"], in: sandbox.folder,
                environment: sandbox.environment)
            #expect(run.status == 2, "\(cache): \(run.stderr)")
            #expect(run.stderr.hasPrefix("cachesim: s.json: ") && run.stderr.contains(message), "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "one line: \(run.stderr)")
            sandbox.expectNothingLeft(cache)
        }
    }

    /// Starts `cachesim run` on `spec`, waits until its `server` runs,
    /// does `act` to the run (pid of cachesim, pid of the server), and
    /// returns the status and standard error.
    func interruptedRun(
        _ sandbox: Sandbox, jobs: Int, server: String, act: (pid_t, pid_t) -> Void
    ) throws -> (Int32, String) {
        let binary = try #require(CommandRunner.binary, "no cachesim binary; run `swift build` first")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["run", "s.json", "--quiet", "--jobs", String(jobs), "--out", "out"]
        process.currentDirectoryURL = sandbox.folder
        process.environment = ProcessInfo.processInfo.environment.merging(sandbox.environment) { $1 }
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // However the test ends, the run it started does not go on.
        defer {
            if process.isRunning {
                kill(process.processIdentifier, SIGINT)
                process.waitUntilExit()
            }
        }
        // Polled: it returns as soon as the server runs; the minute is for a
        // loaded machine (10 s was once too short with a build beside it).
        var found: pid_t?
        for _ in 0..<1200 where found == nil && process.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
            found = sandbox.server(named: server)
        }
        let pid = try #require(found, "\(server) never started")
        Thread.sleep(forTimeInterval: 0.5)  // into the replay
        #expect(process.isRunning, "the run ended before the fault")
        act(process.processIdentifier, pid)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stderr)
    }

    /// Long enough that a fault always arrives mid-run.
    static let longSpec = spec(
        requests: 50_000_000, keys: #"{ "source": "zipf", "alpha": 0.9, "universe": 100000 }"#,
        caches: #"{ "policy": "redis", "capacityBytes": "4MiB" }, { "policy": "memcached", "capacityBytes": "4MiB" }"#)

    @Test("a server killed mid-run: exit 2 naming it, nothing written, the other server stopped", arguments: [1, 2])
    func serverKilledMidRun(jobs: Int) throws {
        for victim in ["redis-server", "memcached"] {
            let sandbox = try Sandbox(spec: Self.longSpec)
            let (status, stderr) = try interruptedRun(sandbox, jobs: jobs, server: victim) { _, server in
                kill(server, SIGKILL)
            }
            #expect(status == 2, "\(victim): \(stderr)")
            #expect(
                stderr.contains("s.json: ") && stderr.contains("\(victim) killed by signal 9 during the run"),
                "\(stderr)")
            sandbox.expectNothingLeft("\(victim) killed, --jobs \(jobs)")
        }
    }

    @Test("Ctrl-C mid-run stops every server: status 130, nothing written, nothing left", arguments: [1, 2])
    func interruptStopsServers(jobs: Int) throws {
        let sandbox = try Sandbox(spec: Self.longSpec)
        let (status, stderr) = try interruptedRun(sandbox, jobs: jobs, server: "memcached") { cachesim, _ in
            kill(cachesim, SIGINT)
        }
        #expect(status == 130, "\(stderr)")
        #expect(stderr == "cachesim: interrupted; no result was written\n")
        sandbox.expectNothingLeft("interrupted, --jobs \(jobs)")
    }
}
