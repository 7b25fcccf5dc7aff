import Foundation

/// What one `cachesim run` runs: a single spec, or a sweep file's list of
/// workloads — specs and folders of traces — with, optionally, one list of
/// caches for all of them (Workloads/README.md, "Sweeps"). Either way it
/// expands to one plan, which shards the same way however many workloads
/// it holds.
public struct Sweep: Sendable {
    /// The file given on the command line.
    public let path: String
    /// The sweep's `name`, or the spec's for a single spec.
    public let name: String
    /// Whether `path` is a sweep file (with `workloads`) rather than a spec.
    public let isSweepFile: Bool
    /// The workloads, in the order the sweep lists them (a folder's traces by name).
    public let members: [SweepMember]

    /// A single spec, as a sweep of one.
    public init(spec: WorkloadSpec, specJSON: Data) {
        path = spec.path
        name = spec.name
        isSweepFile = false
        members = [SweepMember(spec: spec, specJSON: specJSON, cachesFromSweep: false)]
    }

    private init(path: String, name: String, members: [SweepMember]) {
        self.path = path
        self.name = name
        isSweepFile = true
        self.members = members
    }

    /// Reads a spec or a sweep file (one with `workloads`). Every refusal
    /// names the file and the JSON path: a missing workload, an empty
    /// folder, two workloads of one name, a trace without caches.
    public static func load(path: String) throws(WorkloadError) -> Sweep {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw WorkloadError(file: path, reason)
        }
        let root = try JSONNode.parse(data, file: path)
        guard let object = root.value as? [String: Any], object["workloads"] != nil else {
            return Sweep(spec: try WorkloadSpec.parse(data, path: path), specJSON: data)
        }
        return try readSweep(root, path: path)
    }

    private static func readSweep(_ root: JSONNode, path: String) throws(WorkloadError) -> Sweep {
        var object = try root.object()
        let name =
            try object.optional("name")?.string()
            ?? URL(fileURLWithPath: path).deletingPathExtension()
            .lastPathComponent
        let cachesNode = object.optional("caches")
        var caches: [Any]?
        if let cachesNode {
            let entries = try cachesNode.array()
            guard !entries.isEmpty else { throw cachesNode.error("must not be empty") }
            for entry in entries { _ = try CacheSpec.read(entry) }  // structure, named in this file
            caches = cachesNode.value as? [Any]
        }
        let traceNode = object.optional("trace")
        var traceFields: [String: Any] = [:]
        if let traceNode {
            _ = try traceNode.object()
            traceFields = traceNode.value as? [String: Any] ?? [:]
            for reserved in ["source", "path"] where traceFields[reserved] != nil {
                throw traceNode.child(reserved, NSNull()).error("is set for each trace of a folder; leave it out")
            }
        }
        let seed = try object.optional("seed")?.unsigned()
        let workloadsNode = try object.required("workloads")
        let listed = try workloadsNode.array()
        guard !listed.isEmpty else { throw workloadsNode.error("must not be empty") }
        try object.finish(expected: ["name", "caches", "trace", "seed", "workloads"])

        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var members: [SweepMember] = []
        var named: [String: String] = [:]  // member name → the JSON path that named it
        for entry in listed {
            let written = try entry.string()
            guard !written.isEmpty else { throw entry.error("must not be empty") }
            let resolved = written.hasPrefix("/") ? written : folder.appendingPathComponent(written).path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) else {
                throw entry.error("no such file or folder: \(resolved)")
            }
            var found: [SweepMember] = []
            if isDirectory.boolValue {
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: resolved)) ?? []).filter {
                    !$0.hasPrefix(".") && isRegularFile("\(resolved)/\($0)")
                }.sorted()
                guard !names.isEmpty else { throw entry.error("the folder \(resolved) holds no trace files") }
                for file in names {
                    found.append(
                        try traceMember(
                            written: (written as NSString).appendingPathComponent(file), caches: caches,
                            fields: traceFields, seed: seed, entry: entry, sweepPath: path))
                }
            } else if resolved.lowercased().hasSuffix(".json") {
                found.append(try specMember(path: resolved, caches: caches))
            } else {
                found.append(
                    try traceMember(
                        written: written, caches: caches, fields: traceFields, seed: seed, entry: entry,
                        sweepPath: path))
            }
            for member in found {
                if let first = named[member.spec.name] {
                    throw entry.error(
                        "two workloads are named '\(member.spec.name)' (also \(first)); results are kept by name, so give one a \"name\""
                    )
                }
                named[member.spec.name] = entry.path
            }
            members += found
        }
        return Sweep(path: path, name: name, members: members)
    }

    /// A spec listed in a sweep, its caches replaced by the sweep's when it has them.
    private static func specMember(path: String, caches: [Any]?) throws(WorkloadError) -> SweepMember {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WorkloadError(file: path, "cannot be read")
        }
        let node = try JSONNode.parse(data, file: path)
        guard let caches, var object = node.value as? [String: Any] else {
            return SweepMember(spec: try WorkloadSpec.parse(data, path: path), specJSON: data, cachesFromSweep: false)
        }
        object["caches"] = caches
        let text = canonicalJSON(object)
        return SweepMember(spec: try WorkloadSpec.parse(text, path: path), specJSON: text, cachesFromSweep: true)
    }

    /// A trace listed in a sweep (alone or in a folder): a spec that replays
    /// it whole through the sweep's caches, with the sweep's `seed` (which
    /// seeds the caches' own draws, e.g. random's evictions). Its path stays as written,
    /// relative to the sweep file, so the plan reads the same wherever the
    /// folder is mounted.
    private static func traceMember(
        written: String, caches: [Any]?, fields: [String: Any], seed: UInt64?, entry: JSONNode, sweepPath: String
    ) throws(WorkloadError) -> SweepMember {
        guard let caches else {
            throw entry.error("a trace needs the sweep's \"caches\" (a spec brings its own)")
        }
        var name = URL(fileURLWithPath: written).lastPathComponent
        for suffix in [".gz", ".zst", ".xz"] where name.lowercased().hasSuffix(suffix) { name.removeLast(suffix.count) }
        name = (name as NSString).deletingPathExtension
        var keys = fields
        keys["source"] = "trace"
        keys["path"] = written
        var object: [String: Any] = ["name": name, "keys": keys, "caches": caches]
        if let seed { object["seed"] = NSNumber(value: seed) }
        let text = canonicalJSON(object)
        do {
            return SweepMember(
                spec: try WorkloadSpec.parse(text, path: sweepPath), specJSON: text, cachesFromSweep: true)
        } catch {
            throw WorkloadError(
                file: sweepPath, location: entry.path, "the trace \(written): \(error.location) \(error.message)")
        }
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// `object` as JSON with sorted keys: the same text for the same value
    /// on every machine.
    static func canonicalJSON(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }
}

/// One workload of a sweep.
public struct SweepMember: Sendable {
    public let spec: WorkloadSpec
    /// The spec as the result records it (`workload.spec`): the file's own
    /// text for a spec given as it is, else the JSON the sweep made of it.
    public let specJSON: Data
    /// Whether its caches came from the sweep file (so a refusal of one
    /// names the sweep file).
    public let cachesFromSweep: Bool

    /// The spec's JSON with sorted keys, for content hashes.
    public var canonicalSpecJSON: Data {
        guard let object = try? JSONSerialization.jsonObject(with: specJSON, options: [.fragmentsAllowed]) else {
            return specJSON
        }
        return Sweep.canonicalJSON(object)
    }
}
