import APIServerEmulator
import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import KubeClient
import Testing

/// Cluster-wide grants end to end in one process, on the manual clock: a ClusterAccessRequest runs
/// through the same lifecycle as an AccessRequest, and its grant is a ClusterRoleBinding that is
/// repaired when tampered with and revoked at expiry, also after a restart.
@Suite struct ControllerClusterWideTests {
    /// developers may ask for ClusterRole view cluster-wide, for up to 1h, with one approval from sre.
    static let clusterView = AccessPolicy.fixture(
        name: "cluster-view", roles: [.init(kind: "ClusterRole", name: "view")]
    ).clusterScoped()

    static func request(_ name: String, role: String = "view") -> AccessRequest {
        AccessRequest.fixture(name: name, role: .init(kind: "ClusterRole", name: role))
    }

    @Test func aClusterWideGrantIsApprovedRepairedAndRevokedAtExpiry() async throws {
        let h = try await ControllerHarness(policies: [Self.clusterView])
        try await h.start()
        #expect(try await !h.canI("alice", "list", "nodes", namespace: nil))
        try await h.createClusterWide(Self.request("alice-view"))
        let pending = try await h.waitForClusterWide("alice-view", phase: .pending)
        #expect(pending.status?.policy == "cluster-view")
        #expect(pending.spec.requester?.username == "alice")
        try await h.reviewClusterWide("alice-view", as: "bob")
        let active = try await h.waitForClusterWide("alice-view", phase: .active)
        let expiresAt = try #require(active.status?.expiresAt)
        #expect(active.status?.roleBinding == "drawbridge-alice-view")
        #expect(
            active.status?.message
                == "ClusterRole/view is bound to User \"alice\" cluster-wide until \(expiresAt).")

        // The grant: a ClusterRoleBinding owned by the ClusterAccessRequest, giving alice view everywhere.
        let binding = try #require(try await h.clusterBinding(of: "alice-view"))
        #expect(binding.roleRef == RoleRef(kind: "ClusterRole", name: "view"))
        #expect(binding.subjects.map(\.name) == ["alice"])
        #expect(binding.metadata.ownerReferences?.map(\.kind) == ["ClusterAccessRequest"])
        #expect(binding.metadata.labels?[Drawbridge.Keys.expiryLabel] == GrantBinding.expiryLabel(expiresAt))
        #expect(try await h.canI("alice", "list", "pods", namespace: "kube-system"))
        // No RoleBinding anywhere: the grant is cluster-wide, not namespaced.
        #expect(try await h.binding(of: "alice-view") == nil)

        // Tamper: deleted, then edited; both put back and recorded.
        let admin = h.emulator.client("admin")
        let before = binding.metadata.uid
        try await admin.delete(ClusterRoleBinding.self, name: "drawbridge-alice-view")
        try await h.eventually("the ClusterRoleBinding is restored") {
            try await h.clusterBinding(of: "alice-view").flatMap { $0.metadata.uid != before ? true : nil }
        }
        var edited = try #require(try await h.clusterBinding(of: "alice-view"))
        edited.subjects = [Subject(kind: .user, name: "mallory", apiGroup: "rbac.authorization.k8s.io")]
        _ = try await admin.update(edited)
        try await h.eventually("the ClusterRoleBinding is reverted") {
            try await h.clusterBinding(of: "alice-view")?.subjects.first?.name == "alice" ? true : nil
        }
        try await h.settled()

