/// The two counters that decide how long an informer waits before its next call.
///
/// Errors and "restarts" are counted apart because they fail differently: an error (500, 429, a
/// refused connection) means the server is unwell, so each one backs off; a restart (a watch that
/// ended cleanly, or 410 Gone) is normal operation, so the first one after progress is immediate,
/// but a server that answers every watch that way still cannot make the informer spin.
public struct WatcherRetries: Sendable, Hashable {
    /// Consecutive failed calls since the last successful list or watch event.
    public var errors: Int
    /// Relists and re-watches since the last watch event (object or bookmark).
    public var restarts: Int

    /// Counts as given; the default is a fresh start.
    public init(errors: Int = 0, restarts: Int = 0) {
        self.errors = errors
        self.restarts = restarts
    }

    /// After a failed call.
    var afterError: WatcherRetries { WatcherRetries(errors: errors + 1, restarts: restarts) }
    /// After a clean watch end or a 410.
    var afterRestart: WatcherRetries { WatcherRetries(errors: errors, restarts: restarts + 1) }
    /// After a successful list: calls work again, but a list is not progress of the watch.
    var afterList: WatcherRetries { WatcherRetries(errors: 0, restarts: restarts) }
}
