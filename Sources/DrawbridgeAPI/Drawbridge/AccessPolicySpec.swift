/// Who may ask: users, groups and ServiceAccounts. Any one match is enough.
public struct RequesterSelector: Codable, Hashable, Sendable {
    /// A ServiceAccount by namespace and name.
    public struct ServiceAccountRef: Codable, Hashable, Sendable {
        public var namespace: String
        public var name: String
        public init(namespace: String, name: String) {
            self.namespace = namespace
            self.name = name
        }
    }

    public var users: [String]?
    public var groups: [String]?
    public var serviceAccounts: [ServiceAccountRef]?

    public init(users: [String]? = nil, groups: [String]? = nil, serviceAccounts: [ServiceAccountRef]? = nil) {
        self.users = users
        self.groups = groups
        self.serviceAccounts = serviceAccounts
    }
}

/// In which namespaces: by name (`"*"` for all) or by a label selector on the Namespace. Either matches.
public struct NamespaceSelector: Codable, Hashable, Sendable {
    public var names: [String]?
    public var selector: LabelSelector?

    public init(names: [String]? = nil, selector: LabelSelector? = nil) {
        self.names = names
        self.selector = selector
    }
}

/// Who may approve: users and groups. Any one match makes a reviewer an approver.
public struct ApproverSelector: Codable, Hashable, Sendable {
    public var users: [String]?
    public var groups: [String]?

    public init(users: [String]? = nil, groups: [String]? = nil) {
        self.users = users
        self.groups = groups
    }
}

/// How many distinct approvers a request needs, who they may be, and how long they have.
public struct ApprovalSettings: Codable, Hashable, Sendable {
    /// Distinct approvers needed; 0 auto-approves.
    public var required: Int
    public var approvers: ApproverSelector?
    /// Go duration after which a Pending request times out; default `1h`.
    public var timeout: String?

    public init(required: Int, approvers: ApproverSelector? = nil, timeout: String? = nil) {
        self.required = required
        self.approvers = approvers
        self.timeout = timeout
    }
}

/// Which kind of request a policy governs: namespaced AccessRequests or cluster-wide
/// ClusterAccessRequests. Never both, so a policy written for namespaces cannot grant cluster-wide.
public enum AccessPolicyScope: String, Codable, Hashable, Sendable, CaseIterable {
    /// AccessRequests, in the namespaces `spec.namespaces` selects (the default).
    case namespaced = "Namespaced"
    /// ClusterAccessRequests: ClusterRoles bound through ClusterRoleBindings; no `spec.namespaces`.
    case cluster = "Cluster"
}

/// The guardrail itself.
public struct AccessPolicySpec: Codable, Hashable, Sendable {
    /// `Namespaced` (default) or `Cluster`; see `AccessPolicyScope`.
    public var scope: AccessPolicyScope?
    public var requesters: RequesterSelector
    /// Where a Namespaced policy applies; absent (and refused) for a Cluster policy.
    public var namespaces: NamespaceSelector?
    public var roles: [RoleReference]
    /// Go duration used when a request names none; default: `maxDuration`.
    public var defaultDuration: String?
    /// Go duration no grant may exceed.
    public var maxDuration: String
    /// Regular expression a request's reason must contain a match for (e.g. `^INC-[0-9]+`).
    public var reasonPattern: String?
    public var approval: ApprovalSettings
    /// A role whose rules cover any of these can never be granted through this policy.
    public var forbiddenRules: [PolicyRule]?

    // Grant lifecycle: set after init, so each stays one line apart from other additions.
    /// Whether and how live grants may be extended; nil: never.
    public var `extension`: ExtensionSettings? = nil
    /// Who may break glass (be granted at once, reviewed afterwards), for how long; nil: nobody.
    public var breakGlass: BreakGlassSettings? = nil
    /// How many unfinished AccessRequests (Pending, Approved, Scheduled or Active) one requester may have at
    /// once when this policy governs a new one; nil: the controller's cluster default, if any.
    public var maxActivePerRequester: Int? = nil
    /// Go duration: how far ahead a request's `spec.startAt` may be; nil: no scheduled starts.
    public var maxLeadTime: String? = nil

    public init(
        requesters: RequesterSelector, namespaces: NamespaceSelector?, roles: [RoleReference],
        defaultDuration: String? = nil, maxDuration: String, reasonPattern: String? = nil,
        approval: ApprovalSettings, forbiddenRules: [PolicyRule]? = nil
    ) {
        self.requesters = requesters
        self.namespaces = namespaces
        self.roles = roles
        self.defaultDuration = defaultDuration
        self.maxDuration = maxDuration
        self.reasonPattern = reasonPattern
        self.approval = approval
        self.forbiddenRules = forbiddenRules
    }

    /// Where notifications about the requests this policy governs go (see NotificationRoute).
    public var notify: [NotificationRoute]?

    /// The scope as it applies: `Namespaced` unless the policy says `Cluster`.
    public var effectiveScope: AccessPolicyScope { scope ?? .namespaced }
}

/// Whether the controller found the policy valid.
public struct AccessPolicyStatus: Codable, Hashable, Sendable {
    public var conditions: [Condition]?
    public var observedGeneration: Int64?

    public init(conditions: [Condition]? = nil, observedGeneration: Int64? = nil) {
        self.conditions = conditions
        self.observedGeneration = observedGeneration
    }
}
