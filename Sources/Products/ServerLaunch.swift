import Caches
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How a server product is reached: a Unix socket in its private
/// directory (the default: nothing else on the machine can connect), or a
/// port on 127.0.0.1 — a free one, or one given.
struct ServerTransport: Equatable {
    enum Kind: String { case unix, tcp }
    let kind: Kind
    /// The port asked for; 0: a free one.
    let port: Int

    /// The transport the product's `transport` and `port` options ask for.
    init(_ configuration: CacheConfiguration) throws(ProductError) {
        kind = Kind(rawValue: configuration.word("transport"))!
        port = configuration.integer("port")
        if kind == .unix && port != 0 {
            throw ProductError("port: a port needs \"transport\": \"tcp\" (a Unix socket has none)")
        }
    }
}

/// Starts a server binary in a private directory and waits until it
/// answers; retries on another port when a free port was taken meanwhile.
enum ServerLaunch {
    /// Seconds a server has to start answering: generous, since on a
    /// loaded machine Redis has been seen to take more than 10 s to get
    /// from exec to "ready to accept connections" (a server that exits
    /// fails at once, whatever this is).
    static let startupSeconds = 30.0

    /// Starts `binary` for `product` (its files written first: name →
    /// contents, mode 0600) and returns the process and a ready connection.
    /// `arguments` gives the command line for an address and the private
    /// directory; `handshake` runs on each new connection (authentication)
    /// and must succeed before the server counts as ready.
    static func launch(
        product: String, binary: URL, transport: ServerTransport, socketName: String,
        files: (ServerAddress, URL) -> [String: String],
        arguments: (ServerAddress, URL) -> [String],
        handshake: (SocketConnection) throws(ProductError) -> Void
    ) throws(ProductError) -> (ServerProcess, SocketConnection) {
        var attempt = 0
        while true {
            attempt += 1
            let directory = try ServerProcess.makeDirectory(
                product: product, room: transport.kind == .unix ? socketName.utf8.count : 0)
            let address: ServerAddress
            switch transport.kind {
            case .unix:
                let path = directory.appendingPathComponent(socketName).path
                // A server given a longer path than a socket address holds
                // does not listen: refuse it here, at once.
                guard path.utf8.count <= ServerProcess.maximumSocketPath else {
                    try? FileManager.default.removeItem(at: directory)
                    throw ProductError(
                        "\(binary.path) could not start: the socket path \(path) is too long for a Unix socket")
                }
                address = .unix(path: path)
            case .tcp:
                do {
                    if transport.port != 0 {
                        try SocketConnection.checkFree(port: UInt16(transport.port))
                        address = .loopback(port: UInt16(transport.port))
                    } else {
                        address = .loopback(port: try SocketConnection.freeLoopbackPort())
                    }
                } catch {
                    try? FileManager.default.removeItem(at: directory)
                    throw ProductError("\(binary.path) could not start: \(error)")
                }
            }
            for (name, contents) in files(address, directory) {
                let path = directory.appendingPathComponent(name).path
                guard
                    FileManager.default.createFile(
                        atPath: path, contents: Data(contents.utf8), attributes: [.posixPermissions: 0o600])
                else {
                    try? FileManager.default.removeItem(at: directory)
                    throw ProductError("cannot write \(path)")
                }
            }
            let server = try ServerProcess.start(
                binary: binary, arguments: arguments(address, directory), directory: directory, log: "server.log")
            do {
                let connection = try connect(to: address, server: server, handshake: handshake)
                return (server, connection)
            } catch {
                let log = server.logTail()
                server.stop()
                // A free port taken between the probe and the server's bind:
                // try another one.
                if transport.kind == .tcp, transport.port == 0, attempt < 5, log.contains("in use") { continue }
                throw ProductError(
                    "\(binary.path) could not start: \(error)" + (log.isEmpty ? "" : " (its log: \(log))"))
            }
        }
    }

    /// Connects once the server listens, giving up when it exits or after
    /// ``startupSeconds``.
    private static func connect(
        to address: ServerAddress, server: ServerProcess,
        handshake: (SocketConnection) throws(ProductError) -> Void
    ) throws(ProductError) -> SocketConnection {
        let deadline = Date().addingTimeInterval(startupSeconds)
        var lastProblem = "it never listened there"
        while true {
            if let status = server.exitStatus {
                throw ProductError("it \(ServerProcess.describe(status: status)) during start-up")
            }
            // Only the server started here, never another process that holds
            // the port or the path, may answer. A connect that is not taken
            // at once is tried again, so that the deadline holds.
            if ListeningSockets.listens(server.pid, on: address) {
                do throws(ProductError) {
                    let connection = try SocketConnection(address, connectSeconds: 1)
                    try handshake(connection)
                    return connection
                } catch {
                    lastProblem = error.description
                }
            }
            if Date() > deadline {
                throw ProductError("it did not answer on \(address) within \(Int(startupSeconds)) s (\(lastProblem))")
            }
            usleep(10_000)
        }
    }

    /// A random password: 32 bytes from the system's generator, in hex.
    static func randomPassword() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let word = generator.next() as UInt64
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
