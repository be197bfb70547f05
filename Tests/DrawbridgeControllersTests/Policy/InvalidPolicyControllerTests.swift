import DrawbridgeAPI
import DrawbridgeControllers
import DrawbridgeCore
import DrawbridgeTesting
import KubeClient
import Testing

/// The issue's scenario against the real controller: `view-auto-approve` plus a stricter policy for
/// the same people, namespace and role (two approvals from sre). The strict one is broken with the
/// webhooks bypassed; the lax one must not take over what the strict one covered.
@Suite("An invalid policy that slipped past admission", .timeLimit(.minutes(3)))
struct InvalidPolicyControllerTests {
    static let view = RoleReference(kind: "ClusterRole", name: "view")
    static let lax = AccessPolicy.fixture(
        name: "view-auto-approve", groups: ["developers", "sre"], roles: [view], defaultDuration: nil,
        maxDuration: "15m", required: 0, approverGroups: nil, timeout: nil)
    static let strict = AccessPolicy.fixture(name: "view-two-sre", roles: [view], required: 2)
    static let blocked =
        "invalid AccessPolicy \"view-two-sre\" covers this request, so no AccessPolicy may govern it until it is fixed or deleted: spec.reasonPattern: invalid regular expression \"([\""

    /// Writes `reasonPattern` into the strict policy with the webhook configurations deleted, as an
    /// admin bypassing admission would, then registers them again.
    static func breakStrictPolicy(_ h: ControllerHarness, reasonPattern: String) async throws {
        let admin = h.emulator.client("admin")
        _ = try await admin.send(
            KubeRequest(
                method: "DELETE",
                path: "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/drawbridge"))
        var policy = try await admin.get(AccessPolicy.self, name: "view-two-sre")
        policy.spec.reasonPattern = reasonPattern
        _ = try await admin.update(policy)
        try await h.emulator.registerAdmissionWebhook()
    }

    @Test func aBrokenStrictPolicyRejectsWhatItCoversAndRevokesItsGrantsInsteadOfHandingThemToTheLaxOne() async throws {
        let h = try await ControllerHarness(policies: [Self.lax, Self.strict])
        try await h.start()
        try await h.create(AccessRequest.fixture(name: "waiting", role: Self.view, duration: "10m"))
        try await h.waitFor("waiting", phase: .pending)
        try await h.create(AccessRequest.fixture(name: "granted", role: Self.view, duration: "10m"))
        try await h.waitFor("granted", phase: .pending)
        try await h.review("granted", as: "bob")
        try await h.review("granted", as: "carol")
        try await h.waitFor("granted", phase: .active)
        // bob's own request is outside the strict policy (developers only): the lax one keeps it.
        try await h.create(AccessRequest.fixture(name: "bobs", role: Self.view, duration: "10m"), as: "bob")
        try await h.waitFor("bobs", phase: .active)

        try await Self.breakStrictPolicy(h, reasonPattern: "([")

        let rejected = try await h.waitFor("waiting", phase: .rejected)
        #expect(rejected.status?.message == Self.blocked)
        #expect(rejected.status?.conditions?.first { $0.type == "Approved" }?.reason == "PolicyInvalid")
        #expect(try await h.binding(of: "waiting") == nil, "never granted")
        let revoked = try await h.waitFor("granted", phase: .revoked)
        #expect(
            revoked.status?.message == "Revoked because no AccessPolicy allows this grant any more: \(Self.blocked).")
        try await h.eventually("the revoked grant's binding is gone") {
            try await h.binding(of: "granted") == nil ? true : nil
        }
        #expect(try await h.request("bobs").status?.phase == .active, "outside the broken policy's scope")

        // With the webhooks back, a new request it covers is refused at once, with the same reason.
        do {
            try await h.create(AccessRequest.fixture(name: "again", role: Self.view, duration: "10m"))
            Issue.record("a request covered by an invalid policy was admitted")
        } catch let error as APIError {
            #expect(
                error.message
                    == "admission webhook \"validate.accessrequests.drawbridge.dev\" denied the request: \(Self.blocked)"
            )
        }

        // Fixed (through admission this time), the strict policy governs again: two approvals.
        let admin = h.emulator.client("admin")
        var fixed = try await admin.get(AccessPolicy.self, name: "view-two-sre")
        fixed.spec.reasonPattern = "INC-[0-9]+"
        _ = try await admin.update(fixed)
        try await h.eventually("the fixed policy is in the controller's cache") { () -> Bool? in
            guard case .allowed(let terms) = h.controller?.policyLookup.evaluate(.fixture(role: Self.view)) else {
                return nil
            }
            return terms.policy == "view-two-sre" ? true : nil
        }
        try await h.create(AccessRequest.fixture(name: "after-fix", role: Self.view, duration: "10m"))
        let pending = try await h.waitFor("after-fix", phase: .pending)
        #expect(pending.status?.policy == "view-two-sre")
        await h.stop()
    }

    @Test func theWebhookRefusesABrokenPolicyAtCreateAndUpdate() async throws {
        let h = try await ControllerHarness(policies: [Self.lax])
        let admin = h.emulator.client("admin")
        var broken = Self.strict
        broken.metadata.uid = nil
        broken.spec.reasonPattern = "(["
        do {
            _ = try await admin.create(broken)
            Issue.record("an invalid policy was stored")
        } catch let error as APIError {
            #expect(
                error.message
                    == "admission webhook \"validate.accesspolicies.drawbridge.dev\" denied the request: AccessPolicy \"view-two-sre\" is invalid: spec.reasonPattern: invalid regular expression \"([\""
            )
        }
        #expect(try await admin.list(AccessPolicy.self).items.map(\.name) == ["view-auto-approve"])
    }
}
