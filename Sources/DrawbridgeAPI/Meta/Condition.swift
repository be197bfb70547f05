/// The standard `metav1.Condition` shape, so `kubectl wait --for=condition=...` and dashboards work.
public struct Condition: Codable, Hashable, Sendable {
    /// `True`, `False` or `Unknown`, as Kubernetes spells them.
    public enum Status: String, Codable, Hashable, Sendable, CaseIterable {
        case `true` = "True"
        case `false` = "False"
        case unknown = "Unknown"
    }

    /// CamelCase condition type, e.g. `Approved`.
    public var type: String
    public var status: Status
    /// CamelCase machine-readable reason, e.g. `PolicyWithdrawn`.
    public var reason: String
    /// One human sentence.
    public var message: String
    /// When `status` last changed; unchanged when only reason or message change.
    public var lastTransitionTime: KubeTime
    /// The `metadata.generation` this condition was computed from.
    public var observedGeneration: Int64?

    public init(
        type: String, status: Status, reason: String, message: String, lastTransitionTime: KubeTime,
        observedGeneration: Int64? = nil
    ) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransitionTime = lastTransitionTime
        self.observedGeneration = observedGeneration
    }
}

extension Array where Element == Condition {
    /// The condition of `type`, if present.
    public subscript(type type: String) -> Condition? {
        first { $0.type == type }
    }

    /// Sets a condition the way `meta.SetStatusCondition` does: `lastTransitionTime` moves only when
    /// `status` changes, so a status rewrite with the same verdict is a no-op.
    public mutating func set(_ condition: Condition) {
        guard let index = firstIndex(where: { $0.type == condition.type }) else {
            append(condition)
            return
        }
        var updated = condition
        if self[index].status == condition.status {
            updated.lastTransitionTime = self[index].lastTransitionTime
        }
        self[index] = updated
    }
}
