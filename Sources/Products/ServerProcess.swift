import CSpawn
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A server binary the harness started and must stop: its process, and the
/// private directory (mode 0700) that holds its configuration, socket and
/// log, removed when it stops.
///
/// Nothing outlives cachesim: the process is in a group of its own (a
/// terminal's Ctrl-C reaches only cachesim, which stops it), dies with
/// SIGKILL if cachesim is killed, and is registered until stopped so that
/// ``ServerProcess/stopAll()`` — called on SIGINT and SIGTERM and at exit —
/// stops whatever is still running. A directory a killed cachesim left
/// behind is removed by the next start.
public final class ServerProcess: @unchecked Sendable {
    /// The binary's file name (`redis-server`), for messages.
    public let name: String
    public let pid: pid_t
    /// The private directory.
    public let directory: URL
    /// Where the server's standard output and error go.
    let logFile: URL

    private enum State {
        case running
        /// Exited on its own (or was stopped), with this wait status.
        case exited(Int32)
    }
    private let state = Mutex<State>(.running)

    private static let live = Mutex<[pid_t: ServerProcess]>([:])
    private static let exitHandler: Void = { atexit { ServerProcess.stopAll() } }()

    private init(name: String, pid: pid_t, directory: URL, logFile: URL) {
        self.name = name
        self.pid = pid
        self.directory = directory
        self.logFile = logFile
    }

    /// A new private directory for one server of `product`, after removing
    /// the directories of cachesim processes that no longer run. `room`:
    /// the bytes a name inside it needs (its Unix socket's), so that the
    /// whole path fits a socket address; the temporary folder when it does,
    /// else /tmp.
    public static func makeDirectory(product: String, room: Int = 0) throws(ProductError) -> URL {
        removeStaleDirectories()
        let name = "\(directoryPrefix)\(product)-\(getpid())-XXXXXX"
        var base = temporaryBase()
        if base.utf8.count + 1 + name.utf8.count + 1 + room > maximumSocketPath { base = "/tmp" }
        var template = Array("\(base)/\(name)".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else {
            throw ProductError("cannot create a private directory under \(base): \(systemError())")
        }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        chmod(path, 0o700)
        // Owned by no server yet: an interruption before one starts in it
        // (``stopAll()``) removes it too.
        pending.withLock { _ = $0.insert(path) }
        return URL(fileURLWithPath: path, isDirectory: true)
    }

    /// Directories made for servers that have not started in them yet.
    private static let pending = Mutex<Set<String>>([])

    /// The longest path a Unix socket address holds: `sun_path` less its
    /// terminating NUL (107 bytes on Linux). A longer one is cut short by
    /// the server, which then listens somewhere else or not at all.
    static let maximumSocketPath = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    /// `cachesim-server-<product>-<pid>-XXXXXX`.
    static let directoryPrefix = "cachesim-server-"

    /// The temporary folder, or /tmp when its path is so long that little
    /// room would be left for a Unix socket's (see ``maximumSocketPath``).
    static func temporaryBase() -> String {
        let base = FileManager.default.temporaryDirectory.path
        return base.utf8.count <= 60 ? base : "/tmp"
    }

    /// Removes `cachesim-server-<product>-<pid>-…` directories of this user
    /// whose process is gone (left by a cachesim that was killed), in the
    /// temporary folder and in /tmp (where ``makeDirectory(product:room:)``
    /// falls back).
    public static func removeStaleDirectories() {
        for base in Set([temporaryBase(), "/tmp"]) { removeStaleDirectories(in: base) }
    }

    private static func removeStaleDirectories(in base: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: base) else { return }
        for name in names where name.hasPrefix(directoryPrefix) {
            let fields = name.dropFirst(directoryPrefix.count).split(separator: "-", omittingEmptySubsequences: false)
            guard fields.count == 3, fields[2].count == 6, let owner = Int32(fields[1]), owner > 0, owner != getpid()
            else { continue }
            let path = "\(base)/\(name)"
            var info = stat()
            guard lstat(path, &info) == 0, info.st_uid == getuid(), (info.st_mode & S_IFMT) == S_IFDIR else {
                continue
            }
            if kill(owner, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(atPath: path) }
        }
    }

