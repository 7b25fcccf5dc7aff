import CGSL

/// A GSL call that failed, or arguments a Stats function cannot use.
///
/// GSL's default error handler aborts the process; Stats turns it off once
/// (`gsl_set_error_handler_off`) before its first GSL call and converts the
/// status codes GSL returns into this error instead.
public struct StatsError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The operation that failed, e.g. `gsl_fit_linear`.
    public let operation: String
    /// GSL's status code (`GSL_EINVAL`, …), or `nil` for a check made in Swift.
    public let status: Int32?
    /// What went wrong, in words.
    public let message: String

    /// An error found by a check in Swift, before GSL was called.
    public init(operation: String, _ message: String) {
        self.operation = operation
        self.status = nil
        self.message = message
    }

    /// An error reported by GSL with `status`; the message is `gsl_strerror(status)`.
    public init(operation: String, status: Int32) {
        self.operation = operation
        self.status = status
        self.message = String(cString: gsl_strerror(status))
    }

    public var description: String { "\(operation): \(message)" }
}

/// Turns GSL's abort-on-error handler off, once per process.
private let gslErrorHandlerOff: Void = {
    _ = gsl_set_error_handler_off()
}()

/// Call before any GSL function that can fail, so a failure returns a status
/// instead of aborting. Cheap after the first call.
@usableFromInline
func ensureGSLErrorHandlerOff() {
    gslErrorHandlerOff
}

/// Throws a `StatsError` unless `status` is `GSL_SUCCESS`.
func check(_ status: Int32, _ operation: String) throws(StatsError) {
    if status != Int32(GSL_SUCCESS) {
        throw StatsError(operation: operation, status: status)
    }
}
