import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import Foundation
import KubeClient
import Testing

/// What the controller does with identities that did not pass through its webhook: they count for
/// nothing, and someone is told (a Warning Event, an audit record, a condition).
@Suite struct ControllerIdentityTests {
    @Test func anApprovalWrittenWithTheWebhookDeletedGrantsNothingAndRaisesAWarning() async throws {
        let h = try await ControllerHarness()
        try await h.start()
        try await h.create(AccessRequest.fixture(name: "bypass"))
        try await h.waitFor("bypass", phase: .pending)
        // An admin deletes the webhook configurations and writes bob's approval straight into status.
        let admin = h.emulator.client("admin")
        for kind in ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"] {
            _ = try await admin.send(
                KubeRequest(method: "DELETE", path: "/apis/admissionregistration.k8s.io/v1/\(kind)/drawbridge"))
        }
        var request = try await h.request("bypass")
        request.status?.approvals = [
            ApprovalRecord(user: "bob", groups: ["sre"], decision: .approve, time: KubeTime(h.clock.date))
        ]
        _ = try await admin.updateStatus(request)
        let warned = try await h.eventually("a Warning Event about the unverified approval") {
            try await h.events(about: "bypass").first { $0.reason == "UnverifiedApproval" }
        }
        #expect(warned.type == .warning)
        #expect(
            warned.message
                == "Ignored 1 recorded review(s) without a valid signature from the Drawbridge admission webhook: Approve by bob at \(KubeTime(h.clock.date))."
        )
        let stored = try await h.request("bypass")
        #expect(stored.status?.phase == .pending)
        #expect(stored.status?.conditions?.first { $0.type == "ApprovalsVerified" }?.reason == "UnverifiedApproval")
        #expect(try await h.binding(of: "bypass") == nil)
        #expect(h.audit.records.contains { $0.action == .unverifiedApproval && $0.request.name == "bypass" })
        await h.stop()
    }

    @Test func aPhaseWrittenIntoStatusWithTheWebhookDeletedGrantsNothing() async throws {
        let h = try await ControllerHarness()
        try await h.start()
        try await h.create(AccessRequest.fixture(name: "self-granted"))
        try await h.waitFor("self-granted", phase: .pending)
        let admin = h.emulator.client("admin")
        for kind in ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"] {
            _ = try await admin.send(
                KubeRequest(method: "DELETE", path: "/apis/admissionregistration.k8s.io/v1/\(kind)/drawbridge"))
        }
        // alice (a requester may patch accessrequests/status) declares her own request Active.
        var request = try await h.request("self-granted")
        request.status?.phase = .active
        request.status?.grantedAt = KubeTime(h.clock.date)
        request.status?.expiresAt = KubeTime(h.clock.date.addingTimeInterval(1800))
        _ = try await h.emulator.client("alice").updateStatus(request)
        let revoked = try await h.waitFor("self-granted", phase: .revoked)
        #expect(revoked.status?.conditions?.first { $0.type == "Granted" }?.reason == "ApprovalsMissing")
        #expect(try await h.binding(of: "self-granted") == nil)
        #expect(!h.audit.records.contains { $0.request.name == "self-granted" && $0.action == .granted })
        await h.stop()
    }

    /// `status.roleBinding` is something anyone who can write status can change: the controller must
    /// never take it as the name of the binding to create, edit or delete.
    @Test func aBindingNameWrittenIntoStatusWithTheWebhookDeletedTouchesNoOtherBinding() async throws {
        let h = try await ControllerHarness(policies: [.fixture(required: 0, approverGroups: nil)])
        try await h.start()
        let admin = h.emulator.client("admin")
        let victim = try await admin.create(
            RoleBinding(
                metadata: ObjectMeta(name: "team-view", namespace: "demo"),
                subjects: [Subject(kind: .user, name: "carol", apiGroup: "rbac.authorization.k8s.io")],
                roleRef: RoleRef(kind: "ClusterRole", name: "view")))
        try await h.create(AccessRequest.fixture(name: "deputy"))
        try await h.waitFor("deputy", phase: .active)
        for kind in ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"] {
            _ = try await admin.send(
                KubeRequest(method: "DELETE", path: "/apis/admissionregistration.k8s.io/v1/\(kind)/drawbridge"))
        }
        var request = try await h.request("deputy")
        request.status?.roleBinding = "team-view"
        _ = try await h.emulator.client("alice").updateStatus(request)
        // Its own binding still stands and is still the one that expires.
        try await h.eventually("the controller has seen the edit") {
            try await h.request("deputy").status?.roleBinding == "drawbridge-deputy" ? true : nil
        }
        let untouched = try await admin.get(RoleBinding.self, name: "team-view", namespace: "demo")
        #expect(untouched.metadata.uid == victim.metadata.uid, "not deleted and recreated")
        #expect(untouched.roleRef == victim.roleRef && untouched.subjects == victim.subjects)
        #expect(try await h.binding(of: "deputy") != nil)
        await h.clock.advance(by: .seconds(3600))
        try await h.waitFor("deputy", phase: .expired)
        #expect(try await h.binding(of: "deputy") == nil, "the grant's own binding is revoked at expiry")
        #expect(
            try await admin.get(RoleBinding.self, name: "team-view", namespace: "demo").metadata.uid
                == victim.metadata.uid)
        await h.stop()
    }

    @Test func aRequestCreatedWithTheWebhookDeletedIsRejectedAsUnverified() async throws {
        let h = try await ControllerHarness(policies: [.fixture(required: 0, approverGroups: nil)])
        try await h.start()
        let admin = h.emulator.client("admin")
        for kind in ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"] {
            _ = try await admin.send(
                KubeRequest(method: "DELETE", path: "/apis/admissionregistration.k8s.io/v1/\(kind)/drawbridge"))
        }
        // alice writes her own requester, claiming to be in developers: nobody signed it.
        try await h.create(AccessRequest.fixture(name: "forged"))
        let rejected = try await h.waitFor("forged", phase: .rejected)
        #expect(rejected.status?.conditions?.first { $0.type == "Approved" }?.reason == "RequesterUnverified")
        #expect(try await h.binding(of: "forged") == nil)
        await h.stop()
    }
}

