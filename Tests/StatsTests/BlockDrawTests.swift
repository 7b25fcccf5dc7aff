import Testing

@testable import Stats

/// Block draws against one-at-a-time draws from a second source of the same
/// seed: every value equal, bit for bit, and the source left where the
/// one-at-a-time calls leave it (checked by drawing on from both).
@Suite struct BlockDrawTests {
    static let seeds: [UInt64] = [0, 1, 42, 0xdead_beef_cafe]

    @Test func blocksAreDrawnInPlaceOnThisMachine() {
        #expect(RandomSource(seed: 1).drawsBlocksInPlace, "GSL's mt19937 state is not laid out as expected")
    }

    /// Cuts of every kind: single words, a twist's worth, across twists.
    static let cuts = [1, 623, 624, 625, 7, 2000, 1, 1, 5000]

    @Test(arguments: seeds)
    func wordsAreNext32(seed: UInt64) {
        let blocks = RandomSource(seed: seed), single = RandomSource(seed: seed)
        for cut in Self.cuts {
            var words = [UInt32](repeating: 0, count: cut)
            words.withUnsafeMutableBufferPointer { blocks.fill(words: $0) }
            #expect(words == (0..<cut).map { _ in single.next32() })
            // One-at-a-time draws between blocks continue the same sequence.
            #expect(blocks.next32() == single.next32())
        }
    }

    @Test(arguments: seeds)
    func uniformsAndExponentialsAreTheSingleDraws(seed: UInt64) {
        let blocks = RandomSource(seed: seed), single = RandomSource(seed: seed)
        for cut in Self.cuts {
            var uniforms = [Double](repeating: 0, count: cut)
            uniforms.withUnsafeMutableBufferPointer { blocks.fill(uniforms: $0) }
            #expect(uniforms.map(\.bitPattern) == (0..<cut).map { _ in single.uniform().bitPattern })
            var gaps = [Double](repeating: 0, count: cut)
            gaps.withUnsafeMutableBufferPointer { blocks.fill(exponentials: $0, mean: 1e5) }
            #expect(gaps.map(\.bitPattern) == (0..<cut).map { _ in single.exponential(mean: 1e5).bitPattern })
        }
        #expect(blocks.uniform() == single.uniform())
    }

    /// Bounds where gsl_rng_uniform_int rejects almost nothing, about half
    /// its words (just above 2³¹), or where two words make one value.
    static let bounds: [UInt64] = [
        1, 2, 3, 10, 1_000_000, 1 << 31 - 1, 1 << 31 + 1, 1 << 32 - 1, 1 << 32, 1 << 32 + 1, 1 << 53, .max,
    ]

    @Test(arguments: bounds)
    func uniformIntsFromAReaderAreUniformInt(bound: UInt64) {
        let blocks = RandomSource(seed: 9), single = RandomSource(seed: 9)
        let draw = UniformIntDraw(below: bound)
        for cut in Self.cuts {
            let values = blocks.withWordReader { reader in
                (0..<cut).map { i in draw.next(from: &reader, wordsAfter: (cut - 1 - i) * draw.minimumWords) }
            }
            #expect(values == (0..<cut).map { _ in single.uniformInt(below: bound) })
            #expect(blocks.next32() == single.next32())
        }
    }

    @Test func aReaderDrawsNoWordItsUserDoesNotRead() {
        let blocks = RandomSource(seed: 3), single = RandomSource(seed: 3)
        // Three reads promised, three made: the source moves by three words.
        let read = blocks.withWordReader { reader in
            [reader.next(atLeast: 3), reader.next(atLeast: 2), reader.next(atLeast: 1)]
        }
        #expect(read == [single.next32(), single.next32(), single.next32()])
        #expect(blocks.next32() == single.next32())
    }
}
