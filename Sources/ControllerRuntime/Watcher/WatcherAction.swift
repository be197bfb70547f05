/// What the informer must do next: the output of `WatcherState.step`, carried out by the shell.
public enum WatcherAction: Sendable, Hashable {
    /// List everything and replace the cache.
    case list
    /// Open a watch from this resourceVersion.
    case watch(from: String)
    /// Sleep this long on the injected clock, then step with `.backoffElapsed`.
    case sleep(Duration)
    /// Nothing new: keep consuming the current watch.
    case none
}
