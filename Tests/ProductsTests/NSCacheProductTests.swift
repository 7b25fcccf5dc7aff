import Caches
import Foundation
import Testing

@testable import Products

/// Foundation's NSCache as swift-corelibs-foundation implements it on
/// Linux, checked against what ``NSCacheProduct`` says it does: entries
/// ordered by cost, cheapest first, a new entry before the first of equal
/// or higher cost, the cheap end leaving when a limit is passed, and a get
/// changing nothing.
@Suite("NSCache on Linux")
struct NSCacheProductTests {
    static func nscache(_ capacity: Capacity) throws -> NSCacheProduct {
        try NSCacheProduct(CacheConfiguration(capacity: capacity))
    }

    @Test("under countLimit the entry just set leaves first: the first keys stay, new keys are turned away")
    func countLimitKeepsTheFirstKeys() throws {
        let cache = try Self.nscache(.entries(5))
        for key in UInt64(0)..<10 {
            _ = cache.lookup(0, now: 0)  // a use of key 0 protects nothing and harms nothing
            cache.admit(key, size: 100, now: 0)
        }
        #expect((0..<5).allSatisfy { cache.holds($0, now: 0) })
        #expect(!(5..<10).contains { cache.holds($0, now: 0) })
        #expect(cache.count == 5 && cache.evictions == 5)
        let report = try cache.finish()
        #expect(report.client.sets == 10 && report.client.keys == 5 && report.server == nil)
    }

    @Test("under totalCostLimit the cheapest entries leave first, until the rest fits")
    func costLimitEvictsTheCheapest() throws {
        let cache = try Self.nscache(.bytes(60))
        cache.admit(1, size: 10, now: 0)
        cache.admit(2, size: 50, now: 0)
        cache.admit(3, size: 30, now: 0)
        #expect(!cache.holds(1, now: 0) && cache.holds(2, now: 0) && !cache.holds(3, now: 0))
        #expect(cache.residentBytes == 50 && cache.evictions == 2)
    }
}