        // One second before expiry alice still has access; at expiry it is gone.
        await h.advanceClock(to: expiresAt.date.addingTimeInterval(-1))
        try await h.settled()
        #expect(try await h.clusterRequest("alice-view")?.status?.phase == .active)
        #expect(try await h.clusterBinding(of: "alice-view") != nil)
        await h.advanceClock(to: expiresAt.date)
        let expired = try await h.waitForClusterWide("alice-view", phase: .expired)
        #expect(
            expired.status?.message
                == "Access to ClusterRole/view cluster-wide expired at \(expiresAt); ClusterRoleBinding drawbridge-alice-view removed."
        )
        #expect(try await h.clusterBinding(of: "alice-view") == nil)
        #expect(try await !h.canI("alice", "list", "pods", namespace: "kube-system"))

        // Audit: the whole story, each record naming the ClusterAccessRequest.
        let records = h.audit.records.filter { $0.request.name == "alice-view" }
        #expect(
            records.map(\.action) == [.requested, .approved, .granted, .tamperReverted, .tamperReverted, .expired])
        #expect(records.allSatisfy { $0.request.kind == "ClusterAccessRequest" && $0.request.namespace.isEmpty })
        // Events about a cluster-scoped object go to the default namespace, as Kubernetes does.
        // (Events are written last, after the status: wait for it.)
        let event = try await h.eventually("the Expired Event in namespace default") {
            try await h.events(about: "alice-view", namespace: "default").first { $0.reason == "Expired" }
        }
        #expect(event.involvedObject.kind == "ClusterAccessRequest")
        #expect(event.involvedObject.namespace == nil)
        await h.stop()
    }

    @Test func admissionKeepsTheScopesApart() async throws {
        // developers may have edit in every namespace, and view cluster-wide.
        let h = try await ControllerHarness(policies: [
            .fixture(name: "developers-edit-everywhere", namespaces: ["*"], required: 0, approverGroups: nil),
            Self.clusterView,
        ])
        try await h.start()
        // A namespaced policy covers every namespace, but never cluster-wide.
        await Self.expectRefused(
            "no AccessPolicy allows User \"alice\" to request ClusterRole/edit cluster-wide",
            try await h.createClusterWide(Self.request("alice-edit", role: "edit")))
        // A Cluster policy never grants inside a namespace.
        await Self.expectRefused(
            "no AccessPolicy allows User \"alice\" to request ClusterRole/view in namespace \"demo\"",
            try await h.create(Self.request("alice-view")))
        // Within their scopes both are admitted.
        try await h.createClusterWide(Self.request("alice-view"))
        try await h.waitForClusterWide("alice-view", phase: .pending)
        try await h.create(Self.request("alice-edit", role: "edit"))
        try await h.waitFor("alice-edit", phase: .active)
        #expect(try await h.clusterRequest("alice-edit") == nil)
        await h.stop()
    }

    /// `create` must fail with a 403 whose message contains `message`.
    static func expectRefused<T>(
        _ message: String, _ create: @autoclosure () async throws -> T,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        do {
            _ = try await create()
            Issue.record("admitted; expected: \(message)", sourceLocation: sourceLocation)
        } catch let error as APIError {
            #expect(error.code == 403, sourceLocation: sourceLocation)
            #expect(error.message.contains(message), "\(error.message)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func aClusterRoleTheControllerMayNotBindIsReportedAndNeverBound() async throws {
        let policy = AccessPolicy.fixture(
            name: "cluster-admin-auto", roles: [.init(kind: "ClusterRole", name: "admin")], required: 0,
            approverGroups: nil
        ).clusterScoped()
        let h = try await ControllerHarness(policies: [policy])
        try await h.start()
        try await h.createClusterWide(Self.request("too-big", role: "admin"))
        let request = try await h.eventually("the request says why it has no binding") {
            try await h.clusterRequest("too-big").flatMap {
                $0.status?.conditions?[type: .granted]?.reason == "BindingForbidden" ? $0 : nil
            }
        }
        #expect(request.status?.phase == .approved)
        #expect(
            request.status?.message?.hasPrefix(
                "Approved, but the controller may not create ClusterRoleBinding drawbridge-too-big for ClusterRole/admin: add admin to the bind rule's resourceNames in ClusterRole drawbridge-controller (config/rbac/role.yaml)."
            ) == true, "\(request.status?.message ?? "")")
        #expect(try await h.clusterBinding(of: "too-big") == nil)
        await h.stop()
    }

    @Test func aClusterWideGrantThatExpiredWhileNoControllerRanIsRevokedOnStart() async throws {
        let h = try await ControllerHarness(policies: [Self.clusterView.withApprovals(0)])
        try await h.start()
        try await h.createClusterWide(Self.request("alice-view"))
        let active = try await h.waitForClusterWide("alice-view", phase: .active)
        let expiresAt = try #require(active.status?.expiresAt)
        await h.stop()
        await h.advanceClock(to: expiresAt.date.addingTimeInterval(600))
        #expect(try await h.clusterBinding(of: "alice-view") != nil)
        try await h.start()
        try await h.waitForClusterWide("alice-view", phase: .expired)
        #expect(try await h.clusterBinding(of: "alice-view") == nil)
        await h.stop()
    }

    @Test func deletingAClusterAccessRequestRevokesItsGrantFirst() async throws {
        let h = try await ControllerHarness(policies: [Self.clusterView.withApprovals(0)])
        try await h.start()
        try await h.createClusterWide(Self.request("alice-view"))
        try await h.waitForClusterWide("alice-view", phase: .active)
        #expect(try await h.clusterBinding(of: "alice-view") != nil)
        try await h.emulator.client("alice").delete(ClusterAccessRequest.self, name: "alice-view")
        try await h.eventually("the request is gone") { try await h.clusterRequest("alice-view") == nil ? true : nil }
        #expect(try await h.clusterBinding(of: "alice-view") == nil)
        #expect(h.audit.records.filter { $0.request.name == "alice-view" }.last?.action == .revoked)
        await h.stop()
    }
}

