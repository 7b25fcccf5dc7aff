import Caches
/// Checks a trace's recorded next accesses as they are read, on a sample of
/// keys, so that a file whose field is missing, zeroed or wrong is refused
/// instead of letting the offline optimum replay a false future.
///
/// For one key in 64 (by the low bits of its hash) it remembers where the
/// key's previous request said the next one would be, and compares that
/// with where it comes: the two must differ by one constant offset for the
/// whole file (files count positions from 0 or from 1). A key that was said
/// never to come again must not. Memory: one entry per sampled key;
/// O(1) per request.
struct NextAccessCheck {
    /// Where each sampled key's next request is due, as the file counts.
    private var due: [UInt64: Int64] = [:]
    /// The file's position of a request minus its index here, once seen.
    private var offset: Int64?
    /// Requests checked so far (the index of the next one).
    private var position: Int64 = 0

    mutating func check(keys: ArraySlice<UInt64>, nextAccess: ArraySlice<Int64>, file: String) throws(WorkloadError) {
        for (key, next) in zip(keys, nextAccess) {
            defer { position += 1 }
            guard mix64(key) & 63 == 0 else { continue }
            if let expected = due[key] {
                guard expected != .max else {
                    throw refusal(file, "it says key \(key) is not requested again, and it is")
                }
                let gap = expected - position
                if offset == nil { offset = gap }
                guard gap == offset else {
                    throw refusal(file, "it says key \(key) comes next at position \(expected), and it comes here")
                }
            }
            due[key] = next
        }
    }

    private func refusal(_ file: String, _ reason: String) -> WorkloadError {
        WorkloadError(
            file: file, location: "request \(position)",
            "the next-access field is not this trace's future (\(reason)); the offline optimum (belady) cannot use it: rewrite the file with `cachesim convert --to oracleGeneral`"
        )
    }
}
