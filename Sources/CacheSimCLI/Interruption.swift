import Dispatch
import Foundation
import Products
import Synchronization

/// Turns SIGINT and SIGTERM into a flag the run checks once per chunk, so
/// Ctrl-C stops cleanly: no result directory, a message, status 130. The
/// servers a run started are stopped at once (their directories removed),
/// which also ends a product's wait or round trip.
enum Interruption {
    private static let flag = Atomic<Bool>(false)
    /// The signal sources must stay alive for the process's lifetime.
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Starts listening; replaces the signals' default action. Call once,
    /// from the main thread, before the run starts.
    static func install() {
        let queue = DispatchQueue(label: "cachesim.signals")
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                flag.store(true, ordering: .relaxed)
                ServerProcess.stopAll()
            }
            source.resume()
            sources.append(source)
        }
    }
}
