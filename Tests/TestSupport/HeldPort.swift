import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A port on 127.0.0.1 that this process listens on until the value is
/// released: "a port in use" for tests of the servers' start-up.
public final class HeldPort {
    public let port: UInt16
    private let descriptor: Int32

    /// Listens on a free port of 127.0.0.1; nil if none can be had.
    public init?() {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { [descriptor] in
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && listen(descriptor, 1) == 0
                    && getsockname(descriptor, $0, &length) == 0
            }
        }
        port = UInt16(bigEndian: address.sin_port)
        guard descriptor >= 0, bound else {
            if descriptor >= 0 { close(descriptor) }
            return nil
        }
    }

    deinit { close(descriptor) }
}
