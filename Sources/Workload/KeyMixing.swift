import Caches

// Keys are scrambled with the Caches library's `mix64`, the MurmurHash3
// finalizer: a bijection on `UInt64`, so ranks or counters become keys
// without collisions (`mix64(0) == 0`).

/// An independent seed for the part of a workload named by `stream`, so
/// components of a mix, phases, arrivals and sizes draw from separate
/// generators and adding one does not shift the others' draws.
@inlinable
public func deriveSeed(_ seed: UInt64, stream: UInt64) -> UInt64 {
    mix64(seed &+ 0x9E37_79B9_7F4A_7C15 &* (stream &+ 1))
}

/// A stable 64-bit hash of a string key (FNV-1a, then `mix64`): the same on
/// every run and machine, unlike Swift's seeded `Hasher`. O(length).
@inlinable
public func hashKey<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }
    return mix64(h)
}

/// A uniform value in the open interval (0, 1) derived from 53 bits of `hash`.
@inlinable
func unitInterval(_ hash: UInt64) -> Double {
    (Double(hash >> 11) + 0.5) * 0x1p-53
}
