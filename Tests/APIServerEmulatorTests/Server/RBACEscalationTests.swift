import DrawbridgeAPI
import DrawbridgeTesting
import KubeClient
import Testing

/// Escalation prevention as kube-apiserver applies it to bindings: bind permission on the role, or
/// hold everything it grants. It is what keeps Drawbridge's controller from handing out roles its
/// ClusterRole does not list under `bind`.
@Suite("RBAC escalation prevention on bindings")
struct RBACEscalationTests {
    static func binding(_ name: String, role: String, kind: String = "ClusterRole", to user: String = "erin")
        -> RoleBinding
    {
        RoleBinding(
            metadata: ObjectMeta(name: name, namespace: "demo"),
            subjects: [Subject(kind: .user, name: user, apiGroup: "rbac.authorization.k8s.io")],
            roleRef: RoleRef(kind: kind, name: role, apiGroup: "rbac.authorization.k8s.io"))
    }

    /// frank may create RoleBindings in demo, and nothing else yet.
    static func harness() async throws -> EmulatorHarness {
        let harness = try await EmulatorHarness()
        try await harness.apply(
            yaml: """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: binding-writer, namespace: demo}
                rules: [{apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create, update]}]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: frank-binding-writer, namespace: demo}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: binding-writer}
                subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: frank}]
                """)
        return harness
    }

    @Test("Without bind, a user cannot grant permissions they do not hold, and the error lists them")
    func escalationRefused() async throws {
        let harness = try await Self.harness()
        do {
            _ = try await harness.client("frank").create(Self.binding("erin-view", role: "view"))
            Issue.record("frank bound view without holding it")
        } catch let error as APIError {
            #expect(error.code == 403)
            #expect(
                error.message.hasPrefix(
                    "rolebindings.rbac.authorization.k8s.io \"erin-view\" is forbidden: user \"frank\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:"
                ),
                "\(error.message)")
        }
    }

    @Test("A binding without a readable roleRef is refused, not waved past the escalation check")
    func unreadableRoleRef() async throws {
        let harness = try await Self.harness()
        let body =
            #"{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"no-role","namespace":"demo"},"subjects":[{"kind":"User","name":"erin"}],"roleRef":{"kind":42}}"#
        do {
            // The controller may create RoleBindings in any namespace (config/rbac), so RBAC lets it this far.
            _ = try await harness.client("controller").send(
                KubeRequest(
                    method: "POST", path: "/apis/rbac.authorization.k8s.io/v1/namespaces/demo/rolebindings",
                    headers: ["Content-Type": "application/json"], body: Array(body.utf8)))
            Issue.record("a RoleBinding without a readable roleRef was accepted")
        } catch let error as APIError {
            #expect(error.code == 422, "\(error.message)")
        }
        #expect(
            try await harness.client("admin").getIfPresent(RoleBinding.self, name: "no-role", namespace: "demo") == nil)
    }

    @Test("bind on a named role allows binding exactly that role")
    func bindVerb() async throws {
        let harness = try await Self.harness()
        try await harness.apply(
            yaml: """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: view-binder, namespace: demo}
                rules: [{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind], resourceNames: [view]}]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: frank-view-binder, namespace: demo}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: view-binder}
                subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: frank}]
                """)
        let frank = harness.client("frank")
        _ = try await frank.create(Self.binding("erin-view", role: "view"))
        await #expect(throws: APIError.self) { _ = try await frank.create(Self.binding("erin-edit", role: "edit")) }
    }

    @Test("A user holding every permission of a role may bind it without bind")
    func heldPermissions() async throws {
        let harness = try await Self.harness()
        try await harness.apply(
            yaml: """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: pod-reader, namespace: demo}
                rules: [{apiGroups: [""], resources: [pods], verbs: [get, list]}]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: frank-pod-reader, namespace: demo}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
                subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: frank}]
                """)
        _ = try await harness.client("frank").create(Self.binding("erin-pod-reader", role: "pod-reader", kind: "Role"))
    }

    @Test("The controller, with exactly config/rbac, binds view and edit but not admin")
    func controllerBindsOnlyListedRoles() async throws {
        let harness = try await EmulatorHarness()
        let controller = harness.client("controller")
        _ = try await controller.create(Self.binding("c-view", role: "view"))
        _ = try await controller.create(Self.binding("c-edit", role: "edit"))
        await #expect(throws: APIError.self) { _ = try await controller.create(Self.binding("c-admin", role: "admin")) }
    }
}
