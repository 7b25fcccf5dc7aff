/// Fixed-size binary records of a trace, served in runs of whole records
/// straight from the reader's buffer. A file whose length is not a whole
/// number of records throws naming the byte offset of the cut record.
struct RecordReader {
    let bytes: TraceBytes
    /// Bytes per record.
    let width: Int

    init(_ bytes: TraceBytes, width: Int) {
        self.bytes = bytes
        self.width = width
    }

    /// Up to `limit` whole records (at least one), or nil at the end of the
    /// file. Valid until the next call; the records are consumed.
    mutating func next(limit: Int) throws(WorkloadError) -> UnsafeRawBufferPointer? {
        var window = bytes.available
        if window.count < width {
            try bytes.refill()
            window = bytes.available
            if window.count < width {
                guard window.isEmpty else {
                    throw WorkloadError(
                        file: bytes.path, location: "byte \(bytes.position)",
                        "truncated record: the file ends \(window.count) byte(s) into a \(width)-byte record")
                }
                return nil
            }
        }
        let records = min(limit, window.count / width)
        bytes.consume(records * width)
        return UnsafeRawBufferPointer(rebasing: window[..<(records * width)])
    }
}
