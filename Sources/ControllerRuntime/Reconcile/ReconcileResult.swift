import DrawbridgeAPI

/// How one reconcile ended, as the `Controller` reports it to its observer; typed up to the metrics
/// edge, where `rawValue` becomes a label value.
public enum ReconcileResult: String, Sendable, Hashable, CaseIterable {
    /// Returned `.awaitChange`.
    case success
    /// Returned `.requeue(after:)` with no delay: back through the rate limiter.
    case requeue
    /// Returned `.requeue(after:)` with a delay: looked at again then (a deadline, an expiry).
    case requeueAfter = "requeue_after"
    /// Threw a 409 Conflict: retried soon through the rate limiter.
    case conflict
    /// Threw any other retryable error: retried with backoff.
    case error
    /// Threw `TerminalError`: logged and forgotten.
    case terminal
}

/// Hears every reconcile: which key, how long it took, how it ended.
public typealias ReconcileObserver =
    @Sendable (_ key: ObjectKey, _ duration: Duration, _ result: ReconcileResult) ->
    Void
