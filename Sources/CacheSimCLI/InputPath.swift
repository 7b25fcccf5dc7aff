import Foundation
import Workload

/// An input file named on the command line (a spec or a trace), found the
/// way a person means it.
///
/// The project is written `workloads/zipf.json` in prose while the folder is
/// `Workloads/`, and Linux file names are case-sensitive. So a missing path
/// whose every component matches an existing one ignoring case, and only
/// one, is used instead, with a note on standard error. Any other missing
/// path is an error that names the closest existing files of the same kind
/// ("did you mean Workloads/zipf.json?").
enum InputPath {
    /// `path` when it exists, else its unique case-insensitive match (noted
    /// on standard error); else an error naming the closest files.
    static func resolve(_ path: String) throws(WorkloadError) -> String {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) { return path }
        if let match = matchIgnoringCase(path) {
            printError("note: \(path): no such file; reading \(match), whose name differs only in case")
            return match
        }
        let close = suggestions(for: path)
        var message = "no such file"
        if !close.isEmpty { message += "; did you mean " + close.joined(separator: " or ") + "?" }
        throw WorkloadError(file: path, message)
    }

    /// The existing path that `path` names ignoring case, when each of its
    /// components matches exactly one entry of its folder; else nil.
    static func matchIgnoringCase(_ path: String) -> String? {
        var resolved = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/").map(String.init) {
            let exact = join(resolved, component)
            if component == "." || component == ".." || FileManager.default.fileExists(atPath: exact) {
                resolved = exact
                continue
            }
            let entries =
                (try? FileManager.default.contentsOfDirectory(atPath: resolved.isEmpty ? "." : resolved)) ?? []
            let matches = entries.filter { $0.lowercased() == component.lowercased() }
            guard matches.count == 1 else { return nil }
            resolved = join(resolved, matches[0])
        }
        return resolved != path && FileManager.default.fileExists(atPath: resolved) ? resolved : nil
    }

    /// Up to three existing files with `path`'s extension, closest in name
    /// first: from `path`'s folder (found ignoring case) and from
    /// `Workloads/` in the current directory.
    static func suggestions(for path: String) -> [String] {
        let typed = URL(fileURLWithPath: path)
        let wantedExtension = typed.pathExtension.lowercased()
        let stem = typed.deletingPathExtension().lastPathComponent.lowercased()
        guard !stem.isEmpty else { return [] }
        var folder = (path as NSString).deletingLastPathComponent
        folder = FileManager.default.fileExists(atPath: folder) ? folder : matchIgnoringCase(folder) ?? folder
        var candidates: [(path: String, distance: Int)] = []
        for directory in Set([folder, "Workloads"]) {
            let entries =
                (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
            for entry in entries where !entry.hasPrefix(".") {
                let url = URL(fileURLWithPath: entry)
                guard url.pathExtension.lowercased() == wantedExtension else { continue }
                let name = url.deletingPathExtension().lastPathComponent.lowercased()
                let distance = editDistance(stem, name)
                guard distance <= max(2, stem.count / 3) || (stem.count >= 3 && name.contains(stem)) else { continue }
                candidates.append((join(directory, entry), distance))
            }
        }
        let sorted = candidates.sorted { ($0.distance, $0.path) < ($1.distance, $1.path) }
        var seen = Set<String>()
        let distinct = sorted.map(\.path).filter {
            seen.insert(URL(fileURLWithPath: $0).standardizedFileURL.path).inserted
        }
        return Array(distinct.prefix(3))
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.isEmpty ? name : folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// Levenshtein distance between `a` and `b`, by characters. O(|a|·|b|).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            previous = current
        }
        return previous[b.count]
    }
}
