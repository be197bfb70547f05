/// What a reconcile asks for next (conventions habit 2; kube-rs `Action`, controller-runtime
/// `Result{RequeueAfter}`), so "when to look again" is explicit instead of hidden in errors.
public enum ReconcileAction: Sendable, Hashable {
    /// Reconcile this key again after `after` (e.g. at `expiresAt - now`). A time already past
    /// means "now", but through the key's rate limiter, never a zero-delay loop.
    case requeue(after: Duration)
    /// Nothing scheduled: reconcile again only when something about the object changes.
    case awaitChange
}
