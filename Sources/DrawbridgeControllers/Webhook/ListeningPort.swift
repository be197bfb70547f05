import Synchronization

/// The port a server bound, announced once, to any number of waiters: what callers need when they
/// asked for port 0 (tests, `drawbridge dev`). Waiters get nil if the server stopped before listening.
final class ListeningPort: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Int?, Never>])
        case done(Int?)
    }

    private let state = Mutex(State.waiting([]))

    /// Resolves every current and future waiter with `port`; later calls change nothing.
    func announce(_ port: Int?) {
        let waiters: [CheckedContinuation<Int?, Never>] = state.withLock { state in
            guard case .waiting(let waiters) = state else { return [] }
            state = .done(port)
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    /// True once `announce` was called (with a port or without).
    var hasAnnounced: Bool {
        state.withLock { state in
            if case .done = state { return true }
            return false
        }
    }

    /// The bound port once announced; nil when the server ended without listening.
    func wait() async -> Int? {
        await withCheckedContinuation { continuation in
            let known: Int?? = state.withLock { state in
                switch state {
                case .waiting(let waiters):
                    state = .waiting(waiters + [continuation])
                    return .none
                case .done(let port):
                    return .some(port)
                }
            }
            if let known { continuation.resume(returning: known) }
        }
    }
}
