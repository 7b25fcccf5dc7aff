import Foundation
import Harness
import Synchronization

/// A one-line progress bar on standard error — requests done, rate and
/// time left — drawn only when standard error is a terminal, at most ten
/// times a second.
final class ProgressBar: Sendable {
    private struct State {
        var done = 0
        var lastDraw: Double = 0
    }
    private let total: Int?
    private let enabled: Bool
    private let start = Date()
    private let state = Mutex(State())

    init(total: Int?, enabled: Bool) {
        self.total = total
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    func advance(_ requests: Int) {
        guard enabled else { return }
        let line: String? = state.withLock { state in
            state.done += requests
            let elapsed = Date().timeIntervalSince(start)
            guard elapsed - state.lastDraw >= 0.1 else { return nil }
            state.lastDraw = elapsed
            return render(done: state.done, elapsed: elapsed)
        }
        if let line { FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8)) }
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private func render(done: Int, elapsed: Double) -> String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let rateText = Formatting.count(rate) + " req/s"
        guard let total, total > 0 else {
            return "\(Formatting.count(Double(done))) requests  \(rateText)"
        }
        let fraction = min(1, Double(done) / Double(total))
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let left = rate > 0 ? Double(total - done) / rate : 0
        return
            "\(bar) \(Int(fraction * 100))%  \(Formatting.count(Double(done)))/\(Formatting.count(Double(total)))  \(rateText)  \(Int(left.rounded()))s left"
    }
}
