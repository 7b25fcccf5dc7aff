import Caches
import Foundation

extension WorkloadSpec {
    /// Reads and validates the spec file at `path` (format: Workloads/README.md).
    /// Every error names the file and the JSON path of the offending field.
    public static func load(path: String) throws(WorkloadError) -> WorkloadSpec {
        try parse(try WorkloadError.contents(ofFile: path), path: path)
    }

    /// Reads and validates a spec from `data`; `path` names it in errors and
    /// is the base against which relative trace paths resolve.
    public static func parse(_ data: Data, path: String) throws(WorkloadError) -> WorkloadSpec {
        try read(JSONNode.parse(data, file: path))
    }

    /// Reads and validates a spec already parsed, or built (a sweep's
    /// workload, its caches the sweep's); `path` as for ``parse(_:path:)``.
    public static func parse(document: JSONValue, path: String) throws(WorkloadError) -> WorkloadSpec {
        try read(JSONNode(value: document, path: "", file: path))
    }

    private static func read(_ document: JSONNode) throws(WorkloadError) -> WorkloadSpec {
        let path = document.file
        var root = try document.object()
        let defaultName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let name = try root.optional("name")?.string() ?? defaultName
        let seed = try root.optional("seed")?.unsigned() ?? 1
        let requestsNode = root.optional("requests")
        let requests = try requestsNode?.int(in: 1...1_000_000_000_000)
        let keysNode = try root.required("keys")
        let keys = try KeySource.read(keysNode, specPath: path, topLevel: true)
        if requests == nil, case .trace = keys {
        } else if requests == nil {
            throw WorkloadError(file: path, location: "requests", "is required unless keys.source is \"trace\"")
        }
        let arrivals = try root.optional("arrivals").map { node throws(WorkloadError) in try Arrivals.read(node) }
        let sizes = try root.optional("sizes").map { node throws(WorkloadError) in try SizeDistribution.read(node) }
        let lifetimesNode = root.optional("lifetimes")
        let lifetimes = try lifetimesNode.map { node throws(WorkloadError) in try Lifetimes.read(node) }
        if let lifetimesNode, keys.suppliesLifetimes {
            throw lifetimesNode.error("the trace carries its own lifetimes (its TTL column); remove lifetimes")
        }
        var caches: [CacheSpec] = []
        if let node = root.optional("caches") {
            for entry in try node.array() { caches.append(try CacheSpec.read(entry)) }
        }
        let repetitions = try root.optional("repeat")?.int(in: 1...10_000) ?? 1
        let missPenalty = try root.optional("missPenalty").map { node throws(WorkloadError) in
            try LatencyModel.read(node)
        }
        let hitCost = try root.optional("hitCost").map { node throws(WorkloadError) in try LatencyModel.read(node) }
        // `true`: LRU's one-pass curve; an object: every policy's curve.
        var curves = false
        var policyCurves: CurveSpec?
        if let node = root.optional("curves") {
            if case .object = node.value {
                policyCurves = try CurveSpec.read(node)
            } else {
                guard case .bool(let flag) = node.value else {
                    throw node.error(
                        "expected true, false or an object ({\"samplingRate\": 0.01, …}), got \(node.kind)")
                }
                curves = flag
            }
        }
        let memoryBudget = try root.optional("memoryBudget")?.byteCount()
        var warmup: Warmup?
        if let node = root.optional("warmup") {
            warmup = try Warmup.read(node, requests: requests, hasTimes: arrivals != nil || keys.suppliesTimes)
        }
        let tier = try root.optional("tier").map { node throws(WorkloadError) in try TierSpec.read(node) }
        try root.finish(expected: [
            "name", "seed", "requests", "keys", "arrivals", "sizes", "lifetimes", "caches", "repeat", "missPenalty",
            "hitCost",
            "curves", "memoryBudget", "warmup", "tier",
        ])
        var spec = WorkloadSpec(
            name: name, seed: seed, requests: requests, keys: keys, arrivals: arrivals, sizes: sizes, caches: caches,
            repetitions: repetitions, missPenalty: missPenalty, hitCost: hitCost, curves: curves,
            memoryBudget: memoryBudget, warmup: warmup, tier: tier, path: path)
        spec.policyCurves = policyCurves
        spec.lifetimes = lifetimes
        spec.document = document.value
        return spec
    }
}

