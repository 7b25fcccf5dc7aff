import ArgumentParser
import Workload

/// A number of bytes on the command line: `1048576`, `512K`, `512M`, `4G`,
/// `1T` (binary multiples; a trailing `B` or `iB` is allowed: `4GiB`, `64MB`;
/// see ``ByteSize``).
struct ByteCount: ExpressibleByArgument, Equatable {
    let bytes: Int

    init(bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        guard let bytes = ByteSize.parse(argument) else { return nil }
        self.bytes = bytes
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
