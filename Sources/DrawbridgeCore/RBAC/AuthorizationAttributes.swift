/// Who is asking to do what: the input of every RBAC decision.
///
/// Mirrors the request attributes the Kubernetes API server hands to its authorizers. A request is
/// either about an API resource (verb, group, resource, subresource, name, namespace) or about a
/// non-resource URL such as `/healthz`; the two kinds are modelled as separate cases of `Request` so
/// that a resource rule can never be evaluated against a URL by accident.
public struct AuthorizationAttributes: Hashable, Sendable {
    /// What the request addresses: an API resource or a non-resource URL.
    public enum Request: Hashable, Sendable {
        /// A request for an API resource (`GET /api/v1/namespaces/ns/pods/x/log`).
        case resource(ResourceRequest)
        /// A request for a non-resource URL (`GET /healthz`).
        case nonResource(NonResourceRequest)
    }

    /// The attributes of a resource request; empty strings mean "not set", as in Kubernetes.
    public struct ResourceRequest: Hashable, Sendable {
        /// The API verb (`get`, `list`, `create`, ...); compared case-sensitively.
        public var verb: String
        /// The API group; `""` is the core group.
        public var apiGroup: String
        /// The resource plural (`pods`).
        public var resource: String
        /// The subresource (`log`, `status`, `scale`) or `""`.
        public var subresource: String
        /// The object name, `""` for collection requests such as `list` or `create`.
        public var name: String
        /// The namespace, `""` for cluster-scoped resources and all-namespace requests.
        public var namespace: String

        /// Creates resource attributes; every member but the verb and resource defaults to empty.
        public init(
            verb: String, apiGroup: String = "", resource: String, subresource: String = "", name: String = "",
            namespace: String = ""
        ) {
            self.verb = verb
            self.apiGroup = apiGroup
            self.resource = resource
            self.subresource = subresource
            self.name = name
            self.namespace = namespace
        }

        /// `resource` or `resource/subresource`: the form RBAC rules list resources in.
        public var combinedResource: String {
            subresource.isEmpty ? resource : resource + "/" + subresource
        }
    }

    /// The attributes of a non-resource request.
    public struct NonResourceRequest: Hashable, Sendable {
        /// The HTTP verb in lower case (`get`, `post`, ...).
        public var verb: String
        /// The request path (`/healthz`, `/apis/apps/v1`).
        public var path: String

        /// Creates non-resource attributes.
        public init(verb: String, path: String) {
            self.verb = verb
            self.path = path
        }
    }

    /// The authenticated user name (`alice`, `system:serviceaccount:ns:sa`).
    public var user: String
    /// The groups the authenticator put the user in.
    public var groups: [String]
    /// What the user asks for.
    public var request: Request

    /// Creates attributes from an already built request.
    public init(user: String, groups: [String] = [], request: Request) {
        self.user = user
        self.groups = groups
        self.request = request
    }

    /// Attributes of a resource request, spelled the way call sites think about it.
    public static func resource(
        user: String, groups: [String] = [], verb: String, apiGroup: String = "", resource: String,
        subresource: String = "", name: String = "", namespace: String = ""
    ) -> AuthorizationAttributes {
        AuthorizationAttributes(
            user: user, groups: groups,
            request: .resource(
                ResourceRequest(
                    verb: verb, apiGroup: apiGroup, resource: resource, subresource: subresource, name: name,
                    namespace: namespace)))
    }

    /// Attributes of a non-resource request.
    public static func nonResource(
        user: String, groups: [String] = [], verb: String, path: String
    ) -> AuthorizationAttributes {
        AuthorizationAttributes(
            user: user, groups: groups, request: .nonResource(NonResourceRequest(verb: verb, path: path)))
    }

    /// Whether this is a resource request; non-resource requests are only granted cluster-wide.
    public var isResourceRequest: Bool {
        if case .resource = request { return true }
        return false
    }

    /// The verb of either kind of request.
    public var verb: String {
        switch request {
        case .resource(let resource): resource.verb
        case .nonResource(let nonResource): nonResource.verb
        }
    }

    /// The namespace RoleBindings are looked up in: the resource namespace, `""` for everything else.
    public var namespace: String {
        if case .resource(let resource) = request { return resource.namespace }
        return ""
    }
}
