/// A key the caches can index.
///
/// The caches hash each key once per operation through ``cacheHash``. The
/// default takes Swift's `hashValue`; `UInt64` keys, which the simulator uses
/// for every request, go through ``mix64(_:)`` instead, because the seeded
/// SipHash behind `Hasher` costs a fifth of an LRU request.
public protocol CacheKey: Hashable {
    /// A well-mixed 64-bit hash of the key. Equal keys give equal hashes.
    var cacheHash: UInt64 { get }
}

extension CacheKey {
    /// The default hash: Swift's `hashValue`, seeded per process.
    @inlinable public var cacheHash: UInt64 { UInt64(bitPattern: Int64(hashValue)) }
}

extension UInt64: CacheKey {
    /// The key through the `fmix64` finalizer of MurmurHash3. O(1).
    @inlinable public var cacheHash: UInt64 { mix64(self) }
}

extension Int: CacheKey {
    @inlinable public var cacheHash: UInt64 { mix64(UInt64(bitPattern: Int64(self))) }
}

extension String: CacheKey {}

/// MurmurHash3's 64-bit finalizer: a bijection on `UInt64` whose output bits
/// each depend on every input bit. Used to hash integer keys and, being
/// invertible, to scramble ranks into keys without collisions. O(1).
@inlinable
public func mix64(_ x: UInt64) -> UInt64 {
    var k = x
    k ^= k >> 33
    k &*= 0xff51_afd7_ed55_8ccd
    k ^= k >> 33
    k &*= 0xc4ce_b9fe_1a85_ec53
    k ^= k >> 33
    return k
}
