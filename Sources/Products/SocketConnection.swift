#if canImport(Glibc)
import Glibc
#endif

/// Where a server the harness started listens: a Unix socket in its private
/// directory, or a port on 127.0.0.1 — never any other interface.
public enum ServerAddress: Sendable, Equatable, CustomStringConvertible {
    case unix(path: String)
    case loopback(port: UInt16)

    /// `unix:/tmp/…/sock`, `tcp:127.0.0.1:40123`.
    public var description: String {
        switch self {
        case .unix(let path): "unix:\(path)"
        case .loopback(let port): "tcp:127.0.0.1:\(port)"
        }
    }
}

/// One blocking connection to a server, with its own buffers: commands are
/// appended to ``output`` and sent together (a pipeline), replies are read
/// from an input buffer refilled as needed. Every read and write gives up
/// after ``timeoutSeconds``, so a hung server is an error, not a hang; a
/// closed or reset connection is an error too. Not thread-safe.
final class SocketConnection {
    private let fd: Int32
    let address: ServerAddress
    /// Seconds a read or write may wait.
    static let timeoutSeconds = 30

    /// Bytes to send at the next ``flush()``.
    var output: [UInt8] = []
    private var input: [UInt8]
    private var start = 0
    private var end = 0

    /// Connects to `address`, waiting at most `connectSeconds` for the
    /// server to take the connection. Throws with the system's reason
    /// (ENOENT, ECONNREFUSED, EAGAIN…), which the caller retries while the
    /// server starts.
    init(_ address: ServerAddress, connectSeconds: Int = timeoutSeconds) throws(ProductError) {
        self.address = address
        let domain = if case .unix = address { AF_UNIX } else { AF_INET }
        fd = socket(domain, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ProductError("cannot open a socket: \(systemError())") }
        input = [UInt8](repeating: 0, count: 1 << 16)
        output.reserveCapacity(1 << 16)
        var timeout = timeval(tv_sec: Self.timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // A connect waits as long as a send may (for a Unix socket, while
        // the server has not taken the connection yet).
        var connectTimeout = timeval(tv_sec: connectSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &connectTimeout, socklen_t(MemoryLayout<timeval>.size))
        let connected: Int32
        switch address {
        case .unix(let path):
            var socketAddress = sockaddr_un()
            socketAddress.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            guard bytes.count < MemoryLayout.size(ofValue: socketAddress.sun_path) else {
                close(fd)
                throw ProductError("the socket path \(path) is too long for a Unix socket")
            }
            withUnsafeMutableBytes(of: &socketAddress.sun_path) { raw in
                raw.copyBytes(from: bytes)
                raw[bytes.count] = 0
            }
            connected = withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
        case .loopback(let port):
            var socketAddress = Self.loopback(port: port)
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            connected = withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard connected == 0 else {
            let reason = systemError()
            close(fd)
            throw ProductError("cannot connect to \(address): \(reason)")
        }
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// 127.0.0.1:`port`.
    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    /// A port on 127.0.0.1 that was free a moment ago (bound to port 0 and
    /// released): the caller retries if a server finds it taken meanwhile.
    static func freeLoopbackPort() throws(ProductError) -> UInt16 {
        guard let port = try probe(port: 0) else {
            throw ProductError("cannot find a free port on 127.0.0.1: \(systemError())")
        }
        return port
    }

    /// Refuses a port on 127.0.0.1 that another process holds.
    static func checkFree(port: UInt16) throws(ProductError) {
        guard try probe(port: port) != nil else {
            throw ProductError(
                "port \(port) on 127.0.0.1 is in use (\(systemError())): give another \"port\", or 0 for a free one")
        }
    }

    /// Binds 127.0.0.1:`port` for a moment: the port bound, or nil when it
    /// cannot be.
    private static func probe(port: UInt16) throws(ProductError) -> UInt16? {
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard probe >= 0 else { throw ProductError("cannot open a socket: \(systemError())") }
        defer { close(probe) }
        var address = loopback(port: port)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(probe, pointer, length) == 0 && getsockname(probe, pointer, &length) == 0
            }
        }
        return bound ? UInt16(bigEndian: address.sin_port) : nil
    }

    // MARK: Writing

    /// Appends `text`'s bytes to ``output``.
    func append(_ text: StaticString) {
        text.withUTF8Buffer { output.append(contentsOf: $0) }
    }

    /// Appends the decimal digits of `value` to ``output``. O(digits).
    func appendDecimal<T: BinaryInteger>(_ value: T) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var n = UInt64(value)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[23 - count] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
                count += 1
            } while n > 0
            output.append(contentsOf: raw[(24 - count)...])
        }
    }

    /// Sends ``output`` whole and empties it.
    func flush() throws(ProductError) {
        var sent = 0
        while sent < output.count {
            let n = output.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("sending to")
            }
            sent += n
        }
        output.removeAll(keepingCapacity: true)
    }

    // MARK: Reading

    /// Reads more bytes into the input buffer (compacting or growing it).
    private func fill() throws(ProductError) {
        if start > 0 {
            input.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return }
                memmove(base, base + start, end - start)
            }
            end -= start
            start = 0
        }
        if end == input.count { input.append(contentsOf: repeatElement(0, count: input.count)) }
        while true {
            let n = input.withUnsafeMutableBytes { raw in recv(fd, raw.baseAddress! + end, raw.count - end, 0) }
            if n > 0 {
                end += n
                return
            }
            if n == 0 { throw ProductError("\(address) closed the connection") }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK {
                throw ProductError("no reply from \(address) within \(Self.timeoutSeconds) s")
            }
            throw failure("reading from")
        }
    }

    private func failure(_ doing: String) -> ProductError {
        ProductError("\(doing) \(address) failed: \(systemError())")
    }

    /// The next line, without its CRLF, as a range of the input buffer valid
    /// until the next read. O(line).
    func readLine() throws(ProductError) -> Range<Int> {
        var searched = 0  // bytes after `start` known not to begin a CRLF
        while true {
            let from = start + searched
            let found = input.withUnsafeBytes { raw -> Int? in
                var i = from
                while i + 1 < end {
                    if raw[i] == 13 && raw[i + 1] == 10 { return i }
                    i += 1
                }
                return nil
            }
            if let found {
                let line = start..<found
                start = found + 2
                return line
            }
            searched = Swift.max(0, end - start - 1)
            try fill()
        }
    }

    /// The byte at `index` of the input buffer (inside a range just read).
    subscript(index: Int) -> UInt8 { input[index] }

    /// The bytes of `range` of the input buffer as text.
    func text(_ range: Range<Int>) -> String { String(decoding: input[range], as: UTF8.self) }

    /// The decimal integer in `range` (optionally signed), or nil. O(digits).
    func integer(_ range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        var i = range.lowerBound
        let negative = input[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        guard i < range.upperBound else { return nil }
        var value = 0
        while i < range.upperBound {
            let digit = Int(input[i]) - 48
            guard (0...9).contains(digit) else { return nil }
            let (scaled, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            value = scaled + digit
            i += 1
        }
        return negative ? -value : value
    }

    /// Skips `count` bytes of input. O(count).
    func skip(_ count: Int) throws(ProductError) {
        var left = count
        while left > 0 {
            if start == end { try fill() }
            let taken = Swift.min(left, end - start)
            start += taken
            left -= taken
        }
    }

    /// The next `count` bytes as text. O(count).
    func readText(_ count: Int) throws(ProductError) -> String {
        while end - start < count { try fill() }
        let text = String(decoding: input[start..<start + count], as: UTF8.self)
        start += count
        return text
    }
}

/// The text of the current `errno`.
func systemError() -> String {
    String(cString: strerror(errno))
}

/// The number of decimal digits of `value`. O(digits).
func decimalLength(_ value: UInt64) -> Int {
    var length = 1
    var rest = value / 10
    while rest > 0 {
        length += 1
        rest /= 10
    }
    return length
}