/// The controller does not hold what it hands out: it may bind only the roles config/rbac lists.
@Suite struct ControllerEscalationTests {
    @Test func aRoleTheControllerMayNotBindIsReportedAndNeverBound() async throws {
        let h = try await ControllerHarness(policies: [
            .fixture(roles: [.init(kind: "ClusterRole", name: "admin")], required: 0, approverGroups: nil)
        ])
        try await h.start()
        try await h.create(AccessRequest.fixture(name: "too-big", role: .init(kind: "ClusterRole", name: "admin")))
        let warning = try await h.eventually("a BindingForbidden Warning") {
            try await h.events(about: "too-big").first { $0.reason == "BindingForbidden" }
        }
        #expect(warning.type == .warning)
        let explanation =
            "Approved, but the controller may not create RoleBinding drawbridge-too-big for ClusterRole/admin: add admin to the bind rule's resourceNames in ClusterRole drawbridge-controller (config/rbac/role.yaml)."
        #expect(warning.message?.hasPrefix(explanation) == true, "\(warning.message ?? "")")
        #expect(try await h.binding(of: "too-big") == nil)
        // The request says so itself, where `kubectl describe` and `kubectl wait` look.
        let request = try await h.waitFor("too-big", "says why it has no binding") {
            $0?.status?.conditions?[type: .granted]?.reason == "BindingForbidden"
        }
        #expect(request?.status?.phase == .approved)
        #expect(request?.status?.message?.hasPrefix(explanation) == true, "\(request?.status?.message ?? "")")
        await h.stop()
    }
}
