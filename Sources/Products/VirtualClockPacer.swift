import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Replays request time on a server's clock, to the server clock's
/// resolution of one second: the requests of each second of request time
/// are sent within one second of the wall clock (which the server reads),
/// the gaps between request seconds kept. Redis stamps keys with its LRU
/// clock in whole seconds and counts LFU decay in minutes, so a model that
/// reads request time sees the same clock as the server.
///
/// Request second `s` is sent in wall second `anchor + s − first`, from a
/// margin after that second begins (the server refreshes its clock a few
/// times a second) until it ends. A second whose requests are not all
/// answered before it ends is a *slip*, counted and reported: the server
/// then saw two clock readings where request time had one; the rest of the
/// replay moves a second later.
///
/// A replay takes as long as its request time (plus up to a minute when
/// minutes are aligned): a clock-faithful replay, not a fast one.
struct VirtualClockPacer {
    /// Milliseconds after a wall second begins before its requests are
    /// sent: more than the server's clock refresh (10 ms at `hz 100`).
    static let marginMilliseconds: Int64 = 25
    /// Whether wall minutes must line up with request minutes (Redis's LFU
    /// decay counts minutes), which may wait up to a minute at the start.
    let alignsMinutes: Bool
    private var first: Int64?
    private var anchor: Int64 = 0
    /// The request second being replayed and the wall second it owns.
    private var current: Int64 = .min
    /// Whether the current second has already slipped.
    private var slipped = false
    private(set) var slips = 0

    init(alignsMinutes: Bool) { self.alignsMinutes = alignsMinutes }

    /// The request second of a request time in nanoseconds.
    static func second(of time: Int64) -> Int64 {
        time >= 0 ? time / 1_000_000_000 : (time - 999_999_999) / 1_000_000_000
    }

    /// Milliseconds of the wall clock (CLOCK_REALTIME, which servers read).
    static func wallMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// Before sending a request of request second `second`: waits, if it
    /// starts a new second, for its wall second (checking `isStopped`
    /// every 50 ms). Returns whether it waited (a new second began).
    mutating func enter(second: Int64, isStopped: () -> Bool) -> Bool {
        guard second != current else { return false }
        var now = Self.wallMilliseconds()
        if first == nil {
            first = second
            var start = now / 1000 + 1
            if alignsMinutes {
                while (start - second) % 60 != 0 { start += 1 }
            }
            anchor = start
        }
        let target = anchor + (second - first!)
        if now >= (target + 1) * 1000 - Self.marginMilliseconds {
            // Behind: this second's wall second has (nearly) passed.
            slips += 1
            anchor += now / 1000 + 1 - target
        }
        let begin = (anchor + (second - first!)) * 1000 + Self.marginMilliseconds
        while now < begin, !isStopped() {
            usleep(useconds_t(min(50, begin - now) * 1000))
            now = Self.wallMilliseconds()
        }
        current = second
        slipped = false
        return true
    }

    /// The wall time, in milliseconds of CLOCK_REALTIME, at which a server
    /// paced by this pacer should expire what request time expires at
    /// `time` (nanoseconds): the wall second of the request second `time`
    /// rounds up to, just before that second's requests are sent. A
    /// lifetime that ends on a whole request second (a trace's whole-second
    /// times and TTLs) then ends before exactly the requests it ends before
    /// in the simulation; one that ends within a second ends up to a second
    /// later. `nil` before the first request second.
    func wallDeadline(requestTime time: Int64) -> Int64? {
        guard let first else { return nil }
        let second = Self.second(of: time > Int64.max - 999_999_999 ? time : time + 999_999_999)
        return (anchor + (second - first)) * 1000 + Self.marginMilliseconds / 2
    }

    /// After replies to requests of the current second arrived: counts a
    /// slip if they arrived after its wall second ended.
    mutating func answered() {
        guard let first, current != .min, !slipped else { return }
        let ends = (anchor + (current - first) + 1) * 1000
        if Self.wallMilliseconds() >= ends {
            slips += 1
            slipped = true
            // The server's clock has moved on: the next request second
            // takes the wall second after this one.
            anchor += 1
        }
    }
}
