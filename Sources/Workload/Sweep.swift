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
    public init(spec: WorkloadSpec) {
        path = spec.path
        name = spec.name
        isSweepFile = false
        members = [SweepMember(spec: spec, cachesFromSweep: false)]
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
        let root = try JSONNode.parse(try WorkloadError.contents(ofFile: path), file: path)
        guard case .object(let members) = root.value, members["workloads"] != nil else {
            return Sweep(spec: try WorkloadSpec.parse(document: root.value, path: path))
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
        var caches: JSONValue?
        if let cachesNode {
            let entries = try cachesNode.array()
            guard !entries.isEmpty else { throw cachesNode.error("must not be empty") }
            for entry in entries { _ = try CacheSpec.read(entry) }  // structure, named in this file
            caches = cachesNode.value
        }
        let traceNode = object.optional("trace")
        var traceFields = JSONMembers()
        if let traceNode {
            traceFields = try traceNode.object().members
            for reserved in ["source", "path"] where traceFields[reserved] != nil {
                throw traceNode.child(reserved, .null).error("is set for each trace of a folder; leave it out")
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
    private static func specMember(path: String, caches: JSONValue?) throws(WorkloadError) -> SweepMember {
        let node = try JSONNode.parse(try WorkloadError.contents(ofFile: path), file: path)
        guard let caches, case .object(var members) = node.value else {
            return SweepMember(spec: try WorkloadSpec.parse(document: node.value, path: path), cachesFromSweep: false)
        }
        members["caches"] = caches
        return SweepMember(spec: try WorkloadSpec.parse(document: .object(members), path: path), cachesFromSweep: true)
    }

    /// A trace listed in a sweep (alone or in a folder): a spec that replays
    /// it whole through the sweep's caches, with the sweep's `seed` (which
    /// seeds the caches' own draws, e.g. random's evictions). Its path stays as written,
    /// relative to the sweep file, so the plan reads the same wherever the
    /// folder is mounted.
    private static func traceMember(
        written: String, caches: JSONValue?, fields: JSONMembers, seed: UInt64?, entry: JSONNode, sweepPath: String
    ) throws(WorkloadError) -> SweepMember {
        guard let caches else {
            throw entry.error("a trace needs the sweep's \"caches\" (a spec brings its own)")
        }
        var name = URL(fileURLWithPath: written).lastPathComponent
        for suffix in [".gz", ".zst", ".xz"] where name.lowercased().hasSuffix(suffix) { name.removeLast(suffix.count) }
        name = (name as NSString).deletingPathExtension
        var keys: JSONMembers = ["source": .string("trace"), "path": .string(written)]
        for (field, value) in fields.members { keys[field] = value }
        var object: JSONMembers = ["name": .string(name), "keys": .object(keys), "caches": caches]
        if let seed { object["seed"] = .number(JSONNumber(String(seed))) }
        do {
            return SweepMember(
                spec: try WorkloadSpec.parse(document: .object(object), path: sweepPath), cachesFromSweep: true)
        } catch {
            throw WorkloadError(
                file: sweepPath, location: entry.path, "the trace \(written): \(error.location) \(error.message)")
        }
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}

/// One workload of a sweep.
public struct SweepMember: Sendable {
    /// The workload; its ``WorkloadSpec/document`` is what the result
    /// records (`workload.spec`): the file as written for a spec given as it
    /// is, else the document the sweep made of it.
    public let spec: WorkloadSpec
    /// Whether its caches came from the sweep file (so a refusal of one
    /// names the sweep file).
    public let cachesFromSweep: Bool

    /// The spec's document as JSON with sorted keys, for content hashes:
    /// the same bytes for the same spec, however its keys were ordered.
    public var canonicalDocument: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(spec.document)) ?? Data()
    }
}
