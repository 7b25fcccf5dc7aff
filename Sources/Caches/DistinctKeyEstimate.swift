#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many distinct keys a stream holds, estimated in 64 KiB whatever its
/// size: HyperLogLog (Flajolet et al. 2007) with 2^16 one-byte registers,
/// standard error 1.04 / 2^8 ≈ 0.41 %, and linear counting while most
/// registers are empty (exact to a fraction of a percent for small sets).
///
/// It takes a key's 64-bit hash, not the key: the register is the low 16
/// bits and the rank the trailing zeros of the rest, so a caller that
/// samples keys by the hash's *top* bits (``KeySample``) gets an estimate
/// that does not depend on which keys it sampled.
public struct DistinctKeyEstimate: Sendable {
    static let bits = 16

    /// The estimate's relative standard error, 1.04 / √(2^16).
    public static let standardError = 1.04 / Double(1 << 8)
    @usableFromInline var registers: [UInt8]

    public init() { registers = Array(repeating: 0, count: 1 << Self.bits) }

    /// Counts the key whose hash is `hash`. O(1).
    @inlinable
    public mutating func insert(hash: UInt64) {
        let register = Int(truncatingIfNeeded: hash & 0xFFFF)
        let rank = UInt8(((hash >> 16) | (1 << 48)).trailingZeroBitCount + 1)
        if rank > registers[register] { registers[register] = rank }
    }

    /// The estimated number of distinct keys counted. O(2^16).
    public var estimate: Double {
        let m = Double(registers.count)
        var sum = 0.0
        var empty = 0
        for rank in registers {
            sum += 1 / Double(UInt64(1) << UInt64(rank))
            if rank == 0 { empty += 1 }
        }
        let raw = 0.7213 / (1 + 1.079 / m) * m * m / sum
        if raw <= 2.5 * m && empty > 0 { return m * log(m / Double(empty)) }
        return raw
    }
}
