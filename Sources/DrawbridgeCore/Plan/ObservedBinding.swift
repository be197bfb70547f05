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

    /// The binding, when one was seen.
    public var binding: RoleBinding? {
        if case .present(let binding) = self { return binding }
        return nil
    }

    /// True unless the binding is known to be absent: something may have to be deleted.
    public var mayExist: Bool { self != .absent }
}
