/// Brings one object (by `namespace/name` key) towards its desired state. Level-based: it reads the
/// current state and never learns why it was woken (conventions habit 3).
public protocol Reconciler: Sendable {
    /// Reconciles `key`. Thrown errors are retried with per-key backoff, except `TerminalError`.
    func reconcile(key: String) async throws -> ReconcileAction
}
