import CCompression

/// How a trace file's bytes are packed, recognised from its first bytes
/// (never from its name).
public enum TraceCompression: String, Sendable, Equatable {
    case none, gzip, zstd, xz

    /// The compression whose magic number `prefix` starts with.
    /// gzip: `1f 8b`; zstd: `28 b5 2f fd`; xz: `fd 37 7a 58 5a 00`. O(1).
    public static func detect(_ prefix: some Collection<UInt8>) -> TraceCompression {
        let bytes = Array(prefix.prefix(6))
        if bytes.starts(with: [0x1f, 0x8b]) { return .gzip }
        if bytes.starts(with: [0x28, 0xb5, 0x2f, 0xfd]) { return .zstd }
        if bytes.starts(with: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) { return .xz }
        return .none
    }
}

/// Streaming decompression of gzip (zlib), zstd (libzstd) and xz (liblzma):
/// compressed bytes in, plain bytes out, in bounded memory whatever the
/// file's size. Concatenated members / frames / streams are read as one.
///
/// Errors name the compressed byte offset where the stream went wrong.
final class Decompressor {
    let kind: TraceCompression
    private let file: String
    private var zlib = z_stream()
    private var zstd: OpaquePointer?
    private var lzma = ccompression_lzma_stream_init()
    /// Whether the decoder stopped exactly at a member/frame boundary, so
    /// the end of input there is a clean end.
    private var atBoundary = true
    /// Compressed bytes consumed so far.
    private(set) var consumed: Int64 = 0

    init(_ kind: TraceCompression, file: String) throws(WorkloadError) {
        precondition(kind != .none)
        self.kind = kind
        self.file = file
        switch kind {
        case .gzip:
            // 15 + 16: a gzip wrapper, the largest window.
            guard ccompression_inflate_init(&zlib, 15 + 16) == Z_OK else {
                throw WorkloadError(file: file, "cannot start zlib")
            }
        case .zstd:
            guard let stream = ZSTD_createDStream() else { throw WorkloadError(file: file, "cannot start zstd") }
            zstd = stream
            ZSTD_initDStream(stream)
        case .xz:
            guard lzma_stream_decoder(&lzma, UInt64.max, ccompression_lzma_concatenated) == LZMA_OK else {
                throw WorkloadError(file: file, "cannot start liblzma")
            }
        case .none: break
        }
    }

    deinit {
        switch kind {
        case .gzip: inflateEnd(&zlib)
        case .zstd: ZSTD_freeDStream(zstd)
        case .xz: lzma_end(&lzma)
        case .none: break
        }
    }

    /// Decompresses from `input` (advancing it past what was consumed) into
    /// `output`; returns the bytes written. `endOfInput` says no compressed
    /// bytes follow `input`: then a stream cut short is an error.
    func decompress(
        _ input: inout UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, endOfInput: Bool
    ) throws(WorkloadError) -> Int {
        let before = input.count
        let written: Int
        switch kind {
        case .gzip: written = try inflate(&input, output)
        case .zstd: written = try zstdDecompress(&input, output)
        case .xz: written = try xzDecompress(&input, output, endOfInput: endOfInput)
        case .none: written = 0
        }
        consumed += Int64(before - input.count)
        if endOfInput, input.isEmpty, written == 0, !atBoundary {
            throw WorkloadError(
                file: file, location: "byte \(consumed)", "\(kind.rawValue) stream ends early (truncated file)")
        }
        return written
    }

    private func corrupt(_ detail: String, at offset: Int64) -> WorkloadError {
        WorkloadError(file: file, location: "byte \(offset)", "corrupt \(kind.rawValue) stream: \(detail)")
    }

    private func inflate(
        _ input: inout UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer
    ) throws(WorkloadError) -> Int {
        zlib.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        zlib.avail_in = UInt32(input.count)
        zlib.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        zlib.avail_out = UInt32(output.count)
        while zlib.avail_out > 0 {
            if atBoundary {
                guard zlib.avail_in > 0 else { break }
                // Another member may follow; anything else is not gzip.
                let next = UnsafeRawBufferPointer(start: zlib.next_in, count: Int(zlib.avail_in))
                if next.count >= 2, TraceCompression.detect(next) != .gzip {
                    throw corrupt("trailing bytes after the last gzip member", at: offset(input))
                }
            }
            let status = CCompression.inflate(&zlib, Z_NO_FLUSH)
            if status == Z_BUF_ERROR { break }  // no progress possible: needs input
            switch status {
            case Z_OK:
                atBoundary = false
            case Z_STREAM_END:
                atBoundary = true
                inflateReset(&zlib)
            default:
                let message = zlib.msg.map { String(cString: $0) } ?? "error \(status)"
                throw corrupt(message, at: offset(input))
            }
        }
        let written = output.count - Int(zlib.avail_out)
        input = UnsafeRawBufferPointer(rebasing: input[(input.count - Int(zlib.avail_in))...])
        return written
    }

    /// Absolute compressed offset of the decoder's position in `input`.
    private func offset(_ input: UnsafeRawBufferPointer) -> Int64 {
        consumed + Int64(input.count - Int(zlib.avail_in))
    }

    /// Compressed bytes handed to zstd per call: small enough that an error
    /// position (zstd reports none) is known to within this many bytes.
    private static let zstdSlice = 1 << 14

    private func zstdDecompress(
        _ input: inout UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer
    ) throws(WorkloadError) -> Int {
        var outBuffer = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
        var used = 0
        repeat {
            let slice = min(Self.zstdSlice, input.count - used)
            var inBuffer = ZSTD_inBuffer(src: input.baseAddress.map { $0 + used }, size: slice, pos: 0)
            // With no input left, only call to flush what a frame still holds.
            if slice == 0, atBoundary { break }
            let hint = ZSTD_decompressStream(zstd, &outBuffer, &inBuffer)
            if ZSTD_isError(hint) != 0 {
                throw corrupt(String(cString: ZSTD_getErrorName(hint)), at: consumed + Int64(used + inBuffer.pos))
            }
            used += inBuffer.pos
            // 0: a frame was completely decoded and flushed.
            atBoundary = hint == 0
            if slice == 0 || (inBuffer.pos == 0 && outBuffer.pos == outBuffer.size) { break }
        } while outBuffer.pos < outBuffer.size
        input = UnsafeRawBufferPointer(rebasing: input[used...])
        return outBuffer.pos
    }

    private func xzDecompress(
        _ input: inout UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer, endOfInput: Bool
    ) throws(WorkloadError) -> Int {
        lzma.next_in = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        lzma.avail_in = input.count
        lzma.next_out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
        lzma.avail_out = output.count
        let status = lzma_code(&lzma, endOfInput ? LZMA_FINISH : LZMA_RUN)
        let used = input.count - lzma.avail_in
        switch status {
        case LZMA_OK:
            atBoundary = false
        case LZMA_STREAM_END:
            atBoundary = true
        case LZMA_BUF_ERROR where !endOfInput:
            break
        case LZMA_BUF_ERROR:
            throw WorkloadError(
                file: file, location: "byte \(consumed + Int64(used))", "xz stream ends early (truncated file)")
        case LZMA_FORMAT_ERROR, LZMA_DATA_ERROR, LZMA_OPTIONS_ERROR:
            throw corrupt("lzma error \(status.rawValue)", at: consumed + Int64(used))
        default:
            throw corrupt("lzma error \(status.rawValue)", at: consumed + Int64(used))
        }
        input = UnsafeRawBufferPointer(rebasing: input[used...])
        return output.count - lzma.avail_out
    }
}
