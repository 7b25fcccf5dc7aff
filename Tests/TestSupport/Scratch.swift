import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where tests write their files: one folder per test process under the
/// system's temporary directory, removed when the process exits, so a test
/// run leaves nothing behind (hundreds of folders a run, before).
public enum Scratch {
    public static let root = FileManager.default.temporaryDirectory.appendingPathComponent(
        "cachesim-tests-\(getpid())")

    private static let removedAtExit: Void = {
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Scratch.root) }
    }()

    /// A fresh path `prefix-XXXXXXXXXXXXsuffix` under ``root`` (not
    /// created): 48 random bits, not a whole UUID, so paths stay as short
    /// as before. Servers put their sockets below a test's folder, and
    /// redis-server's process title, which a test finds it by, holds only
    /// so many characters of the path.
    public static func path(_ prefix: String, suffix: String = "") -> URL {
        _ = removedAtExit
        let random = String(UInt64.random(in: 0..<(1 << 48)), radix: 16)
        return root.appendingPathComponent("\(prefix)-\(random)\(suffix)")
    }
}
