import Caches
import Foundation
import Stats

/// Object sizes in bytes, one per key and the same every time the key recurs,
/// without a table: a hash of (key, seed) gives u ∈ (0, 1), mapped through the
/// distribution's inverse CDF and clamped to 1 … 2³² − 1.
public struct ObjectSizer: Sendable {
    public let distribution: SizeDistribution?
    private let salt: UInt64

    public init(_ distribution: SizeDistribution?, seed: UInt64) {
        self.distribution = distribution
        salt = seed
    }

    /// The size of `key`'s object (1 when the workload has no sizes). O(1).
    public func size(of key: UInt64) -> UInt32 {
        guard let distribution else { return 1 }
        let u = unitInterval(mix64(key ^ salt))
        let bytes: Double
        switch distribution {
        case .fixed(let fixed):
            return UInt32(clamping: fixed)
        case .uniform(let low, let high):
            return UInt32(clamping: low + Int(u * Double(high - low + 1)).clamped(to: 0...(high - low)))
        case .lognormal(let median, let sigma):
            bytes = median * exp(sigma * Normal.quantile(u))
        case .pareto(let minimum, let shape):
            bytes = minimum * pow(u, -1 / shape)
        }
        return UInt32(bytes.rounded().clamped(to: 1...Double(UInt32.max)))
    }

    /// Writes the size of each of `keys` into `sizes` (same count): `size(of:)`
    /// of each; a constant size is written without looking at the keys. O(n).
    public func fill(_ sizes: UnsafeMutableBufferPointer<UInt32>, keys: UnsafeBufferPointer<UInt64>) {
        switch distribution {
        case nil: sizes.update(repeating: 1)
        case .fixed(let fixed): sizes.update(repeating: UInt32(clamping: fixed))
        default: for i in sizes.indices { sizes[i] = size(of: keys[i]) }
        }
    }
}

extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
