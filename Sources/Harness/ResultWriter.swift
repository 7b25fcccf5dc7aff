import Foundation

/// Writes a run's directory atomically: every file goes into a hidden
/// temporary directory beside the destination, which is renamed into place
/// only when all of it is written. A run killed at any moment leaves either
/// no result directory or a complete one; a SIGKILL while writing may leave
/// the hidden staging directory, which the next run writing into the same
/// folder removes (``removeStaleStaging(in:)``).
public struct ResultWriter: Sendable {
    /// The directory the result will have.
    public let destination: URL
    /// Whether the folder may be shared between machines: staging names
    /// carry the host (see ``staging(for:pid:host:)``).
    public let sharedFolder: Bool

    /// Checks, before anything runs, that `destination` can be created:
    /// it must not exist yet or be an empty directory (not the current
    /// one, which the result replaces), and its parent must be (or become)
    /// a writable directory.
    public init(destination: URL, sharedFolder: Bool = false) throws(OutputError) {
        self.destination = destination.standardizedFileURL
        self.sharedFolder = sharedFolder
        let manager = FileManager.default
        let path = self.destination.path
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw OutputError("\(path): is a file; --out must be a new or empty directory")
            }
            guard (try? manager.contentsOfDirectory(atPath: path))?.isEmpty == true else {
                throw OutputError("\(path): is a directory that is not empty; choose a new or empty one for --out")
            }
            let current = URL(fileURLWithPath: manager.currentDirectoryPath).standardizedFileURL
            guard current.resolvingSymlinksInPath() != self.destination.resolvingSymlinksInPath() else {
                throw OutputError("\(path): is the current directory, which the result would replace; choose another")
            }
        }
        let parent = self.destination.deletingLastPathComponent()
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw OutputError("\(parent.path): cannot create the output directory (\(Self.reason(error)))")
        }
        guard manager.isWritableFile(atPath: parent.path) else {
            throw OutputError("\(parent.path): the output directory is not writable")
        }
        Self.removeStaleStaging(in: parent, destination: sharedFolder ? self.destination : nil)
    }

    /// The hidden staging directory of `destination` for process `pid`:
    /// `.<name>.partial-<pid>` beside it, or `.<name>.partial-<host>-<pid>`
    /// when the folder may be shared between machines (shards of a cluster
    /// job writing into one results folder).
    static func staging(for destination: URL, pid: Int32, host: String? = nil) -> URL {
        destination.deletingLastPathComponent().appendingPathComponent(
            ".\(destination.lastPathComponent).partial-\(host.map { "\($0)-" } ?? "")\(pid)")
    }

    /// Removes the staging directories in `folder` left by runs that were
    /// killed (SIGKILL, power loss) while writing: those of this machine
    /// whose process no longer exists. A live process's staging directory
    /// is left alone, and so is another machine's (its pid means nothing
    /// here), except one for `destination` itself, which only its one
    /// writer (a shard's task, requeued here) would have left.
    static func removeStaleStaging(in folder: URL, destination: URL? = nil) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let here = ProcessInfo.processInfo.hostName
        for name in names where name.hasPrefix(".") {
            guard let marker = name.range(of: ".partial-", options: .backwards) else { continue }
            let owner = name[marker.upperBound...]
            let host = owner.lastIndex(of: "-").map { String(owner[..<$0]) }
            let mine = destination.map { name.hasPrefix(".\($0.lastPathComponent).partial-") } ?? false
            guard let pid = Int32(owner.split(separator: "-").last ?? ""), pid > 0 else { continue }
            let stale = (host == nil || host == here) ? kill(pid, 0) != 0 && errno == ESRCH : mine
            guard stale else { continue }
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    /// The conventional place of a run: `Results/runs/<name>-<UTC time>`.
    public static func defaultDestination(root: URL, workloadName: String, date: Date = Date()) -> URL {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return root.appendingPathComponent("Results/runs/\(workloadName)-\(formatter.string(from: date))")
    }

    /// Writes `files` (name → contents; a name may hold folders, `a/result.json`)
    /// and renames the directory into place.
    public func write(_ files: [(name: String, contents: Data)]) throws(OutputError) {
        let manager = FileManager.default
        let staging = Self.staging(
            for: destination, pid: ProcessInfo.processInfo.processIdentifier,
            host: sharedFolder ? ProcessInfo.processInfo.hostName : nil)
        var failure: String?
        do {
            try? manager.removeItem(at: staging)
            try manager.createDirectory(at: staging, withIntermediateDirectories: false)
            for file in files {
                let target = staging.appendingPathComponent(file.name)
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.contents.write(to: target)
            }
            // rename(2) replaces an empty directory in the same step, so the
            // result appears whole or not at all, as when none was there.
            if rename(staging.path, destination.path) != 0 { failure = String(cString: strerror(errno)) }
        } catch {
            failure = Self.reason(error)
        }
        if let failure {
            try? manager.removeItem(at: staging)
            throw OutputError("\(destination.path): could not write the result (\(failure))")
        }
    }

    static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}

/// The result could not be written where asked.
public struct OutputError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
