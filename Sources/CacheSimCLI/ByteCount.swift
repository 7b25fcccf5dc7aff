import ArgumentParser
import Workload

/// A number of bytes on the command line: `1048576`, `512K`, `512M`, `4G`,
/// `1T`, `4GiB`, `1.5GiB` (binary multiples; `64MB` is refused as
/// ambiguous), read as specs read them (``ByteSize``).
struct ByteCount: ExpressibleByArgument, Equatable {
    let bytes: Int

    init(bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        guard case .success(let bytes) = ByteSize.parse(argument), bytes >= 1 else { return nil }
        self.bytes = bytes
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
