import Foundation

/// Finding a program by its name, as a shell does: the first folder that
/// holds an executable file of that name. Server binaries are found this
/// way (with Debian's install folders after PATH's), and so are the tools
/// `cachesim bench --instructions` runs (valgrind, strip).
public enum ExecutableSearch {
    /// PATH's folders, in order, empty ones dropped; `fallback`'s when PATH
    /// is not set.
    public static func pathFolders(fallback: String = "") -> [String] {
        (ProcessInfo.processInfo.environment["PATH"] ?? fallback).split(separator: ":").map(String.init)
    }

    /// `program` in the first of `folders` where it is an executable file,
    /// or `nil`. O(folders).
    public static func first(_ program: String, in folders: [String]) -> URL? {
        for folder in folders where !folder.isEmpty {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent(program)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
