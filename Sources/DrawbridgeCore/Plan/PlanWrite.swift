import DrawbridgeAPI

/// One write to the cluster, besides the status: the grant's RoleBinding and the request's finalizer.
public enum PlanWrite: Hashable, Sendable {
    /// Delete a RoleBinding (a ClusterRoleBinding when `namespace` is nil). `uid` is a precondition,
    /// so a binding someone recreated meanwhile is never deleted on a stale view (nil only when the
    /// binding could not be read).
    case deleteBinding(name: String, namespace: String?, uid: String?)
    /// Add the finalizer that lets the controller revoke and record a grant before its request goes.
    case addFinalizer
    /// Create the RoleBinding (a ClusterRoleBinding when `desired` has no namespace), or put `observed` back to `desired` (recreated when its immutable
    /// `roleRef` differs).
    case ensureBinding(desired: RoleBinding, observed: RoleBinding?)
    /// Remove the finalizer: nothing is left to clean up.
    case removeFinalizer
    /// Mark the request at `key`, which cannot be decoded, as Rejected with `message` (a raw status
    /// patch).
    case rejectUnreadable(ObjectKey, message: String)

    /// When a write happens relative to the audit records and the status (see `Plan.steps`).
    public enum Stage: Int, Comparable, Sendable {
        /// Takes access away: before anything else.
        case revoke
        /// Puts the grant in place: before the records and the status that describe it.
        case prepare
        /// Settles the request: after its records (and its status) are written.
        case settle

        public static func < (a: Stage, b: Stage) -> Bool { a.rawValue < b.rawValue }
    }

    /// This write's stage.
    public var stage: Stage {
        switch self {
        case .deleteBinding: .revoke
        case .addFinalizer, .ensureBinding: .prepare
        case .removeFinalizer, .rejectUnreadable: .settle
        }
    }
}
