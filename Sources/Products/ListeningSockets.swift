import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Which sockets a process listens on, from /proc: the harness connects to
/// a server only once the server it started (not another process that
/// holds the port) listens there, and tests check that a server listens on
/// 127.0.0.1 or its private socket and nowhere else.
public enum ListeningSockets {
    /// One listening socket: a TCP address (`127.0.0.1:6379`,
    /// `0.0.0.0:11211`, `[::]:6379`), a bound UDP port, or a Unix socket's
    /// path.
    public enum Endpoint: Hashable, CustomStringConvertible, Sendable {
        case tcp(address: String, port: UInt16)
        case udp(address: String, port: UInt16)
        case unix(path: String)

        public var description: String {
            switch self {
            case .tcp(let address, let port): "tcp \(address):\(port)"
            case .udp(let address, let port): "udp \(address):\(port)"
            case .unix(let path): "unix \(path)"
            }
        }
    }

    /// The sockets `pid` holds open that listen (TCP in LISTEN state, UDP
    /// bound to a port, Unix stream sockets accepting connections). Empty
    /// where /proc cannot be read.
    public static func of(_ pid: pid_t) -> Set<Endpoint> {
        let inodes = socketInodes(of: pid)
        guard !inodes.isEmpty else { return [] }
        var found: Set<Endpoint> = []
        for (file, isV6) in [("/proc/net/tcp", false), ("/proc/net/tcp6", true)] {
            for fields in table(file) where fields.count > 9 && fields[3] == "0A" && inodes.contains(fields[9]) {
                if case .tcp(let address, let port)? = endpoint(fields[1], isV6: isV6) {
                    found.insert(.tcp(address: address, port: port))
                }
            }
        }
        for (file, isV6) in [("/proc/net/udp", false), ("/proc/net/udp6", true)] {
            for fields in table(file) where fields.count > 9 && inodes.contains(fields[9]) {
                if case .tcp(let address, let port)? = endpoint(fields[1], isV6: isV6) {
                    found.insert(.udp(address: address, port: port))
                }
            }
        }
        // Num RefCount Protocol Flags Type St Inode Path; flag 0x10000 is
        // __SO_ACCEPTCON, a listening socket.
        for fields in table("/proc/net/unix") where fields.count > 7 && inodes.contains(fields[6]) {
            if let flags = Int(fields[3], radix: 16), flags & 0x10000 != 0 { found.insert(.unix(path: fields[7])) }
        }
        return found
    }

    /// Whether `pid` listens on `address`.
    static func listens(_ pid: pid_t, on address: ServerAddress) -> Bool {
        let endpoints = of(pid)
        switch address {
        case .unix(let path): return endpoints.contains(.unix(path: path))
        case .loopback(let port): return endpoints.contains(.tcp(address: "127.0.0.1", port: port))
        }
    }

    /// The inodes of the sockets among `pid`'s open descriptors.
    private static func socketInodes(of pid: pid_t) -> Set<String> {
        let folder = "/proc/\(pid)/fd"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var inodes: Set<String> = []
        for name in names {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/\(name)"),
                target.hasPrefix("socket:[")
            else { continue }
            inodes.insert(String(target.dropFirst("socket:[".count).dropLast()))
        }
        return inodes
    }

    /// The rows of a /proc/net table after its header, split on spaces.
    private static func table(_ file: String) -> [[String]] {
        guard let text = procText(file) else { return [] }
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: " ").map(String.init) }
    }

    /// The whole text of a /proc file, read until the end: the kernel
    /// hands such a file out a page at a time and reports its size as 0,
    /// and Foundation's `String(contentsOfFile:)` stops after the first
    /// 4 KiB — a socket listed further down /proc/net/unix (a machine with
    /// many sockets) was never found. O(size).
    static func procText(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if n > 0 {
                bytes.append(contentsOf: buffer[0..<n])
            } else if n == 0 {
                return String(decoding: bytes, as: UTF8.self)
            } else if errno != EINTR {
                return nil
            }
        }
    }

    /// `0100007F:1F90` → 127.0.0.1:8080 (the kernel prints each 32-bit word
    /// in host order, little-endian here).
    private static func endpoint(_ field: String, isV6: Bool) -> Endpoint? {
        let parts = field.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1], radix: 16) else { return nil }
        let hex = parts[0]
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) ?? hex.endIndex
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        // Each 4-byte word is reversed.
        var ordered: [UInt8] = []
        for word in stride(from: 0, to: bytes.count, by: 4) {
            ordered += bytes[word..<min(word + 4, bytes.count)].reversed()
        }
        if !isV6 {
            guard ordered.count == 4 else { return nil }
            return .tcp(address: ordered.map(String.init).joined(separator: "."), port: port)
        }
        let groups = stride(from: 0, to: ordered.count, by: 2).map {
            String(UInt16(ordered[$0]) << 8 | UInt16(ordered[$0 + 1]), radix: 16)
        }
        let text = groups.allSatisfy { $0 == "0" } ? "::" : groups.joined(separator: ":")
        return .tcp(address: "[\(text)]", port: port)
    }
}
