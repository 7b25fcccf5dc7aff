/// Reads traces of bare fixed-width integer keys, one after another with no
/// header: the width (4 or 8 bytes), byte order and signedness come from
/// the spec (`IntegerLayout`). The cache2k, CloudPhysics, Corda and Scarab
/// traces are big-endian int32, uint32 and int64. A negative key is used
/// by its bit pattern (two's complement, sign-extended to 64 bits).
struct BinaryReader: TraceFormatReader {
    let layout: IntegerLayout
    private var records: RecordReader

    init(layout: IntegerLayout, bytes: TraceBytes) {
        self.layout = layout
        records = RecordReader(bytes, width: layout.width)
    }

    mutating func read(
        limit: Int, keys: inout [UInt64], times: inout [Int64], sizes: inout [UInt32]
    ) throws(WorkloadError) -> Int {
        var count = 0
        let big = layout.byteOrder == .bigEndian
        while count < limit, let run = try records.next(limit: limit - count) {
            let n = run.count / layout.width
            let first = keys.count
            keys.append(contentsOf: repeatElement(0, count: n))
            keys.withUnsafeMutableBufferPointer { keys in
                let base = run.baseAddress!
                switch (layout.width, layout.signed) {
                case (4, false):
                    for i in 0..<n {
                        let raw = base.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)
                        keys[first + i] = UInt64(big ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw))
                    }
                case (4, true):
                    for i in 0..<n {
                        let raw = base.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)
                        let value = Int32(bitPattern: big ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw))
                        keys[first + i] = UInt64(bitPattern: Int64(value))
                    }
                default:
                    for i in 0..<n {
                        let raw = base.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
                        keys[first + i] = big ? UInt64(bigEndian: raw) : UInt64(littleEndian: raw)
                    }
                }
            }
            count += n
        }
        return count
    }
}
