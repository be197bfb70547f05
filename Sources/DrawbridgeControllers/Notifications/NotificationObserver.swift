/// How one delivery attempt ended, as the `result` label of `drawbridge_notifications_total`.
public enum NotificationResult: String, Hashable, Sendable, CaseIterable {
    /// The receiver accepted it (2xx).
    case delivered
    /// No answer, or 408, 429, 5xx: tried again later.
    case retried
    /// Refused for good (another 4xx, a redirect): not tried again.
    case failed
    /// Never delivered and now too old to send: given up.
    case abandoned
}

/// Hears every delivery attempt (metrics).
public typealias NotificationObserver = @Sendable (_ channel: String, _ result: NotificationResult) -> Void
