import Caches
import Histogram
import Products
import Workload

/// One cache under measurement: it replays requests and records, as it
/// goes, its hits, its memory series and sampled operation latencies.
///
/// Allocator and RSS figures are read just before and just after this
/// cache's own work on each chunk, in a process that does one thing at a
/// time, so the difference belongs to this cache alone even though several
/// caches consume the same stream (the stream is generated once per chunk).
///
/// A real product (``ProductCache``) is driven through the same face; its
/// memory samples are the product's own figures where it reports them (a
/// server's), and its failure or counters are checked between chunks and
/// at the end — never inside the replay loop.
final class MeasuredRun {
    let run: PlannedRun
    let cache: any ReplayableCache
    /// The cache again when it is a real product.
    private let product: (any ProductCache)?
    /// What the product reported when the run finished.
    private(set) var productReport: ProductReport?
    /// The simulated policies the product asks to be compared with.
    var comparisonModels: [ModelRequest] { product?.comparisonModels ?? [] }
    /// The cache again when it needs each request's next access.
    private let futureAware: (any FutureAwareCache)?
    private let options: HarnessOptions
    private let timerCost: Int64

    private(set) var tally = ReplayTally()
    private(set) var series: [MemorySample] = []
    private(set) var getLatency = Histogram<UInt64>(
        highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
    private(set) var setLatency = Histogram<UInt64>(
        highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
    private(set) var replayNanoseconds: Int64 = 0
    private(set) var replayedRequests = 0

    /// Allocator bytes and RSS growth attributed to this cache so far.
    private var allocatorBytes: Int
    private var rssBytes: Int
    private(set) var sampleEvery: Int
    private var nextSampleAt: Int
    private var nextTimedAt: Int
    /// Whether requests carry virtual times, which the samples then record.
    private let hasTimes: Bool
    /// The latest request time replayed so far, in nanoseconds.
    private var latestTime: Int64 = 0
    /// The warm-up the spec excludes from the counted figures.
    private let warmup: Warmup?
    /// The request from which figures are counted, once known (at once
    /// for a warm-up in requests; for one in seconds, at the first request
    /// at or past that time).
    private var countingStartsAt: Int?
    /// The tally and evictions when counting started.
    private(set) var warmupTally: ReplayTally?
    private(set) var warmupEvictions = 0
    private var warmupExpirations = 0
    private var warmupCauses = MissCauses()
    /// Whether each miss is logged and given its cause as it happens: for
    /// a cache whose entries can expire, or a stream whose trace deletes
    /// and writes keys. Other runs' misses are the compulsory ones and
    /// capacity misses, counted per stretch.
    private let logsMisses: Bool
    private var classifier: MissClassifier
    private var log = ReplayLog()

    /// `keys` is the stream's source (unique IDs need no memory to give
    /// misses their causes); `hasOperations`, whether its trace deletes
    /// and writes keys between requests.
    init(
        run: PlannedRun, expectedRequests: Int?, options: HarnessOptions, timerCost: Int64, hasTimes: Bool = false,
        warmup: Warmup? = nil, keys: KeySource, hasOperations: Bool
    ) throws {
        self.run = run
        self.options = options
        self.timerCost = timerCost
        self.hasTimes = hasTimes
        self.warmup = warmup
        if case .requests(let n)? = warmup { countingStartsAt = n }
        let allocatorBefore = MemoryProbe.allocatedBytes()
        let rssBefore = MemoryProbe.residentBytes()
        cache = try run.makeCache()
        futureAware = cache as? any FutureAwareCache
        product = cache as? any ProductCache
        allocatorBytes = MemoryProbe.allocatedBytes() - allocatorBefore
        rssBytes = max(0, MemoryProbe.residentBytes() - rssBefore)
        // The offline optimum replays with each request's next access, which
        // the logging loop does not carry: its misses after a trace's
        // delete count as capacity misses.
        logsMisses = (cache.expires || hasOperations) && futureAware == nil
        classifier = MissClassifier(keys: keys)
        if logsMisses {
            log.misses.reserveCapacity(options.chunkSize)
            log.expiries.reserveCapacity(options.chunkSize)
        }
        if let expectedRequests {
            sampleEvery = max(1, expectedRequests / max(1, options.targetSeriesPoints))
        } else {
            sampleEvery = 4096
        }
        nextSampleAt = sampleEvery
        // Start the timed requests half a period in, so they do not line up
        // with the memory samples.
        nextTimedAt = options.latencySampleEvery / 2
        series.reserveCapacity(options.maximumSeriesPoints + 2)
        series.append(sample(at: 0))
    }

    /// Replays one chunk whose first request is request number `base`,
    /// applying the chunk's `mutations` (a trace's deletes and writes) at their positions. A
    /// cache that needs the future gets the chunk's next accesses, which
    /// the caller must have filled.
    func consume(_ chunk: RequestChunk, base: Int) {
        precondition(
            futureAware == nil || chunk.nextAccess.count == chunk.count,
            "\(run.policy) needs each request's next access; the chunk carries none")
        chunk.withBuffers { keys, sizes, times in
            chunk.nextAccess.withUnsafeBufferPointer { next in
                chunk.lifetimes.withUnsafeBufferPointer { lifetimes in
                    consume(
                        keys: keys, sizes: sizes, times: times, nextAccess: next,
                        lifetimes: lifetimes.isEmpty ? nil : lifetimes, mutations: chunk.mutations,
                        firsts: chunk.firstRequests, base: base)
                }
            }
        }
    }

    private func consume(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>, times: UnsafeBufferPointer<Int64>,
        nextAccess: UnsafeBufferPointer<Int64>, lifetimes: UnsafeBufferPointer<Int64>?, mutations: [Mutation],
        firsts: [Int32], base: Int
    ) {
        let started = monotonicNanoseconds()
        var measuring: Int64 = 0  // time spent timing requests and taking samples
        var allocatorMark = MemoryProbe.allocatedBytes()
        var rssMark = MemoryProbe.residentBytes()
        /// Runs the harness's own bookkeeping (giving misses their causes):
        /// neither its time nor its allocations are the cache's.
        func harnessWork(_ body: () -> Void) {
            let started = monotonicNanoseconds()
            let allocated = MemoryProbe.allocatedBytes()
            body()
            allocatorMark += MemoryProbe.allocatedBytes() - allocated
            measuring += monotonicNanoseconds() - started
        }
        let n = keys.count
        if countingStartsAt == nil, case .seconds(let seconds)? = warmup {
            let start = Int64(min(seconds * 1e9, 9e18))
            if let first = times.firstIndex(where: { $0 >= start }) { countingStartsAt = base + first }
        }
        var i = 0
        var mutation = 0  // next of `mutations` to apply
        // Invariant: nextSampleAt ≥ base + i and nextTimedAt ≥ base + i, so
        // every step makes progress. A sample is due *after* its request
        // count is reached, so it is taken before the request at that index.
        while true {
            if base + i == countingStartsAt, warmupTally == nil { startCounting() }
            if base + i == nextSampleAt {
                let sampling = monotonicNanoseconds()
                allocatorBytes += MemoryProbe.allocatedBytes() - allocatorMark
                rssBytes += MemoryProbe.residentBytes() - rssMark
                record(sample(at: base + i))
                allocatorMark = MemoryProbe.allocatedBytes()
                rssMark = MemoryProbe.residentBytes()
                measuring += monotonicNanoseconds() - sampling
            }
            while mutation < mutations.count, mutations[mutation].before <= i {
                let key = mutations[mutation].key
                switch mutations[mutation].change {
                case .remove:
                    if cache.discard(key), logsMisses { harnessWork { classifier.removed(key, at: base + i) } }
                case .store(let size, let time, let lifetime):
                    if logsMisses {
                        // What the write's set expires first is logged, as a request's would be.
                        cache.removeExpired(now: time, position: 0, log: &log)
                        harnessWork {
                            classifier.count(
                                log, keys: UnsafeBufferPointer(start: nil, count: 0), start: i, base: base,
                                firsts: firsts)
                            log.removeAll()
                        }
                    }
                    cache.admit(key, size: Int(size), now: time, lifetime: lifetime)
                    if logsMisses { harnessWork { classifier.written(key) } }
                }
                mutation += 1
            }
            guard i < n else { break }
            if base + i == nextTimedAt {
                measuring += timedRequest(
                    key: keys[i], size: Int(sizes[i]), time: times[i],
                    nextAccess: futureAware == nil ? nil : nextAccess[i], lifetime: lifetimes?[i] ?? 0)
                harnessWork {
                    // The request missed if the misses outnumber those given a cause.
                    let missed = tally.requests - tally.hits > causes.total
                    if missed { log.misses.append(0) }
                    if missed || logsMisses {
                        classifier.count(
                            log, keys: UnsafeBufferPointer(rebasing: keys[i..<i + 1]), start: i, base: base,
                            firsts: firsts)
                    }
                    log.removeAll()
                }
                nextTimedAt += options.latencySampleEvery
                i += 1
                continue
            }
            var end = min(
                n, nextTimedAt - base, nextSampleAt - base, mutation < mutations.count ? mutations[mutation].before : n)
            if let start = countingStartsAt, start > base + i { end = min(end, start - base) }
            let (k, s, t) = (
                UnsafeBufferPointer(rebasing: keys[i..<end]), UnsafeBufferPointer(rebasing: sizes[i..<end]),
                UnsafeBufferPointer(rebasing: times[i..<end])
            )
            let missesBefore = tally.requests - tally.hits
            if logsMisses {
                let segmentLifetimes = lifetimes.map { UnsafeBufferPointer(rebasing: $0[i..<end]) }
                cache.replay(keys: k, sizes: s, times: t, lifetimes: segmentLifetimes, log: &log, tally: &tally)
            } else if let futureAware {
                futureAware.replay(
                    keys: k, sizes: s, times: t, nextAccess: UnsafeBufferPointer(rebasing: nextAccess[i..<end]),
                    tally: &tally)
            } else {
                cache.replay(keys: k, sizes: s, times: t, tally: &tally)
            }
            harnessWork {
                if logsMisses {
                    classifier.count(log, keys: k, start: i, base: base, firsts: firsts)
                    log.removeAll()
                } else {
                    classifier.countPlain(
                        misses: tally.requests - tally.hits - missesBefore, start: i, requests: end - i, firsts: firsts)
                }
            }
            replayedRequests += end - i
            latestTime = max(latestTime, times[end - 1])
            i = end
        }
        allocatorBytes += MemoryProbe.allocatedBytes() - allocatorMark
        rssBytes += MemoryProbe.residentBytes() - rssMark
        replayNanoseconds += monotonicNanoseconds() - started - measuring
    }

    /// Times one request (its `get`, and its `set` on a miss, with the
    /// request's lifetime), counts it, and returns the time the whole thing
    /// took, timers included. A run that logs its misses first removes what
    /// has expired, logging it, untimed: the replay loop would have.
    private func timedRequest(key: UInt64, size: Int, time: Int64, nextAccess: Int64?, lifetime: Int64) -> Int64 {
        latestTime = max(latestTime, time)
        if logsMisses { cache.removeExpired(now: time, position: 0, log: &log) }
        let t0 = monotonicNanoseconds()
        let hit = nextAccess.map { futureAware!.lookup(key, now: time, nextAccess: $0) } ?? cache.lookup(key, now: time)
        let t1 = monotonicNanoseconds()
        getLatency.record(UInt64(max(0, t1 - t0 - timerCost)))
        tally.requests += 1
        tally.bytesRequested += size
        if hit {
            tally.hits += 1
            tally.bytesHit += size
            return monotonicNanoseconds() - t0
        }
        let t2 = monotonicNanoseconds()
        if let nextAccess {
            futureAware!.admit(key, size: size, now: time, nextAccess: nextAccess)
        } else if lifetime > 0 {
            cache.admit(key, size: size, now: time, lifetime: lifetime)
        } else {
            cache.admit(key, size: size, now: time)
        }
        let t3 = monotonicNanoseconds()
        setLatency.record(UInt64(max(0, t3 - t2 - timerCost)))
        return monotonicNanoseconds() - t0
    }

    /// Throws the product's failure, if it has stopped serving (its
    /// server died, a reply made no sense).
    func checkProduct() throws {
        if let failure = product?.failure { throw failure }
    }

    /// Ends the series with a sample at the last request (if not just
    /// taken); a warm-up that outlasted the stream leaves nothing counted;
    /// a product then checks its counters and stops.
    func finish() throws {
        if series.last?.request != tally.requests {
            series.append(sample(at: tally.requests))
        }
        if warmup != nil, warmupTally == nil { startCounting() }
        try checkProduct()
        if let product {
            var report = try product.finish()
            report.effectiveEntries = ProductComparison.effectiveEntries(series)
            productReport = report
        }
    }

    /// The tally counted after the warm-up (all of it without one).
    var countedTally: ReplayTally {
        guard let start = warmupTally else { return tally }
        var counted = ReplayTally()
        counted.requests = tally.requests - start.requests
        counted.hits = tally.hits - start.hits
        counted.bytesRequested = tally.bytesRequested - start.bytesRequested
        counted.bytesHit = tally.bytesHit - start.bytesHit
        return counted
    }

    /// Evictions counted after the warm-up.
    var countedEvictions: Int { cache.evictions - warmupEvictions }

    /// Expirations counted after the warm-up; `nil` when nothing can expire.
    var countedExpirations: Int? { cache.expires ? cache.expirations - warmupExpirations : nil }

    /// Every miss so far, by cause (they sum to the tally's misses).
    var causes: MissCauses { classifier.causes }

    /// The counted misses by cause.
    var countedCauses: MissCauses { classifier.causes.since(warmupCauses) }

    private func startCounting() {
        warmupTally = tally
        warmupEvictions = cache.evictions
        warmupExpirations = cache.expirations
        warmupCauses = classifier.causes
    }

    private func sample(at request: Int) -> MemorySample {
        // A product's memory is what it reports (a failure to read it is
        // its failure, thrown between chunks); an in-process one's is
        // measured here.
        if let product, let memory = try? product.readMemory() {
            return MemorySample(
                request: request, entries: memory.entries, objectBytes: memory.datasetBytes,
                storageBytes: memory.datasetBytes, allocatorBytes: memory.allocatorBytes, rssBytes: memory.rssBytes)
        }
        return MemorySample(
            request: request, entries: cache.count, objectBytes: cache.residentBytes, storageBytes: cache.storageBytes,
            allocatorBytes: allocatorBytes, rssBytes: rssBytes, seconds: hasTimes ? Double(latestTime) / 1e9 : nil,
            hits: tally.hits)
    }

    /// Appends and schedules the next sample, keeping the series within
    /// bounds by dropping every other point and doubling the interval (the
    /// first point stays).
    private func record(_ sample: MemorySample) {
        series.append(sample)
        nextSampleAt = sample.request + sampleEvery
        if series.count > options.maximumSeriesPoints {
            var kept: [MemorySample] = []
            kept.reserveCapacity(options.maximumSeriesPoints + 2)
            for (index, point) in series.enumerated() where index % 2 == 0 { kept.append(point) }
            series = kept
            sampleEvery *= 2
            nextSampleAt = (series.last?.request ?? 0) + sampleEvery
        }
    }
}
