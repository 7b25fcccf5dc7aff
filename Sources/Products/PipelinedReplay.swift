import Caches

/// How a server product replays a chunk: in batches, each sent in one
/// write and answered in one round trip, so that the network does not
/// dominate — without changing what a request sees.
///
/// A batch holds at most ``pipeline`` requests whose object sizes add up to
/// at most ``byteBudget`` (a reply holds a hit's value; a small budget keeps
/// the server's buffers, which count against its memory limit, small). When
/// the server's clock follows request time (``pacer``), a batch never spans
/// two request seconds. When the product's protocol answers a batch's
/// `get`s before its `set`s (memcached), a batch also ends before the first
/// key it already holds, so a repeated key sees its own earlier set.
struct PipelinedReplay {
    /// Requests per round trip at most.
    let pipeline: Int
    /// Whether a batch must hold distinct keys.
    let distinctKeys: Bool
    /// Sizes per batch at most (one request always fits).
    static let byteBudget = 64 << 10
    /// Replays request seconds on the server's clock, if asked to.
    var pacer: VirtualClockPacer?
    /// The hits of the batch being answered, by position in it.
    private var hits: [Bool] = []

    init(pipeline: Int, distinctKeys: Bool, pacer: VirtualClockPacer?) {
        self.pipeline = Swift.max(1, pipeline)
        self.distinctKeys = distinctKeys
        self.pacer = pacer
        hits.reserveCapacity(self.pipeline)
    }

    /// Where the batch that begins at `start` ends. O(batch), or O(batch²)
    /// key comparisons with distinct keys (a batch is small).
    func end(
        from start: Int, keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>,
        times: UnsafeBufferPointer<Int64>
    ) -> Int {
        let second = pacer != nil ? VirtualClockPacer.second(of: times[start]) : 0
        var bytes = Int(sizes[start])
        var end = start + 1
        while end < keys.count, end - start < pipeline {
            bytes += Int(sizes[end])
            if bytes > Self.byteBudget { break }
            if pacer != nil, VirtualClockPacer.second(of: times[end]) != second { break }
            if distinctKeys, keys[start..<end].contains(keys[end]) { break }
            end += 1
        }
        return end
    }

    /// Replays `keys` batch by batch: `send` sends the requests of a range
    /// and records whether each hit, in order, in the array it is given; it
    /// is handed the pacer as it stands for the batch (to place a lifetime
    /// on the server's clock). Adds to `tally`. `isStopped` ends a wait for
    /// the clock early.
    mutating func replay(
        keys: UnsafeBufferPointer<UInt64>, sizes: UnsafeBufferPointer<UInt32>, times: UnsafeBufferPointer<Int64>,
        tally: inout ReplayTally, isStopped: () -> Bool,
        send: (Range<Int>, inout [Bool], VirtualClockPacer?) throws(ProductError) -> Void
    ) throws(ProductError) {
        var start = 0
        while start < keys.count {
            let end = end(from: start, keys: keys, sizes: sizes, times: times)
            if pacer != nil {
                _ = pacer!.enter(second: VirtualClockPacer.second(of: times[start]), isStopped: isStopped)
            }
            hits.removeAll(keepingCapacity: true)
            try send(start..<end, &hits, pacer)
            pacer?.answered()
            precondition(hits.count == end - start, "a batch was not answered whole")
            let answered = hits
            tally.record(
                keys: UnsafeBufferPointer(rebasing: keys[start..<end]),
                sizes: UnsafeBufferPointer(rebasing: sizes[start..<end])
            ) { answered[$0] }
            start = end
        }
    }

    /// Before a request sent on its own (a timed one) at `time`.
    mutating func enter(time: Int64, isStopped: () -> Bool) {
        if pacer != nil { _ = pacer!.enter(second: VirtualClockPacer.second(of: time), isStopped: isStopped) }
    }

    /// Seconds of request time that slipped past their wall second.
    var clockSlips: Int { pacer?.slips ?? 0 }
}
