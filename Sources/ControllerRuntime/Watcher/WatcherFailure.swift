import KubeClient

/// Why a list or watch call failed, reduced to what the watcher state machine needs to know.
public enum WatcherFailure: Sendable, Hashable {
    /// 410 Gone / reason Expired: the resourceVersion is older than the server's history; only a
    /// relist helps.
    case gone
    /// Anything else (5xx, 429, 403, a broken connection, an unreadable stream): retry after a
    /// backoff, at least `retryAfter` when the server sent one.
    case failed(retryAfter: Duration?)

    /// Classifies a thrown error.
    public init(_ error: any Error) {
        guard let error = error as? APIError else {
            self = .failed(retryAfter: nil)
            return
        }
        if error.isGone {
            self = .gone
        } else {
            self = .failed(retryAfter: error.retryAfterSeconds.map { .seconds($0) })
        }
    }

    /// Classifies the Status of a watch ERROR event (code 410 or reason Expired/Gone mean relist).
    public init(status: APIStatus) {
        if status.code == 410 || status.reason == "Expired" || status.reason == "Gone" {
            self = .gone
        } else {
            self = .failed(retryAfter: status.details?.retryAfterSeconds.map { .seconds($0) })
        }
    }
}
