import DrawbridgeAPI

/// Brings one object towards its desired state: read, decide, write. Level-based: it reads the
/// current state and never learns why it was woken (conventions habit 3).
public protocol Reconciler: Sendable {
    /// Reconciles the object at `key`. Thrown errors are retried with per-key backoff, except
    /// `TerminalError`.
    func reconcile(_ key: ObjectKey) async throws -> ReconcileAction
}
