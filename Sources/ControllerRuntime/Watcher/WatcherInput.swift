/// What just happened to an informer's list/watch loop: the input of `WatcherState.step`.
public enum WatcherInput: Sendable, Hashable {
    /// The informer starts.
    case start
    /// A full list succeeded and has been stored; a watch starts from `resourceVersion`.
    case listed(resourceVersion: String)
    /// A list call failed.
    case listFailed(WatcherFailure)
    /// A watch event (object or bookmark) was handled; the cache is current as of `resourceVersion`
    /// (empty when the event carried none).
    case progressed(resourceVersion: String)
    /// The watch stream ended without an error (server timeout, dropped connection closed cleanly).
    case watchEnded
    /// Opening the watch failed, the stream broke, or the server sent an ERROR event.
    case watchFailed(WatcherFailure)
    /// The backoff sleep is over.
    case backoffElapsed
}