/// Largest key universe a spec may ask for (ranks stay exact in a `Double`).
let maximumUniverse: Int64 = 1 << 53

extension KeySource {
    /// The `keys.source` names, for messages.
    static let sourceNames = ["unique", "zipf", "uniform", "hotset", "loop", "scan", "mix", "phases", "trace"]

    /// Reads a key source object. `extra` names a field the enclosing list
    /// reads itself (`weight` of a mix component, `requests` of a phase).
    static func read(
        _ node: JSONNode, specPath: String, topLevel: Bool, extra: String? = nil
    ) throws(WorkloadError) -> KeySource {
        var object = try node.object()
        if let extra { _ = object.optional(extra) }
        let sourceNode = try object.required("source")
        let source = try sourceNode.string()
        let universeRange = 1...maximumUniverse
        let result: KeySource
        switch source {
        case "unique":
            let repeats = try object.optional("repeats")?.int(in: 1...1_000_000) ?? 1
            var window = repeats
            if let windowNode = object.optional("window") {
                window = try windowNode.int(
                    in: repeats...1_000_000_000, "an integer between repeats (\(repeats)) and 1000000000")
            } else if repeats > 1 {
                throw node.child("window", .null).error("is required when repeats > 1")
            }
            result = .unique(repeats: repeats, window: window)
        case "zipf":
            let alpha = try object.required("alpha").double(in: 0...20)
            let universe = try object.required("universe").integer(in: universeRange)
            result = .zipf(alpha: alpha, universe: UInt64(universe))
        case "uniform":
            result = .uniform(universe: UInt64(try object.required("universe").integer(in: universeRange)))
        case "hotset":
            let universe = try object.required("universe").integer(in: 2...maximumUniverse)
            let hotKeys = try object.required("hotKeys").double(in: Double.leastNonzeroMagnitude...1, "> 0 and ≤ 1")
            let hotRequests = try object.required("hotRequests").double(in: 0...1)
            result = .hotset(universe: UInt64(universe), hotKeys: hotKeys, hotRequests: hotRequests)
        case "loop":
            result = .loop(keys: UInt64(try object.required("keys").integer(in: universeRange)))
        case "scan":
            let length = try object.required("length").int(in: 1...1_000_000_000)
            let universe = try object.required("universe").integer(
                in: Int64(length)...maximumUniverse, "an integer ≥ length (\(length))")
            result = .scan(length: length, universe: UInt64(universe))
        case "mix":
            let components = try object.required("components").array()
            guard !components.isEmpty else { throw node.child("components", .array([])).error("must not be empty") }
            var mix: [MixComponent] = []
            for component in components {
                var fields = try component.object()
                let weight = try fields.required("weight").double(in: Double.leastNonzeroMagnitude...1e12, "> 0")
                let source = try read(component, specPath: specPath, topLevel: false, extra: "weight")
                mix.append(MixComponent(weight: weight, source: source))
            }
            result = .mix(mix)
        case "phases":
            let phases = try object.required("phases").array()
            guard !phases.isEmpty else { throw node.child("phases", .array([])).error("must not be empty") }
            var list: [Phase] = []
            for phase in phases {
                var fields = try phase.object()
                let requests = try fields.required("requests").int(in: 1...1_000_000_000_000)
                let source = try read(phase, specPath: specPath, topLevel: false, extra: "requests")
                list.append(Phase(requests: requests, source: source))
            }
            result = .phases(list)
        case "trace":
            guard topLevel else {
                throw sourceNode.error("a trace can only be the top-level source, not part of a mix or phases")
            }
            result = .trace(try TraceSource.read(&object, specPath: specPath))
        default:
            throw sourceNode.error(
                "unknown source \(sourceNode.rendered); expected one of: \(sourceNames.joined(separator: ", "))")
        }
        try object.finish()
        return result
    }
}

