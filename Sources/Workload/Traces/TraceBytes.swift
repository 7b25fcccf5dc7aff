import Foundation

/// The bytes of a trace file, decompressed when its magic number says so,
/// served from one fixed buffer: a reader looks at `available`, consumes
/// what it parsed, and calls `refill` when it needs more. Memory is the
/// buffer (1 MiB, plus compressed input), whatever the file's length.
///
/// `offset(of:)` gives the position of a byte in the (decompressed) stream,
/// for errors that name a byte offset.
final class TraceBytes {
    let path: String
    let compression: TraceCompression
    private let descriptor: Int32
    private let decompressor: Decompressor?
    private let buffer: UnsafeMutableRawBufferPointer
    /// Compressed input waiting for the decompressor.
    private let packed: UnsafeMutableRawBufferPointer
    private var packedStart = 0, packedEnd = 0
    private var fileEnded = false
    /// Unconsumed bytes are `buffer[start..<end]`.
    private(set) var start = 0
    private(set) var end = 0
    /// Stream offset of `buffer[0]`.
    private var base: Int64 = 0
    /// No more bytes will come: `available` is all that is left.
    private(set) var atEnd = false

    static let bufferSize = 1 << 20

    /// Opens `path`; throws naming it when it is missing, a folder or unreadable.
    init(path: String, bufferSize: Int = TraceBytes.bufferSize) throws(WorkloadError) {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw WorkloadError(file: path, "trace file not found")
        }
        let descriptor = open(path, O_RDONLY)
        guard !isDirectory.boolValue, descriptor >= 0 else {
            if descriptor >= 0 { close(descriptor) }
            throw WorkloadError(file: path, "trace file cannot be read")
        }
        self.descriptor = descriptor
        buffer = .allocate(byteCount: bufferSize, alignment: 16)
        packed = .allocate(byteCount: bufferSize, alignment: 16)
        var magic = [UInt8](repeating: 0, count: 6)
        let got = pread(descriptor, &magic, 6, 0)
        compression = TraceCompression.detect(magic.prefix(max(0, got)))
        do {
            decompressor = compression == .none ? nil : try Decompressor(compression, file: path)
        } catch {
            close(descriptor)
            buffer.deallocate()
            packed.deallocate()
            throw error
        }
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
        packed.deallocate()
    }

    /// The unconsumed bytes. Valid until the next `refill` or `consume`.
    var available: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[start..<end])
    }

    /// Stream offset of the byte at buffer index `index` (as in `start`).
    func offset(ofIndex index: Int) -> Int64 { base + Int64(index) }

    /// Stream offset of the next unconsumed byte.
    var position: Int64 { base + Int64(start) }

    /// Marks `count` bytes of `available` as used.
    @inline(__always)
    func consume(_ count: Int) { start += count }

    /// Moves the unconsumed bytes to the front and reads more behind them.
    /// Returns false when nothing more came (then `atEnd` is true).
    /// A record or line longer than the buffer cannot be read whole; callers
    /// treat a full buffer without a terminator as an error.
    @discardableResult
    func refill() throws(WorkloadError) -> Bool {
        guard !atEnd else { return false }
        let left = end - start
        if start > 0 {
            if left > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: left) }
            base += Int64(start)
            start = 0
            end = left
        }
        guard end < buffer.count else { return false }
        while true {
            let room = UnsafeMutableRawBufferPointer(rebasing: buffer[end...])
            let got = try decompressor == nil ? readFile(into: room) : decompress(into: room)
            if got > 0 {
                end += got
                return true
            }
            if decompressor == nil || (fileEnded && packedStart == packedEnd) {
                atEnd = true
                return false
            }
        }
    }

    private func readFile(into room: UnsafeMutableRawBufferPointer) throws(WorkloadError) -> Int {
        while true {
            let got = read(descriptor, room.baseAddress, room.count)
            if got >= 0 { return got }
            if errno == EINTR { continue }
            throw WorkloadError(
                file: path, location: "byte \(base + Int64(end))", "read failed: \(String(cString: strerror(errno)))")
        }
    }

    private func decompress(into room: UnsafeMutableRawBufferPointer) throws(WorkloadError) -> Int {
        if packedStart == packedEnd, !fileEnded {
            packedStart = 0
            packedEnd = try readFile(into: packed)
            fileEnded = packedEnd == 0
        }
        var input = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(packed)[packedStart..<packedEnd])
        let written = try decompressor!.decompress(&input, into: room, endOfInput: fileEnded)
        packedStart = packedEnd - input.count
        return written
    }
}
