import Foundation

extension StreamWriter {
    /// Appends the chunk's requests as oracleGeneral records (little-endian
    /// u32 time in whole seconds, u64 key, u32 size, i64 next access = −1
    /// until `fillNextAccess` sets it). O(count).
    static func appendOracleGeneral(_ chunk: RequestChunk, to bytes: inout [UInt8]) {
        let recordSize = OracleGeneralReader.recordSize
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: chunk.count * recordSize))
        bytes.withUnsafeMutableBytes { raw in
            var record = raw.baseAddress! + start
            for i in 0..<chunk.count {
                let seconds = UInt32(clamping: chunk.times[i] / 1_000_000_000)
                record.storeBytes(of: seconds.littleEndian, as: UInt32.self)
                record.storeBytes(of: chunk.keys[i].littleEndian, toByteOffset: 4, as: UInt64.self)
                record.storeBytes(of: chunk.sizes[i].littleEndian, toByteOffset: 12, as: UInt32.self)
                record.storeBytes(of: Int64(-1).littleEndian, toByteOffset: 16, as: Int64.self)
                record += recordSize
            }
        }
    }

    /// The backward pass: reads the `records` oracleGeneral records of the
    /// open file from the end, block by block, and writes into each the
    /// index of the next request to the same key (−1 for none). Memory:
    /// one block plus a position per distinct key.
    static func fillNextAccess(descriptor: Int32, records: Int, path: String) throws(WorkloadError) {
        let recordSize = OracleGeneralReader.recordSize
        let blockRecords = 1 << 16
        var nextSeen: [UInt64: Int64] = [:]
        var block = [UInt8](repeating: 0, count: blockRecords * recordSize)
        var end = records
        while end > 0 {
            let first = max(0, end - blockRecords)
            let byteCount = (end - first) * recordSize
            let offset = off_t(first * recordSize)
            let done: Bool = block.withUnsafeMutableBytes { raw in
                guard pread(descriptor, raw.baseAddress, byteCount, offset) == byteCount else { return false }
                for i in stride(from: end - first - 1, through: 0, by: -1) {
                    let record = raw.baseAddress! + i * recordSize
                    let key = UInt64(littleEndian: record.loadUnaligned(fromByteOffset: 4, as: UInt64.self))
                    let next = nextSeen.updateValue(Int64(first + i), forKey: key) ?? -1
                    record.storeBytes(of: next.littleEndian, toByteOffset: 16, as: Int64.self)
                }
                return pwrite(descriptor, raw.baseAddress, byteCount, offset) == byteCount
            }
            guard done else {
                throw WorkloadError(file: path, "next-access pass failed: \(String(cString: strerror(errno)))")
            }
            end = first
        }
    }
}
