import ArgumentParser
import Caches
import Foundation
import Harness
import Workload

/// Runs `body`; turns every bad-input error into one line on standard error
/// and exit status 2, and an interruption into status 130 — never a trap.
func reportingBadInput<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch is CancellationError {
        printError("interrupted; no result was written")
        throw ExitCode(130)
    } catch let error as CleanExit {
        throw error
    } catch {
        printError(String(describing: error))
        throw ExitCode(2)
    }
}

/// `cachesim: <message>` on standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("cachesim: \(message)\n".utf8))
}
