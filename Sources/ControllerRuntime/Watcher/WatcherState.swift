/// The informer's list-then-watch loop as a pure state machine:
/// `empty -> listing -> watching(rv)`, 410 -> relist, errors -> backoff -> resume.
///
/// `step` is the only place that decides what happens next, so every transition is unit-tested
/// without HTTP (conventions habit 6; kube-rs `watcher.rs`). The `Informer` only carries out the
/// returned `WatcherAction`s.
public enum WatcherState: Sendable, Hashable {
    /// Nothing listed yet.
    case empty
    /// A full list is in flight.
    case listing(WatcherRetries)
    /// The cache is current as of `resourceVersion`; a watch from there is open or opening.
    case watching(resourceVersion: String, WatcherRetries)
    /// Waiting out a backoff before `resume`.
    case backingOff(resume: Resume, WatcherRetries)

    /// What to do when a backoff is over.
    public enum Resume: Sendable, Hashable {
        /// List again from scratch.
        case relist
        /// Watch again from where the cache is.
        case rewatch(resourceVersion: String)
    }

    /// The next state and action after `input`, with `backoff` timing the sleeps. Inputs that make
    /// no sense in the current state (a watch event while listing) change nothing.
    ///
    /// - Errors sleep `backoff.delay(afterFailures: errors)`, at least the server's Retry-After.
    /// - A clean watch end re-watches, a 410 relists: at once when it is the first restart since the
    ///   last watch event, else after `backoff.delay(afterFailures: earlier restarts)`.
    /// - A successful list resets the error count; a watch event resets both counts.
    public func step(_ input: WatcherInput, backoff: ExponentialBackoff = .watcher) -> (
        state: WatcherState, action: WatcherAction
    ) {
        switch (self, input) {
        case (.empty, .start):
            return (.listing(WatcherRetries()), .list)

        case (.listing(let retries), .listed(let resourceVersion)):
            return (.watching(resourceVersion: resourceVersion, retries.afterList), .watch(from: resourceVersion))

        case (.listing(let retries), .listFailed(let failure)):
            let next = retries.afterError
            return (.backingOff(resume: .relist, next), .sleep(Self.errorDelay(next, failure, backoff)))

        case (.watching(let current, _), .progressed(let resourceVersion)):
            return (
                .watching(resourceVersion: resourceVersion.isEmpty ? current : resourceVersion, WatcherRetries()), .none
            )

        case (.watching(let resourceVersion, let retries), .watchEnded):
            let next = retries.afterRestart
            if retries.restarts == 0 {
                return (.watching(resourceVersion: resourceVersion, next), .watch(from: resourceVersion))
            }
            return (
                .backingOff(resume: .rewatch(resourceVersion: resourceVersion), next),
                .sleep(backoff.delay(afterFailures: retries.restarts))
            )

        case (.watching(_, let retries), .watchFailed(.gone)):
            let next = retries.afterRestart
            if retries.restarts == 0 { return (.listing(next), .list) }
            return (.backingOff(resume: .relist, next), .sleep(backoff.delay(afterFailures: retries.restarts)))

        case (.watching(let resourceVersion, let retries), .watchFailed(let failure)):
            let next = retries.afterError
            return (
                .backingOff(resume: .rewatch(resourceVersion: resourceVersion), next),
                .sleep(Self.errorDelay(next, failure, backoff))
            )

        case (.backingOff(.relist, let retries), .backoffElapsed):
            return (.listing(retries), .list)

        case (.backingOff(.rewatch(let resourceVersion), let retries), .backoffElapsed):
            return (.watching(resourceVersion: resourceVersion, retries), .watch(from: resourceVersion))

        default:
            return (self, .none)
        }
    }

    /// The resourceVersion the cache is current as of, when there is one.
    public var resourceVersion: String? {
        switch self {
        case .watching(let resourceVersion, _), .backingOff(.rewatch(let resourceVersion), _): resourceVersion
        case .empty, .listing, .backingOff(.relist, _): nil
        }
    }

    static func errorDelay(_ retries: WatcherRetries, _ failure: WatcherFailure, _ backoff: ExponentialBackoff)
        -> Duration
    {
        let delay = backoff.delay(afterFailures: retries.errors)
        if case .failed(let retryAfter?) = failure { return max(delay, retryAfter) }
        return delay
    }
}