    /// Starts `binary` with `arguments`, its output going to `log` in
    /// `directory`, which the server then owns: it is removed when the
    /// server stops. Throws with the system's reason when the binary cannot
    /// be run (the directory is removed then too).
    public static func start(
        binary: URL, arguments: [String], directory: URL, log: String
    ) throws(ProductError) -> ServerProcess {
        _ = exitHandler
        let logFile = directory.appendingPathComponent(log)
        let name = binary.lastPathComponent
        let argv = ([binary.path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var error: Int32 = 0
        let pid = cachesim_spawn(binary.path, argv, logFile.path, &error)
        guard pid > 0 else {
            try? FileManager.default.removeItem(at: directory)
            throw ProductError("cannot run \(binary.path): \(String(cString: strerror(error)))")
        }
        let server = ServerProcess(name: name, pid: pid, directory: directory, logFile: logFile)
        live.withLock { $0[pid] = server }
        pending.withLock { _ = $0.remove(directory.path) }
        return server
    }

    /// The wait status once the process has exited (reaping it), or nil
    /// while it runs.
    public var exitStatus: Int32? {
        state.withLock { state in
            if case .exited(let status) = state { return status }
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || (reaped < 0 && errno == ECHILD) {
                state = .exited(status)
                return status
            }
            return nil
        }
    }

    /// Whether the process still runs.
    public var isRunning: Bool { exitStatus == nil }

    /// `exited with status 1`, `killed by signal 9`.
    static func describe(status: Int32) -> String {
        let signal = status & 0x7F
        if signal == 0 { return "exited with status \((status >> 8) & 0xFF)" }
        return "killed by signal \(signal)"
    }

    /// The last lines of the server's log that say something, for messages.
    public func logTail(lines: Int = 3) -> String {
        guard let data = try? Data(contentsOf: logFile) else { return "" }
        let text = String(decoding: data, as: UTF8.self)
        let meaningful = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return meaningful.suffix(lines).joined(separator: " / ")
    }

    /// Stops the server — SIGTERM, then SIGKILL after `grace` seconds —
    /// waits for it and removes its directory. Safe to call more than once
    /// and from any thread.
    public func stop(grace: Double = 5) {
        let wasRunning = state.withLock { state -> Bool in
            guard case .running = state else { return false }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                state = .exited(status)
                return false
            }
            kill(pid, SIGTERM)
            let deadline = Date().addingTimeInterval(grace)
            while true {
                let reaped = waitpid(pid, &status, WNOHANG)
                if reaped == pid || (reaped < 0 && errno != EINTR) { break }
                if Date() > deadline {
                    kill(pid, SIGKILL)
                    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                    break
                }
                usleep(2_000)
            }
            state = .exited(status)
            return true
        }
        _ = wasRunning
        try? FileManager.default.removeItem(at: directory)
        Self.live.withLock { _ = $0.removeValue(forKey: pid) }
    }

    /// Stops every server still running (SIGINT, SIGTERM, exit), and
    /// removes the directories made for servers not yet started: an
    /// interruption while a server was starting leaves none behind.
    public static func stopAll() {
        let servers = live.withLock { Array($0.values) }
        for server in servers { server.stop(grace: 2) }
        let unstarted = pending.withLock { paths in
            let all = paths
            paths.removeAll()
            return all
        }
        for path in unstarted { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Servers started and not yet stopped, for tests.
    public static var running: [ServerProcess] { live.withLock { Array($0.values) } }
}

/// Finds a server binary: a path as given (relative to the working
/// folder), or a name looked up on PATH and in the folders Debian installs
/// servers into.
enum ServerBinary {
    static let extraFolders = ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"]

    static func locate(_ given: String, package: String) throws(ProductError) -> URL {
        let manager = FileManager.default
        if given.contains("/") {
            let url = URL(fileURLWithPath: given)
            guard manager.fileExists(atPath: url.path) else {
                throw ProductError("server binary \(given) does not exist")
            }
            guard manager.isExecutableFile(atPath: url.path) else {
                throw ProductError("server binary \(given) is not executable")
            }
            return url
        }
        if let found = ExecutableSearch.first(given, in: ExecutableSearch.pathFolders() + extraFolders) {
            return found
        }
        throw ProductError(
            "\(given) not found on PATH or in \(extraFolders.joined(separator: ", ")): install it (Scripts/install-deps, or apt-get install \(package)) or give its path as \"server\""
        )
    }
}
