import Foundation

extension WorkloadError {
    /// The whole file at `path`, or an error naming it ("no such file",
    /// "cannot be read"). Through a FileHandle, not
    /// `FileManager.contents(atPath:)`: on Linux that leaks a 4 KiB buffer for
    /// an empty file (Foundation's path for files whose size reads 0), which
    /// the fuzzer's leak check reports. O(file size).
    static func contents(ofFile path: String) throws(WorkloadError) -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw WorkloadError(file: path, reason)
        }
        defer { try? handle.close() }
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw WorkloadError(file: path, "cannot be read")
        }
    }
}