extension TraceSource {
    /// Reads the fields of a `"source": "trace"` object; a relative `path`
    /// resolves against the folder of the spec file.
    static func read(_ object: inout JSONObject, specPath: String) throws(WorkloadError) -> TraceSource {
        let pathNode = try object.required("path")
        let written = try pathNode.string()
        guard !written.isEmpty else { throw pathNode.error("must not be empty") }
        let resolved =
            written.hasPrefix("/")
            ? written
            : URL(fileURLWithPath: specPath).deletingLastPathComponent().appendingPathComponent(written).path
        var format = guessFormat(path: written)
        var guessed = true
        if let formatNode = object.optional("format") {
            format = Format(rawValue: try formatNode.oneOf(Format.allCases.map(\.rawValue)))!
            guessed = false
        }
        let columns = 0...1000
        let keyColumn = try object.optional("keyColumn")?.int(in: columns) ?? 0
        let timeColumn = try object.optional("timeColumn")?.int(in: columns)
        let sizeColumn = try object.optional("sizeColumn")?.int(in: columns)
        let hasHeader = try object.optional("header")?.bool() ?? false
        if format != .csv, keyColumn != 0 || timeColumn != nil || sizeColumn != nil || hasHeader {
            throw object.node.error("keyColumn, timeColumn, sizeColumn and header need \"format\": \"csv\"")
        }
        var integers = IntegerLayout()
        let widthNode = object.optional("width"), orderNode = object.optional("byteOrder"),
            signedNode = object.optional("signed")
        if format == .binary {
            integers = IntegerLayout(
                width: try widthNode?.int(in: 4...8, "4 or 8").checkedWidth(widthNode!) ?? 8,
                byteOrder: IntegerLayout.ByteOrder(rawValue: try orderNode?.oneOf(["big", "little"]) ?? "big")!,
                signed: try signedNode?.bool() ?? true)
        } else if widthNode != nil || orderNode != nil || signedNode != nil {
            throw object.node.error("width, byteOrder and signed need \"format\": \"binary\"")
        }
        let pageNode = object.optional("pageSize")
        let pageSize = try pageNode?.int(in: 1...(1 << 40))
        if format == .twitter, pageSize != nil {
            throw pageNode!.error("splits block traces into pages; twitter keys are not block addresses")
        }
        return TraceSource(
            path: resolved, format: format, keyColumn: keyColumn, timeColumn: timeColumn, sizeColumn: sizeColumn,
            hasHeader: hasHeader, integers: integers, pageSize: pageSize, formatGuessed: guessed)
    }
}

extension Int {
    /// The integer width itself when it is 4 or 8; else an error at `node`.
    fileprivate func checkedWidth(_ node: JSONNode) throws(WorkloadError) -> Int {
        guard self == 4 || self == 8 else { throw node.error("must be 4 or 8, got \(self)") }
        return self
    }
}

extension Arrivals {
    static func read(_ node: JSONNode) throws(WorkloadError) -> Arrivals {
        var object = try node.object()
        let process = try object.required("process").oneOf(["fixed", "poisson"])
        let rate = try object.required("ratePerSecond").double(in: 1e-6...1e9)
        try object.finish()
        return process == "fixed" ? .fixed(ratePerSecond: rate) : .poisson(ratePerSecond: rate)
    }
}

extension KeySource {
    /// Whether the source gives requests their own times (a trace with times).
    var suppliesTimes: Bool {
        if case .trace(let trace) = self { return trace.suppliesTimes }
        return false
    }

    /// Whether the source gives requests their own lifetimes (a trace with TTLs).
    public var suppliesLifetimes: Bool {
        if case .trace(let trace) = self { return trace.suppliesLifetimes }
        return false
    }
}

extension Warmup {
    /// `{"requests": 100000}` or `{"seconds": 60}`: exactly one. Seconds need
    /// request times; a count must leave requests to count.
    static func read(_ node: JSONNode, requests: Int?, hasTimes: Bool) throws(WorkloadError) -> Warmup {
        var object = try node.object()
        let count = object.optional("requests"), seconds = object.optional("seconds")
        try object.finish(expected: ["requests", "seconds"])
        switch (count, seconds) {
        case (let count?, nil):
            let limit = requests.map { $0 - 1 } ?? 1_000_000_000_000
            guard limit >= 1 else { throw count.error("leaves no request to count: requests is 1") }
            return .requests(
                try count.int(in: 1...limit, requests.map { "an integer between 1 and requests − 1 (\($0 - 1))" }))
        case (nil, let seconds?):
            guard hasTimes else {
                throw seconds.error(
                    "needs request times, and this workload has none: add \"arrivals\", e.g. {\"process\": \"poisson\", \"ratePerSecond\": 1000}, or give \"requests\""
                )
            }
            return .seconds(try seconds.double(in: 1e-9...1e12, "a number of seconds > 0"))
        case (nil, nil):
            throw node.error("expected {\"requests\": N} or {\"seconds\": S}")
        case (_?, _?):
            throw node.error("give either requests or seconds, not both")
        }
    }
}

