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

    @Test(
        "ls --to-review lists a granted break-glass request exactly when the webhook accepts the reviewer's Ratify, and a ClusterAccessRequest exactly when it accepts their Approve"
    )
    func ratifyAndClusterWideAgreement() async throws {
        let harness = try await EmulatorHarness.withAdmissionWebhook()
        for file in ["examples/policies/developers-edit-demo.yaml", "examples/policies/sre-cluster-view.yaml"] {
            try await harness.apply(file: file)
        }
        let style = OutputStyle(format: .name)
        _ = try await RequestAction(
            role: RoleReference(kind: "ClusterRole", name: "edit"), duration: "20m", reason: "INC-2: outage",
            name: "alice-glass", namespace: "demo", breakGlass: true
        ).run(Self.session(harness, "alice"), style: style)
        _ = try await RequestAction(
            role: RoleReference(kind: "ClusterRole", name: "view"), duration: "20m", reason: "INC-3: nodes",
            name: "alice-wide", namespace: "demo", clusterWide: true
        ).run(Self.session(harness, "alice"), style: style)
        // Granted at once, as the controller grants break glass.
        let controller = harness.client("controller")
        var glass = try await controller.get(AccessRequest.self, name: "alice-glass", namespace: "demo")
        glass.status = AccessRequestStatus(phase: .active)
        glass.status?.grantedAt = KubeTime(harness.clock.date)
        glass.status?.policy = "developers-edit-demo"
        _ = try await controller.updateStatus(glass)

        var approveWide = ReviewAction(decision: .approve, name: "alice-wide", namespace: "demo")
        approveWide.clusterWide = true
        var accepted: [String] = []
        for reviewer in ["alice", "dave", "bob", "carol", "erin"] {
            let session = Self.session(harness, reviewer)
            let inbox = try await ListAction(filter: RequestFilter(toReview: true), allNamespaces: false)
                .run(session, style: style)
            let lines = inbox.stdout.split(separator: "\n").map(String.init)
            for (line, review) in [
                (
                    "accessrequest.drawbridge.dev/alice-glass",
                    ReviewAction(decision: .ratify, name: "alice-glass", namespace: "demo")
                ),
                ("clusteraccessrequest.drawbridge.dev/alice-wide", approveWide),
            ] {
                let listed = lines.contains(line)
                var done = false
                do {
                    _ = try await review.run(session, style: style)
                    done = true
                } catch let error as APIError where error.code == 403 {}
                #expect(listed == done, "\(reviewer) on \(line): listed \(listed), webhook accepted \(done)")
                if done { accepted.append("\(reviewer):\(line.split(separator: "/").last ?? "")") }
            }
        }
        // alice may review neither; dave (sre) ratifies first, so nobody after him can; the cluster-wide
        // request needs one approval, which dave gives, and a second sre's Approve still counts
        // nothing but is not refused while it waits for the controller.
        #expect(accepted.first == "dave:alice-glass", "\(accepted)")
        #expect(accepted.filter { $0.hasSuffix(":alice-glass") } == ["dave:alice-glass"], "\(accepted)")
        #expect(accepted.contains("dave:alice-wide"), "\(accepted)")
        #expect(!accepted.contains { $0.hasPrefix("alice:") }, "\(accepted)")
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
