import Stats
import Testing

@Suite struct RandomSourceTests {
    @Test func sameSeedGivesSameDraws() {
        let a = RandomSource(seed: 7), b = RandomSource(seed: 7), c = RandomSource(seed: 8)
        let drawsA = (0..<100).map { _ in a.uniform() }
        let drawsB = (0..<100).map { _ in b.uniform() }
        let drawsC = (0..<100).map { _ in c.uniform() }
        #expect(drawsA == drawsB)
        #expect(drawsA != drawsC)
    }

    @Test func seedsDifferingAboveBit32StillDiffer() {
        let a = RandomSource(seed: 1), b = RandomSource(seed: 1 | 1 << 40)
        #expect((0..<10).map { _ in a.next32() } != (0..<10).map { _ in b.next32() })
    }

    @Test func uniformIntStaysBelowBound() {
        let rng = RandomSource(seed: 1)
        for bound in [1, 2, 10, 1 << 32, 1 << 40, UInt64.max] as [UInt64] {
            let draws = (0..<1000).map { _ in rng.uniformInt(below: bound) }
            #expect(draws.allSatisfy { $0 < bound })
        }
    }

    /// GSL's `gsl_rng_uniform_int` refuses n = 2³² (mt19937's range is
    /// 2³² − 1) and returns 0 without drawing: a bound of exactly 2³² must
    /// take the two-word path, or every key of a 2³²-key universe is 0.
    @Test func uniformIntBelowTwoToThe32IsUniform() {
        let rng = RandomSource(seed: 5)
        let draws = (0..<1000).map { _ in rng.uniformInt(below: 1 << 32) }
        #expect(Set(draws).count > 990)
        #expect(draws.filter { $0 >= 1 << 31 }.count > 400)
    }

    @Test func drawsHaveTheirMeans() {
        let rng = RandomSource(seed: 3)
        let n = 200_000
        let uniform = MeanInterval.of((0..<n).map { _ in rng.uniform() }, confidence: 0.999)
        let exponential = MeanInterval.of((0..<n).map { _ in rng.exponential(mean: 2) }, confidence: 0.999)
        // Lognormal median e^zeta; Pareto(a = 3, b = 1) has mean a·b/(a − 1) = 1.5.
        let logs = (0..<n).map { _ in rng.lognormal(zeta: 1, sigma: 0.5) }.sorted()
        let pareto = MeanInterval.of((0..<n).map { _ in rng.pareto(shape: 3, scale: 1) }, confidence: 0.999)
        #expect(uniform.range.contains(0.5))
        #expect(exponential.range.contains(2))
        #expect(abs(Summary.quantile(logs, 0.5) - 2.718281828) < 0.02)
        #expect(abs(pareto.mean - 1.5) < 0.02)
    }
}

@Suite struct AliasTableTests {
    @Test func drawsFollowTheWeights() throws {
        let table = try AliasTable(weights: [1, 2, 3, 4])
        let rng = RandomSource(seed: 11)
        let n = 100_000
        var counts = [Double](repeating: 0, count: 4)
        for _ in 0..<n { counts[table.sample(rng)] += 1 }
        let expected = [0.1, 0.2, 0.3, 0.4].map { $0 * Double(n) }
        let p = ChiSquare.upperTail(ChiSquare.statistic(observed: counts, expected: expected), degreesOfFreedom: 3)
        #expect(p > 0.001)
        #expect(abs(table.probability(3) - 0.4) < 1e-12)
    }

    @Test func packedFillDrawsExactlyWhatGSLDraws() throws {
        let weights = (1...1000).map { 1 / Double($0) }
        let table = try AliasTable(weights: weights)
        let a = RandomSource(seed: 2), b = RandomSource(seed: 2), c = RandomSource(seed: 2)
        var filled = [Int](repeating: -1, count: 100_000), viaGSL = filled
        filled.withUnsafeMutableBufferPointer { table.fill($0, a) { $0 } }
        viaGSL.withUnsafeMutableBufferPointer { table.fillCallingGSL($0, b) { $0 } }
        #expect(filled == viaGSL)
        #expect(Array(filled.prefix(1000)) == (0..<1000).map { _ in table.sample(c) })
    }

    @Test(arguments: [[], [1, -1], [0, 0], [1, .nan]] as [[Double]])
    func badWeightsThrow(weights: [Double]) {
        #expect(throws: StatsError.self) { try AliasTable(weights: weights) }
    }
}
