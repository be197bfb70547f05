import DrawbridgeAPI

/// The controller's own checks applied to a manifest from a file, so `drawbridge validate`, the
/// examples test and CI all judge objects exactly as the cluster will.
public enum ManifestCheck {
    /// Problems with `manifest`, each one sentence; empty when it is valid.
    ///
    /// `spec.requester` is set by the API server at admission, so a file without one is not faulted.
    public static func problems(of manifest: Manifest) -> [String] {
        switch manifest {
        case .accessRequest(let request):
            return RequestValidator.problems(request.spec).filter { $0.reason != .requesterUnknown }.map(\.message)
        case .clusterAccessRequest(let request):
            return RequestValidator.problems(request.spec, clusterWide: true).filter { $0.reason != .requesterUnknown }
                .map(\.message)
        case .accessPolicy(let policy):
            if case .failure(let error) = CompiledPolicy.compile(policy) { return [error.description] }
            return []
        case .role, .clusterRole, .roleBinding, .clusterRoleBinding, .customResourceDefinition, .other:
            return []
        }
    }
}
