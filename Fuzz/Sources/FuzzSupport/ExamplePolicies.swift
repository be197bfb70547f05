import DrawbridgeAPI

/// The two policies of `examples/policies` (an approval-gated `edit`, an auto-approved `view`), so
/// harnesses judge requests the way a freshly installed cluster would.
public enum ExamplePolicies {
    /// Both policies, decoded once.
    public static let all: [AccessPolicy] = {
        guard let manifests = try? Manifest.decodeAll(yaml) else { fatalError("the example policies do not decode") }
        return manifests.compactMap {
            if case .accessPolicy(let policy) = $0 { return policy }
            return nil
        }
    }()

    private static let yaml = """
        apiVersion: drawbridge.dev/v1alpha1
        kind: AccessPolicy
        metadata: {name: developers-edit-demo}
        spec:
          requesters: {groups: [developers]}
          namespaces: {names: [demo]}
          roles: [{kind: ClusterRole, name: edit}]
          defaultDuration: 30m
          maxDuration: 1h
          reasonPattern: "(INC|CHG)-[0-9]+"
          approval: {required: 1, approvers: {groups: [sre]}, timeout: 30m}
          forbiddenRules:
          - {verbs: [escalate, bind, create, update, patch, delete], apiGroups: [rbac.authorization.k8s.io], resources: ["*"]}
          - {verbs: [impersonate], apiGroups: [""], resources: [users, groups]}
        ---
        apiVersion: drawbridge.dev/v1alpha1
        kind: AccessPolicy
        metadata: {name: view-auto-approve}
        spec:
          requesters: {groups: [developers, sre]}
          namespaces: {names: [demo]}
          roles: [{kind: ClusterRole, name: view}]
          maxDuration: 15m
          approval: {required: 0}
        """
}