extension SizeDistribution {
    static func read(_ node: JSONNode) throws(WorkloadError) -> SizeDistribution {
        var object = try node.object()
        let distribution = try object.required("distribution").oneOf(["fixed", "uniform", "lognormal", "pareto"])
        let maximumBytes = Int(UInt32.max)
        let result: SizeDistribution
        switch distribution {
        case "fixed":
            result = .fixed(bytes: try object.required("bytes").int(in: 1...maximumBytes))
        case "uniform":
            let low = try object.required("min").int(in: 1...maximumBytes)
            let high = try object.required("max").int(
                in: low...maximumBytes, "an integer between min (\(low)) and \(maximumBytes)")
            result = .uniform(min: low, max: high)
        case "lognormal":
            let median = try object.required("medianBytes").double(in: 1...Double(maximumBytes))
            let sigma = try object.required("sigma").double(in: 0...10)
            result = .lognormal(medianBytes: median, sigma: sigma)
        default:
            let minimum = try object.required("minBytes").double(in: 1...Double(maximumBytes))
            let shape = try object.required("shape").double(in: 0.01...100)
            result = .pareto(minBytes: minimum, shape: shape)
        }
        try object.finish()
        return result
    }
}

extension LatencyModel {
    /// `{"distribution": "fixed", "ms": 5}` (or `"us"`), or
    /// `{"distribution": "lognormal", "medianMs": 5, "sigma": 0.5}` (or `"medianUs"`).
    static func read(_ node: JSONNode) throws(WorkloadError) -> LatencyModel {
        var object = try node.object()
        let distribution = try object.required("distribution").oneOf(["fixed", "lognormal"])
        let millisecond = 1e6, microsecond = 1e3
        /// Reads exactly one of the two unit fields, in nanoseconds.
        func duration(_ msField: String, _ usField: String) throws(WorkloadError) -> Double {
            let range = 0.0...3.6e12
            let ms = try object.optional(msField)?.double(in: range)
            let us = try object.optional(usField)?.double(in: range)
            switch (ms, us) {
            case let (ms?, nil): return ms * millisecond
            case let (nil, us?): return us * microsecond
            case (nil, nil): throw node.child(msField, .null).error("is required (or \(usField))")
            case (_?, _?): throw node.child(usField, .null).error("give either \(msField) or \(usField), not both")
            }
        }
        let result: LatencyModel
        if distribution == "fixed" {
            result = .fixed(nanoseconds: try duration("ms", "us"))
        } else {
            let median = try duration("medianMs", "medianUs")
            let sigma = try object.required("sigma").double(in: 0...10)
            result = .lognormal(medianNanoseconds: median, sigma: sigma)
        }
        try object.finish()
        return result
    }
}

extension CacheSpec {
    /// `{"policy": "lru", "capacity": [1000, 10000], "capacityBytes": 1e6, "ttl": 30}`:
    /// capacities are integers or arrays of integers (byte capacities may
    /// also be written `"64MiB"`, see ``ByteSize``); every other field is a
    /// policy option, a number or a word (checked against the registry by the
    /// harness).
    static func read(_ node: JSONNode) throws(WorkloadError) -> CacheSpec {
        var object = try node.object()
        let policyNode = try object.required("policy")
        let policy = try policyNode.string()
        guard !policy.isEmpty else { throw policyNode.error("must not be empty") }
        var capacities: [Capacity] = []
        for (field, make) in [("capacity", Capacity.entries), ("capacityBytes", Capacity.bytes)] {
            guard let capacityNode = object.optional(field) else { continue }
            let values = capacityNode.isArray ? try capacityNode.array() : [capacityNode]
            guard !values.isEmpty else { throw capacityNode.error("must not be empty") }
            for value in values {
                capacities.append(make(try field == "capacityBytes" ? value.byteCount() : value.int(in: 1...Int.max)))
            }
        }
        var options: [String: PolicyOptionValue] = [:]
        for (name, option) in object.takeRest() {
            if option.isNumber() {
                options[name] = .number(try option.double())
            } else if option.isString {
                options[name] = .word(try option.string())
            } else {
                throw option.error("policy options are numbers or words, got \(option.kind)")
            }
        }
        return CacheSpec(policy: policy, capacities: capacities, options: options, jsonPath: node.path)
    }
}
