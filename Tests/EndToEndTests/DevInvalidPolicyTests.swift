import DrawbridgeTesting
import Foundation
import Testing

/// The policy-typo scenario as a new user met it on `drawbridge dev`, driven with the real kubectl:
/// `view-auto-approve` is installed, an admin adds a stricter policy for the same people, namespace
/// and role, then makes a typo in it. The typo is refused at `kubectl apply`; forced in with the
/// webhook configuration deleted, it must not let the lax policy approve what the strict one covers.
@Suite(
    "Invalid policies through the real kubectl",
    .serialized,
    .enabled(
        if: KubectlHarness.kubectlPath != nil && CommandLineTests.binary != nil, "needs kubectl and the built binary"))
struct DevInvalidPolicyTests {
    static func strictPolicy(reasonPattern: String) -> String {
        """
        apiVersion: drawbridge.dev/v1alpha1
        kind: AccessPolicy
        metadata: {name: view-two-sre}
        spec:
          requesters: {groups: [developers]}
          namespaces: {names: [demo]}
          roles: [{kind: ClusterRole, name: view}]
          maxDuration: 1h
          reasonPattern: "\(reasonPattern)"
          approval: {required: 2, approvers: {groups: [sre]}}
        """
    }

    static let problem = #"spec.reasonPattern: invalid regular expression "([""#
    static let blocked =
        #"invalid AccessPolicy "view-two-sre" covers this request, so no AccessPolicy may govern it until it is fixed or deleted: "#
        + problem

    @Test(
        "A typo in a strict policy is refused at apply; forced in, it rejects what it covers instead of auto-approving")
    func typoInAStrictPolicy() async throws {
        let dev = try await DevProcess.start()
        defer { Task { _ = await dev.stop() } }
        let strict = try await dev.kubectl(["apply", "-f", "-"], stdin: Self.strictPolicy(reasonPattern: "INC-[0-9]+"))
        #expect(strict.status == 0, "\(strict)")
        let waiting = DevGuardrailsTests.request(name: "waiting", role: "view", duration: "10m")
        #expect(try await dev.kubectl(["apply", "-f", "-"], as: "alice", stdin: waiting).status == 0)
        try await DevGuardrailsTests.waitFor(dev, "waiting", in: "demo", phase: "Pending")
        #expect(
            try await dev.kubectl(["get", "ar", "waiting", "-n", "demo", "-o", "jsonpath={.status.policy}"]).stdout
                == "view-two-sre")

        // The typo, through admission: refused with the reason, and the stored policy is unchanged.
        let refused = try await dev.kubectl(["apply", "-f", "-"], stdin: Self.strictPolicy(reasonPattern: "(["))
        #expect(refused.status != 0)
        #expect(
            refused.stderr.contains(
                #"admission webhook "validate.accesspolicies.drawbridge.dev" denied the request: AccessPolicy "view-two-sre" is invalid: "#
                    + Self.problem), "\(refused.stderr)")
        #expect(
            try await dev.kubectl(["get", "ap", "view-two-sre", "-o", "jsonpath={.spec.reasonPattern}"]).stdout
                == "INC-[0-9]+")

        // The typo with the validating webhooks bypassed.
        let deleted = try await dev.kubectl(["delete", "validatingwebhookconfiguration", "drawbridge"])
        #expect(deleted.status == 0, "\(deleted)")
        let forced = try await dev.kubectl(["apply", "-f", "-"], stdin: Self.strictPolicy(reasonPattern: "(["))
        #expect(forced.status == 0, "\(forced)")

        // The waiting request is rejected, naming the broken policy; it never became Active.
        try await DevGuardrailsTests.waitFor(dev, "waiting", in: "demo", phase: "Rejected")
        let message = try await dev.kubectl(["get", "ar", "waiting", "-n", "demo", "-o", "jsonpath={.status.message}"])
        #expect(message.stdout == Self.blocked, "\(message)")
        let granted = try await dev.kubectl(
            ["get", "ar", "waiting", "-n", "demo", "-o", "jsonpath={.status.grantedAt}"])
        #expect(granted.stdout == "", "never granted")
        #expect(try await dev.kubectl(["auth", "can-i", "list", "pods", "-n", "demo"], as: "alice").stdout == "no\n")

        // A new request it covers (still stamped by the mutating webhook) is rejected the same way.
        let fresh = DevGuardrailsTests.request(name: "fresh", role: "view", duration: "10m")
        #expect(try await dev.kubectl(["apply", "-f", "-"], as: "alice", stdin: fresh).status == 0)
        try await DevGuardrailsTests.waitFor(dev, "fresh", in: "demo", phase: "Rejected")
        let reason = try await dev.kubectl(
            [
                "get", "ar", "fresh", "-n", "demo", "-o",
                "jsonpath={.status.conditions[?(@.type==\"Approved\")].reason}",
            ])
        #expect(reason.stdout == "PolicyInvalid", "\(reason)")
        #expect(try await dev.kubectl(["auth", "can-i", "list", "pods", "-n", "demo"], as: "alice").stdout == "no\n")
        // bob is not a developer: outside the broken policy, the lax one still serves him at once.
        let bobs = DevGuardrailsTests.request(name: "bobs", role: "view", duration: "10m")
        #expect(try await dev.kubectl(["apply", "-f", "-"], as: "bob", stdin: bobs).status == 0)
        try await DevGuardrailsTests.waitFor(dev, "bobs", in: "demo", phase: "Active")
        #expect(await dev.stop() == 0, "\(dev.stderr)")
    }
}
