/// What the API server reports about a CRD: whether its names were accepted and it is established.
public struct CustomResourceDefinitionStatus: Codable, Hashable, Sendable {
    /// `NamesAccepted`, `Established`, `Terminating`, ... (`kubectl wait --for=condition=Established`).
    public var conditions: [CustomResourceDefinitionCondition]?
    /// The names actually served (they can differ from `spec.names` when there is a conflict).
    public var acceptedNames: CustomResourceDefinitionNames?
    /// Every version objects have ever been stored in.
    public var storedVersions: [String]?

    public init(
        conditions: [CustomResourceDefinitionCondition]? = nil, acceptedNames: CustomResourceDefinitionNames? = nil,
        storedVersions: [String]? = nil
    ) {
        self.conditions = conditions
        self.acceptedNames = acceptedNames
        self.storedVersions = storedVersions
    }
}

/// The CRD condition shape: unlike `metav1.Condition`, time, reason and message are optional and there is
/// no `observedGeneration`.
public struct CustomResourceDefinitionCondition: Codable, Hashable, Sendable {
    public var type: String
    /// `True`, `False` or `Unknown`.
    public var status: Condition.Status
    public var lastTransitionTime: KubeTime?
    public var reason: String?
    public var message: String?

    public init(
        type: String, status: Condition.Status, lastTransitionTime: KubeTime? = nil, reason: String? = nil,
        message: String? = nil
    ) {
        self.type = type
        self.status = status
        self.lastTransitionTime = lastTransitionTime
        self.reason = reason
        self.message = message
    }
}