extension AccessPolicy {
    /// A copy needing `required` approvals.
    fileprivate func withApprovals(_ required: Int) -> AccessPolicy {
        var copy = self
        copy.spec.approval.required = required
        return copy
    }
}

/// A ClusterAccessRequest named after a ClusterRoleBinding Drawbridge did not make (here the
/// controller's own, `drawbridge-controller`, from config/rbac) never takes it over or deletes it.
@Suite struct ControllerForeignBindingTests {
    @Test func aRequestNamedAfterTheControllersOwnBindingGetsNothingAndTouchesNothing() async throws {
        let policy = AccessPolicy.fixture(
            name: "cluster-view-auto", roles: [.init(kind: "ClusterRole", name: "view")], required: 0,
            approverGroups: nil
        ).clusterScoped()
        let h = try await ControllerHarness(policies: [policy])
        let admin = h.emulator.client("admin")
        let before = try #require(try await admin.getIfPresent(ClusterRoleBinding.self, name: "drawbridge-controller"))
        try await h.start()
        try await h.createClusterWide(
            AccessRequest.fixture(name: "controller", role: .init(kind: "ClusterRole", name: "view")))
        let refused = try await h.eventually("the request says the name is taken") {
            try await h.clusterRequest("controller").flatMap {
                $0.status?.conditions?[type: .granted]?.reason == "BindingNameTaken" ? $0 : nil
            }
        }
        #expect(refused.status?.phase == .approved)
        try await h.settled()
        let after = try #require(try await admin.getIfPresent(ClusterRoleBinding.self, name: "drawbridge-controller"))
        #expect(after.metadata.uid == before.metadata.uid)
        #expect(after.roleRef == before.roleRef && after.subjects == before.subjects)
        // Deleting the request leaves it alone too.
        try await h.emulator.client("alice").delete(ClusterAccessRequest.self, name: "controller")
        try await h.eventually("the request is gone") { try await h.clusterRequest("controller") == nil ? true : nil }
        #expect(
            try await admin.getIfPresent(ClusterRoleBinding.self, name: "drawbridge-controller")?.metadata.uid
                == before.metadata.uid)
        await h.stop()
    }
}
