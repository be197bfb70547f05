import DrawbridgeAPI

/// What the API server asks a webhook about: who (`userInfo`) does what (`operation`) to which
/// object, with the object before (`oldObject`) and after (`object`) the change.
///
/// Objects stay `JSONValue`s: mutating webhooks run before schema validation, so an object may not
/// decode as an `AccessRequest` yet, and a webhook must still answer rather than fail.
public struct AdmissionRequest: Codable, Hashable, Sendable {
    /// Echoed in the response; the API server rejects a reply with another uid.
    public var uid: String
    /// The object's kind (informational; rules match on `resource`).
    public var kind: GroupVersionKind
    /// The resource addressed; Drawbridge's rules apply to `drawbridge.dev` `accessrequests` only.
    public var resource: GroupVersionResource
    /// `status` for a status-subresource write; absent for the main resource.
    public var subResource: String?
    /// The object's name (may be empty on CREATE with `generateName`).
    public var name: String?
    /// The object's namespace, for namespaced resources.
    public var namespace: String?
    /// What the caller does; the rules differ for CREATE and UPDATE.
    public var operation: Operation
    /// The caller as the API server authenticated it: the identity Drawbridge stamps.
    public var userInfo: UserInfo
    /// The object after the change (absent for DELETE).
    public var object: JSONValue?
    /// The stored object before the change (absent for CREATE).
    public var oldObject: JSONValue?
    /// True when the write will not be persisted; Drawbridge's webhook has no side effects either way.
    public var dryRun: Bool?

    /// A request as the API server would send it; tests build these directly.
    public init(
        uid: String, kind: GroupVersionKind, resource: GroupVersionResource, subResource: String? = nil,
        name: String? = nil, namespace: String? = nil, operation: Operation, userInfo: UserInfo,
        object: JSONValue? = nil, oldObject: JSONValue? = nil, dryRun: Bool? = nil
    ) {
        self.uid = uid
        self.kind = kind
        self.resource = resource
        self.subResource = subResource
        self.name = name
        self.namespace = namespace
        self.operation = operation
        self.userInfo = userInfo
        self.object = object
        self.oldObject = oldObject
        self.dryRun = dryRun
    }

    /// The admission operations of `admission.k8s.io/v1`; anything else is a malformed review.
    public enum Operation: String, Codable, Hashable, Sendable {
        case create = "CREATE"
        case update = "UPDATE"
        case delete = "DELETE"
        case connect = "CONNECT"
    }

    /// `authentication.k8s.io/v1 UserInfo`: the only trustworthy statement of who is calling.
    public struct UserInfo: Codable, Hashable, Sendable {
        /// `system:serviceaccount:NS:NAME` for ServiceAccounts; what requesters and approvals record.
        public var username: String
        /// The authenticator's stable id for the user, when it has one.
        public var uid: String?
        /// The caller's groups at the time of the call; approver-group checks use these.
        public var groups: [String]?
        /// Extra attributes from the authenticator (scopes and the like); carried, not interpreted.
        public var extra: [String: [String]]?

        /// An identity as an authenticator reports it.
        public init(username: String, uid: String? = nil, groups: [String]? = nil, extra: [String: [String]]? = nil) {
            self.username = username
            self.uid = uid
            self.groups = groups
            self.extra = extra
        }
    }

    /// Which kind the object is, as the API server names it.
    public struct GroupVersionKind: Codable, Hashable, Sendable {
        public var group: String
        public var version: String
        public var kind: String

        /// A kind in a group and version (`""` for the core group).
        public init(group: String, version: String, kind: String) {
            self.group = group
            self.version = version
            self.kind = kind
        }
    }

    /// Which resource (plural) the call addressed; webhook rules and Drawbridge's checks match on it.
    public struct GroupVersionResource: Codable, Hashable, Sendable {
        public var group: String
        public var version: String
        public var resource: String

        /// A resource in a group and version (`""` for the core group).
        public init(group: String, version: String, resource: String) {
            self.group = group
            self.version = version
            self.resource = resource
        }
    }
}
