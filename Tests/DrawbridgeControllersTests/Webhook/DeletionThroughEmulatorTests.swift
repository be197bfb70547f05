import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeTesting
import KubeClient
import Testing

/// The deletion check in the API server's path, with the controller running: RBAC lets frank (bound
/// to drawbridge-requester in `demo`) delete AccessRequests there, yet the webhook refuses him
/// someone else's grant; the requester, an approver and a holder of accessrequests/force (asked with
/// a real SubjectAccessReview) succeed, and the finalizer still revokes the grant.
@Suite("AccessRequest deletion through the emulator", .timeLimit(.minutes(3)))
struct DeletionThroughEmulatorTests {
    static func bind(_ h: ControllerHarness, frankTo role: String) async throws {
        try await h.emulator.apply(
            yaml: """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: frank-\(role), namespace: demo}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: \(role)}
                subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: frank}]
                """)
    }

    static func grant(_ h: ControllerHarness, _ name: String) async throws {
        try await h.create(AccessRequest.fixture(name: name))
        try await h.waitFor(name, phase: .pending)
        try await h.review(name, as: "bob")
        try await h.waitFor(name, phase: .active)
    }

    static func gone(_ h: ControllerHarness, _ name: String) async throws {
        try await h.eventually("\(name) is deleted and its grant revoked") { () -> Bool? in
            let request = try await h.emulator.client("admin").getIfPresent(
                AccessRequest.self, name: name, namespace: "demo")
            let binding = try await h.binding(of: name)
            return request == nil && binding == nil ? true : nil
        }
    }

    @Test func aStrangersDeleteIsRefusedWhileTheRequesterAnApproverAndAForceHolderSucceed() async throws {
        let h = try await ControllerHarness()
        try await h.start()
        try await Self.bind(h, frankTo: "drawbridge-requester")
        for name in ["by-alice", "by-bob", "by-frank"] { try await Self.grant(h, name) }

        let frank = h.emulator.client("frank")
        do {
            _ = try await frank.delete(AccessRequest.self, name: "by-frank", namespace: "demo")
            Issue.record("a stranger deleted someone else's request")
        } catch let error as APIError {
            #expect(error.code == 403)
            #expect(
                error.message
                    == "admission webhook \"validate.accessrequests.drawbridge.dev\" denied the request: frank may not delete AccessRequest demo/by-frank: only its requester (alice), an approver under AccessPolicy \"developers-edit\" (group sre), or a holder of delete on accessrequests/force in namespace \"demo\", may delete it"
            )
        }
        #expect(try await h.request("by-frank").status?.phase == .active)
        #expect(try await h.binding(of: "by-frank") != nil)

        _ = try await h.emulator.client("alice").delete(AccessRequest.self, name: "by-alice", namespace: "demo")
        try await Self.gone(h, "by-alice")
        _ = try await h.emulator.client("bob").delete(AccessRequest.self, name: "by-bob", namespace: "demo")
        try await Self.gone(h, "by-bob")

        try await Self.bind(h, frankTo: "drawbridge-admin")
        _ = try await frank.delete(AccessRequest.self, name: "by-frank", namespace: "demo")
        try await Self.gone(h, "by-frank")
        await h.stop()
    }
}
