/// Splits block-trace requests into fixed-size pages: a request for key
/// (byte address) `a` of size (length) `s` becomes one request per page
/// `⌊a / p⌋ … ⌊(a + s − 1) / p⌋`, keyed by page number, each of size `p`
/// and at the request's time. A request without a size touches one page.
/// A long request is spread over chunks, so memory stays constant.
struct PageSplitter {
    let pageSize: UInt64
    let hasTimes: Bool
    /// Whether requests come with a length (size); else each touches one page.
    let hasLengths: Bool
    /// Requests read but not yet fully expanded.
    private var keys: [UInt64] = [], times: [Int64] = [], sizes: [UInt32] = []
    private var index = 0
    /// Next page of request `index`, and its last page.
    private var nextPage: UInt64 = 0, lastPage: UInt64 = 0
    private var expanding = false

    init(pageSize: UInt64, hasTimes: Bool, hasLengths: Bool) {
        precondition(pageSize >= 1)
        self.pageSize = pageSize
        self.hasTimes = hasTimes
        self.hasLengths = hasLengths
    }

    mutating func read(
        limit: Int, from reader: inout any TraceFormatReader,
        keys outKeys: inout [UInt64], times outTimes: inout [Int64], sizes outSizes: inout [UInt32]
    ) throws(WorkloadError) -> Int {
        var count = 0
        let pageBytes = UInt32(clamping: pageSize)
        while count < limit {
            if !expanding {
                if index == keys.count {
                    keys.removeAll(keepingCapacity: true)
                    times.removeAll(keepingCapacity: true)
                    sizes.removeAll(keepingCapacity: true)
                    index = 0
                    guard try reader.read(limit: defaultChunkSize, keys: &keys, times: &times, sizes: &sizes) > 0 else {
                        break
                    }
                }
                let address = keys[index]
                let length = hasLengths ? UInt64(sizes[index]) : 1
                nextPage = address / pageSize
                let (end, overflow) = address.addingReportingOverflow(max(length, 1) - 1)
                lastPage = (overflow ? UInt64.max : end) / pageSize
                expanding = true
            }
            outKeys.append(nextPage)
            outSizes.append(pageBytes)
            if hasTimes { outTimes.append(times[index]) }
            count += 1
            if nextPage == lastPage {
                expanding = false
                index += 1
            } else {
                nextPage += 1
            }
        }
        return count
    }
}
