import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeTesting
import KubeClient
import Testing

/// The requester's signature covers the request's namespace and name: a signed spec copied onto a
/// new request (possible only with the webhooks bypassed) verifies as nothing, even under a policy
/// that approves at once; and a `generateName` create, whose name admission cannot see, is refused.
@Suite("Requester signatures bound to the request", .timeLimit(.minutes(3)))
struct RequesterBindingTests {
    static let view = RoleReference(kind: "ClusterRole", name: "view")

    @Test func aSignedSpecCopiedOntoAnotherRequestIsRejectedAsUnverified() async throws {
        let h = try await ControllerHarness(policies: [
            .fixture(
                name: "view-auto-approve", roles: [Self.view], defaultDuration: nil, maxDuration: "15m", required: 0,
                approverGroups: nil, timeout: nil)
        ])
        try await h.start()
        let original = try await h.create(AccessRequest.fixture(name: "original", role: Self.view, duration: "10m"))
        try await h.waitFor("original", phase: .active)

        // With the webhooks deleted, someone creates a request carrying alice's signed spec.
        let admin = h.emulator.client("admin")
        for kind in ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"] {
            _ = try await admin.send(
                KubeRequest(method: "DELETE", path: "/apis/admissionregistration.k8s.io/v1/\(kind)/drawbridge"))
        }
        var copy = AccessRequest(metadata: ObjectMeta(name: "copy", namespace: "demo"), spec: original.spec)
        copy.status = nil
        _ = try await admin.create(copy)
        let rejected = try await h.waitFor("copy", phase: .rejected)
        #expect(rejected.status?.conditions?.first { $0.type == "Approved" }?.reason == "RequesterUnverified")
        #expect(try await h.binding(of: "copy") == nil)
        // The same spec in another namespace fails the same way.
        _ = try await admin.create(
            Namespace(metadata: ObjectMeta(name: "elsewhere", labels: ["env": "demo"])))
        _ = try await admin.create(
            AccessRequest(metadata: ObjectMeta(name: "original", namespace: "elsewhere"), spec: original.spec))
        let moved = try await h.waitFor("original", phase: .rejected, namespace: "elsewhere")
        #expect(moved.status?.conditions?.first { $0.type == "Approved" }?.reason == "RequesterUnverified")
        #expect(try await h.request("original").status?.phase == .active, "the original is untouched")
        await h.stop()
    }

    @Test func aGenerateNameCreateIsRefusedBecauseAdmissionCannotSeeTheName() async throws {
        let harness = try await EmulatorHarness.withAdmissionWebhook()
        var request = AccessRequest.fixture(name: "")
        request.metadata = ObjectMeta(namespace: "demo")
        request.metadata.generateName = "alice-"
        do {
            _ = try await harness.client("alice").create(request)
            Issue.record("a generateName create was admitted")
        } catch let error as APIError {
            #expect(error.code == 400)
            #expect(
                error.message
                    == "admission webhook \"accessrequests.drawbridge.dev\" denied the request: \(AccessRequestAdmission.nameRequiredMessage)"
            )
        }
        #expect(try await harness.client("admin").list(AccessRequest.self, namespace: "demo").items.isEmpty)
    }
}
