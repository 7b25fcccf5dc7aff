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

    /// A fresh path `prefix-UUIDsuffix` under ``root`` (not created).
    public static func path(_ prefix: String, suffix: String = "") -> URL {
        _ = removedAtExit
        return root.appendingPathComponent("\(prefix)-\(UUID().uuidString)\(suffix)")
    }
}
