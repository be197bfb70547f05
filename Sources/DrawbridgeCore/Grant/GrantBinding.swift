import DrawbridgeAPI
import Foundation

/// Derives the RoleBinding a grant needs from the request alone, deterministically, so every
/// reconcile computes the same object and a write happens only when the observed binding differs.
public enum GrantBinding {
    /// Kubernetes object names may be at most 253 characters.
    static let maxNameLength = 253

    /// `drawbridge-<request>`; names that would be too long are cut and suffixed with a short hash of
    /// the full name so that two long request names never share a binding.
    public static func bindingName(for request: AccessRequest) -> String {
        let full = "drawbridge-\(request.metadata.name ?? "")"
        guard full.count > maxNameLength else { return full }
        let hash = String(fnv1a(full), radix: 16)
        return String(full.prefix(maxNameLength - hash.count - 1)) + "-" + hash
    }

    /// The binding subject for a requester: a ServiceAccount for `system:serviceaccount:NS:NAME`,
    /// otherwise a User. Nil when the requester is unknown (no binding is ever made then).
    public static func subject(for requester: UserIdentity?) -> Subject? {
        guard let requester, !requester.username.isEmpty else { return nil }
        if let account = requester.serviceAccount {
            return Subject(kind: .serviceAccount, name: account.name, apiGroup: "", namespace: account.namespace)
        }
        return Subject(kind: .user, name: requester.username)
    }

    /// `User "alice"` / `ServiceAccount ci/deployer`, for messages.
    public static func describe(_ subject: Subject) -> String {
        switch subject.kind {
        case .serviceAccount: "ServiceAccount \(subject.namespace ?? "")/\(subject.name)"
        case .user, .group: "\(subject.kind.rawValue) \"\(subject.name)\""
        }
    }

    /// The RoleBinding an approved request needs (without a namespace, standing for a
    /// ClusterRoleBinding, for a ClusterAccessRequest); nil when the request lacks what a grant
    /// requires (name, uid, requester, expiry, a role its kind may bind), in which case no binding
    /// must exist.
    public static func desiredBinding(for request: AccessRequest, approvedBy: [String]) -> RoleBinding? {
        guard let name = request.metadata.name, let uid = request.metadata.uid,
            let subject = subject(for: request.spec.requester),
            let expiresAt = request.status?.expiresAt,
            RoleReference.supportedKinds.contains(request.spec.role.kind),
            !request.isClusterWide || request.spec.role.kind == ClusterRole.kind
        else { return nil }
        var metadata = ObjectMeta(
            name: bindingName(for: request), namespace: request.metadata.namespace)
        metadata.labels = [
            Drawbridge.Keys.managedBy: Drawbridge.Keys.managedByValue, Drawbridge.Keys.request: name,
            Drawbridge.Keys.expiryLabel: expiryLabel(expiresAt),
        ]
        metadata.annotations = [
            Drawbridge.Keys.expiresAt: expiresAt.description,
            Drawbridge.Keys.requestUID: uid,
            Drawbridge.Keys.approvedBy: approvedBy.isEmpty
                ? "AccessPolicy/\(request.status?.policy ?? "") (\(request.spec.breakGlass == true ? "break-glass" : "auto-approved"))"
                : approvedBy.joined(separator: ","),
        ]
        metadata.ownerReferences = [
            OwnerReference(
                apiVersion: AccessRequest.apiVersion, kind: request.kindName, name: name, uid: uid, controller: true,
                blockOwnerDeletion: true)
        ]
        return RoleBinding(
            metadata: metadata, subjects: [subject],
            roleRef: RoleRef(kind: request.spec.role.kind, name: request.spec.role.name))
    }

    /// True when `observed` matches `desired` on everything Drawbridge owns: subjects, roleRef, its
    /// own labels and annotations, and its ownerReference. Other people's extra labels or annotations
    /// are not drift.
    /// `ignoringLabels` leaves some of Drawbridge's own labels out of the comparison.
    public static func isCurrent(
        _ observed: RoleBinding, desired: RoleBinding, ignoringLabels ignored: Set<String> = []
    ) -> Bool {
        let labels = observed.metadata.labels ?? [:]
        let annotations = observed.metadata.annotations ?? [:]
        let ownLabelsMatch = (desired.metadata.labels ?? [:]).allSatisfy {
            ignored.contains($0.key) || labels[$0.key] == $0.value
        }
        let ownAnnotationsMatch = (desired.metadata.annotations ?? [:]).allSatisfy { annotations[$0.key] == $0.value }
        let ownerMatches = (desired.metadata.ownerReferences ?? []).allSatisfy {
            observed.metadata.ownerReferences?.contains($0) == true
        }
        return observed.subjects == desired.subjects && observed.roleRef == desired.roleRef && ownLabelsMatch
            && ownAnnotationsMatch && ownerMatches
    }

    /// The `drawbridge.dev/expiry` label value for `expiresAt`: whole Unix seconds.
    public static func expiryLabel(_ expiresAt: KubeTime) -> String {
        String(Int64(expiresAt.date.timeIntervalSince1970.rounded(.down)))
    }

    /// The instant a binding's `drawbridge.dev/expiry` label names, if it carries a readable one.
    public static func labelledExpiry(of binding: RoleBinding) -> Date? {
        binding.metadata.labels?[Drawbridge.Keys.expiryLabel].flatMap(Int64.init).map {
            Date(timeIntervalSince1970: TimeInterval($0))
        }
    }

    /// The expiry written on a binding, if it carries a readable one.
    public static func annotatedExpiry(of binding: RoleBinding?) -> KubeTime? {
        binding?.metadata.annotations?[Drawbridge.Keys.expiresAt].flatMap(KubeTime.init(rfc3339:))
    }

    static func fnv1a(_ text: String) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return hash
    }
}
