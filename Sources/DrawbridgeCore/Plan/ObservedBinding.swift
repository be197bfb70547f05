import DrawbridgeAPI

/// What the reconciler knows of a grant's RoleBinding (the one named after its request).
public enum ObservedBinding: Hashable, Sendable {
    /// It exists, as shown.
    case present(RoleBinding)
    /// It does not exist.
    case absent
    /// It could not be read (its cache entry does not decode). The plan then never reports tamper
    /// and deletes it by name only, without a uid precondition.
    case unknown
    /// A binding of that name exists that Drawbridge did not make for this request (no
    /// `app.kubernetes.io/managed-by=drawbridge`, or another request's label): it is never updated or
    /// deleted, so a request named after someone else's binding (say the controller's own
    /// ClusterRoleBinding `drawbridge-controller`) cannot take it over; no grant is made.
    case foreign(RoleBinding)

    /// How `binding`, the one named after `request`, counts: ours when Drawbridge's labels say it
    /// belongs to that request, foreign otherwise.
    public static func observe(_ binding: RoleBinding?, for request: AccessRequest) -> ObservedBinding {
        guard let binding else { return .absent }
        let labels = binding.metadata.labels ?? [:]
        guard labels[Drawbridge.Keys.managedBy] == Drawbridge.Keys.managedByValue,
            labels[Drawbridge.Keys.request] == request.metadata.name
        else { return .foreign(binding) }
        return .present(binding)
    }

    /// The binding, when one was seen.
    public var binding: RoleBinding? {
        if case .present(let binding) = self { return binding }
        return nil
    }

    /// True when a binding of ours may exist: something may have to be deleted.
    public var mayExist: Bool {
        switch self {
        case .present, .unknown: true
        case .absent, .foreign: false
        }
    }
}
