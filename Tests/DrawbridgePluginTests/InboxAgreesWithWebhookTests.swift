import DrawbridgeAPI
import DrawbridgeCore
import DrawbridgePlugin
import DrawbridgeTesting
import KubeClient
import Testing

/// The reviewer inbox against Drawbridge's real admission webhook (in process, with the example
/// policies): for every reviewer and request, `ls --to-review` lists it exactly when the webhook
/// then accepts that reviewer's Approve.
@Suite("The reviewer inbox agrees with the webhook")
struct InboxAgreesWithWebhookTests {
    static func session(_ harness: EmulatorHarness, _ user: String) -> PluginSession {
        PluginSession(client: harness.client(user), namespace: "demo", now: { harness.clock.date })
    }

    @Test("ls --to-review lists a request exactly when the webhook accepts the reviewer's Approve")
    func agreement() async throws {
        let harness = try await EmulatorHarness.withAdmissionWebhook()
        for file in ["examples/policies/developers-edit-demo.yaml", "examples/policies/view-auto-approve.yaml"] {
            try await harness.apply(file: file)
        }
        let style = OutputStyle(format: .name)
        for (user, name, role) in [
            ("alice", "alice-edit", "edit"), ("dave", "dave-edit", "edit"), ("alice", "alice-view", "view"),
            ("alice", "alice-granted", "edit"),
        ] {
            let created = try await RequestAction(
                role: RoleReference(kind: "ClusterRole", name: role), duration: nil, reason: "INC-1: check", name: name,
                namespace: "demo"
            ).run(Self.session(harness, user), style: style)
            #expect(created.stdout == "accessrequest.drawbridge.dev/\(name)\n")
        }
        // The controller's identity may write status: make one a live grant, as the controller would.
        let controller = harness.client("controller")
        var granted = try await controller.get(AccessRequest.self, name: "alice-granted", namespace: "demo")
        granted.status = AccessRequestStatus(phase: .active)
        _ = try await controller.updateStatus(granted)

        var accepted: [String] = []
        for reviewer in ["alice", "bob", "carol", "dave", "erin", "frank"] {
            for name in ["alice-edit", "dave-edit", "alice-view", "alice-granted"] {
                let session = Self.session(harness, reviewer)
                var listed = false
                do {
                    let inbox = try await ListAction(filter: RequestFilter(toReview: true), allNamespaces: false)
                        .run(session, style: style)
                    listed = inbox.stdout.split(separator: "\n").contains("accessrequest.drawbridge.dev/\(name)")
                } catch let error as APIError where error.code == 403 {
                    // frank may not even list requests (no Drawbridge RBAC).
                }
                let approved: Bool
                do {
                    _ = try await ReviewAction(decision: .approve, name: name, namespace: "demo").run(
                        session, style: style)
                    approved = true
                } catch let error as APIError where error.code == 403 {
                    approved = false
                }
                #expect(listed == approved, "\(reviewer) on \(name): listed \(listed), webhook accepted \(approved)")
                if approved { accepted.append("\(reviewer):\(name)") }
            }
        }
        // bob, carol and erin (sre) approve alice's and dave's edit requests once each; dave (sre too)
        // approves alice's but not his own; view is governed by an auto-approving policy with no
        // approvers; the live grant takes no more approvals.
        #expect(
            accepted == [
                "bob:alice-edit", "bob:dave-edit", "carol:alice-edit", "carol:dave-edit", "dave:alice-edit",
                "erin:alice-edit", "erin:dave-edit",
            ])
    }

    @Test("whoami is the identity the API server authenticated, and request names are made from it")
    func whoamiAndNames() async throws {
        let harness = try await EmulatorHarness.withAdmissionWebhook()
        try await harness.apply(file: "examples/policies/view-auto-approve.yaml")
        let output = try await WhoAmIAction().run(Self.session(harness, "dave"), style: OutputStyle())
        #expect(
            output.stdout
                == "ATTRIBUTE   VALUE\nUsername    dave\nUID         uid-dave\nGroups      [sre developers system:authenticated]\n"
        )
        let created = try await RequestAction(
            role: RoleReference(kind: "ClusterRole", name: "view"), duration: "5m", reason: "look", namespace: "demo"
        ).run(Self.session(harness, "dave"), style: OutputStyle(format: .name))
        #expect(created.stdout.hasPrefix("accessrequest.drawbridge.dev/dave-view-"), "\(created.stdout)")
    }
}
