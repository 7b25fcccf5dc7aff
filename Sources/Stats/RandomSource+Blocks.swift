#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Draws in blocks: the same values, in the same order, as the one-at-a-time
/// methods of ``RandomSource``, computed a block at a time on GSL's own
/// state (see ``MersenneTwisterState``) instead of one call through GSL's
/// function pointers per draw. One-at-a-time and block draws on one source
/// interleave as a single sequence.
extension RandomSource {
    /// Whether blocks are drawn in place on GSL's state (true wherever GSL's
    /// mt19937 has the layout checked for); otherwise through GSL's calls,
    /// one per draw: the same values, slower.
    public var drawsBlocksInPlace: Bool { twister != nil }

    /// Writes `transform` of each of the next `output.count` raw 32-bit
    /// outputs (what `next32()` returns call after call). O(n).
    @inlinable
    func draw<T>(into output: UnsafeMutableBufferPointer<T>, _ transform: (UInt32) -> T) {
        guard let twister else {
            for i in output.indices { output[i] = transform(next32()) }
            return
        }
        var i = output.startIndex
        while i < output.endIndex {
            var position = Int(twister.position.pointee)
            if position >= MersenneTwisterState.wordCount {
                twister.twist()
                position = 0
            }
            let n = min(MersenneTwisterState.wordCount - position, output.endIndex - i)
            for j in 0..<n { output[i + j] = transform(twister.output(position + j)) }
            twister.position.pointee = Int32(position + n)
            i += n
        }
    }

    /// Fills `words` with the next raw 32-bit outputs: `next32()` once per
    /// element. O(n).
    @inlinable
    public func fill(words: UnsafeMutableBufferPointer<UInt32>) {
        draw(into: words) { $0 }
    }

    /// Fills `uniforms` with draws from [0, 1): `uniform()` once per element
    /// (mt19937's word / 2³², as `gsl_rng_uniform`). O(n).
    @inlinable
    public func fill(uniforms: UnsafeMutableBufferPointer<Double>) {
        draw(into: uniforms) { Double($0) / 4_294_967_296.0 }
    }

    /// Fills `exponentials` with exponential draws of mean `mean`:
    /// `exponential(mean:)` once per element, by `gsl_ran_exponential`'s
    /// formula −mean · log1p(−u) on the same uniforms (the C library's log1p,
    /// as GSL calls it). O(n).
    @inlinable
    public func fill(exponentials: UnsafeMutableBufferPointer<Double>, mean: Double) {
        fill(uniforms: exponentials)
        for i in exponentials.indices { exponentials[i] = -mean * log1p(-exponentials[i]) }
    }

    /// Calls `body` with a reader of this source's words, for samplers that
    /// take a varying number of words per value (rejection). Traps if the
    /// reader drew a word that `body` did not read: the promise that keeps the
    /// source where one-at-a-time draws would have left it was broken.
    @inlinable
    public func withWordReader<Result>(_ body: (inout WordReader) throws -> Result) rethrows -> Result {
        try withUnsafeTemporaryAllocation(of: UInt32.self, capacity: WordReader.blockSize) { block in
            var reader = WordReader(source: self, block: block)
            let result = try body(&reader)
            precondition(reader.cursor == reader.end, "a WordReader drew words that were not read")
            return result
        }
    }
}

/// A source's 32-bit words read one at a time out of blocks drawn in bulk.
///
/// A block never holds a word that will not be read: each read states how
/// many words at least — itself included — its user will still read before
/// it is done, and a refill draws no more than that. So when the reader is
/// dropped the source is exactly where `next32()` calls would have left it,
/// and the numbers read are the same. Get one from
/// ``RandomSource/withWordReader(_:)``.
public struct WordReader {
    /// Words per refill at most.
    @usableFromInline static var blockSize: Int { 512 }

    @usableFromInline let source: RandomSource
    @usableFromInline let block: UnsafeMutableBufferPointer<UInt32>
    @usableFromInline var cursor = 0
    @usableFromInline var end = 0

    @usableFromInline
    init(source: RandomSource, block: UnsafeMutableBufferPointer<UInt32>) {
        self.source = source
        self.block = block
    }

    /// The next word (`next32()`). `atLeast` ≥ 1: words still to be read,
    /// this one included. O(1) amortized.
    @inlinable
    public mutating func next(atLeast: Int) -> UInt32 {
        if cursor == end {
            end = min(block.count, atLeast)
            source.fill(words: UnsafeMutableBufferPointer(rebasing: block[0..<end]))
            cursor = 0
        }
        defer { cursor += 1 }
        return block[cursor]
    }

    /// The next uniform from [0, 1) (`uniform()`), from one word; `atLeast` as for ``next(atLeast:)``. O(1) amortized.
    @inlinable
    public mutating func uniform(atLeast: Int) -> Double {
        Double(next(atLeast: atLeast)) / 4_294_967_296.0
    }
}

/// ``RandomSource/uniformInt(below:)`` for one bound, read from a
/// ``WordReader``: the same words consumed and the same values.
public struct UniformIntDraw: Sendable {
    /// Values are in `0 ..< bound`.
    public let bound: UInt64
    /// `gsl_rng_uniform_int`'s divisor, (2³² − 1) / bound, below 2³².
    @usableFromInline let scale: UInt64
    /// Fewest words one value reads: 1 below 2³² (more on a rejection), 2 from 2³² up.
    public let minimumWords: Int

    /// Draws below `bound` ≥ 1.
    public init(below bound: UInt64) {
        precondition(bound >= 1, "UniformIntDraw needs a bound ≥ 1")
        self.bound = bound
        if bound < 1 << 32 {
            scale = 0xffff_ffff / bound
            minimumWords = 1
        } else {
            scale = 0
            minimumWords = 2
        }
    }

    /// The next value. `wordsAfter`: words the reader's user will read at
    /// least after this value (so the reader may draw them with it). O(1) expected.
    @inlinable
    public func next(from reader: inout WordReader, wordsAfter: Int) -> UInt64 {
        if bound < 1 << 32 {
            // gsl_rng_uniform_int: divide, reject the top remainder.
            while true {
                let value = UInt64(reader.next(atLeast: 1 + wordsAfter)) / scale
                if value < bound { return value }
            }
        }
        let high = UInt64(reader.next(atLeast: 2 + wordsAfter))
        let low = UInt64(reader.next(atLeast: 1 + wordsAfter))
        return (high << 32 | low).multipliedFullWidth(by: bound).high
    }
}
