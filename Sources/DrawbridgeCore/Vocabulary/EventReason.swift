/// The reason of an Event the controller writes: every audit action, plus warnings that are about
/// the controller's own ability to act rather than about the request's lifecycle.
public enum EventReason: Hashable, Sendable {
    /// The Event that goes with an audit record.
    case audit(AuditAction)
    /// The API server refused to let the controller bind the requested role (RBAC escalation
    /// prevention): the controller's ClusterRole lacks `bind` on it.
    case bindingForbidden
    /// A binding of the grant's name exists that Drawbridge did not make: it is left alone.
    case bindingNameTaken
    /// A request that cannot be decoded was rejected.
    case unreadable

    /// The CamelCase reason as written into the Event.
    public var rawValue: String {
        switch self {
        case .audit(let action): action.rawValue
        case .bindingForbidden: "BindingForbidden"
        case .bindingNameTaken: "BindingNameTaken"
        case .unreadable: AuditAction.rejected.rawValue
        }
    }
}
