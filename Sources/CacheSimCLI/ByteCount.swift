import ArgumentParser

/// A number of bytes on the command line: `1048576`, `512K`, `512M`, `4G`,
/// `1T` (binary multiples; a trailing `B` or `iB` is allowed: `4GiB`, `64MB`).
struct ByteCount: ExpressibleByArgument, Equatable {
    let bytes: Int

    init(bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        var text = argument.uppercased()
        if text.hasSuffix("IB") { text.removeLast(2) } else if text.hasSuffix("B") { text.removeLast() }
        var multiplier = 1
        if let unit = text.last, let power = "KMGT".firstIndex(of: unit) {
            multiplier = 1 << (10 * ("KMGT".distance(from: "KMGT".startIndex, to: power) + 1))
            text.removeLast()
        }
        guard let value = Int(text), value >= 1 else { return nil }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return nil }
        self.bytes = bytes
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
