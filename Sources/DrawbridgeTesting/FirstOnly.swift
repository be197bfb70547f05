import Synchronization

/// True exactly once: for a fault that should hit only the first matching request.
public final class FirstOnly: Sendable {
    private let fired = Atomic(false)

    public init() {}

    /// True the first time it is asked, false ever after.
    public func first() -> Bool { !fired.exchange(true, ordering: .relaxed) }
}
