import DrawbridgeTesting
import Foundation
import Testing

/// The guardrails as people meet them: `drawbridge dev` in a child process, driven only with the
/// real kubectl. Serialized: each test runs its own dev cluster, and two cores are few.
@Suite(
    "Guardrails through the real kubectl",
    .serialized,
    .enabled(
        if: KubectlHarness.kubectlPath != nil && CommandLineTests.binary != nil, "needs kubectl and the built binary"))
struct DevGuardrailsTests {
    static func request(
        name: String, namespace: String = "demo", role: String = "edit", duration: String = "30m",
        reason: String = "INC-4242: roll back"
    ) -> String {
        """
        apiVersion: drawbridge.dev/v1alpha1
        kind: AccessRequest
        metadata: {name: \(name), namespace: \(namespace)}
        spec:
          role: {kind: ClusterRole, name: \(role)}
          duration: \(duration)
          reason: "\(reason)"
        """
    }

    static func review(_ decision: String) -> [String] {
        ["--subresource=status", "--type=merge", "-p", #"{"status":{"review":{"decision":"\#(decision)"}}}"#]
    }

    static let denied = #"admission webhook "validate.accessrequests.drawbridge.dev" denied the request: "#
    static let reviewDenied = #"admission webhook "accessrequests.drawbridge.dev" denied the request: "#

    @Test(
        "Over-long, unjustified and forbidden requests are refused at kubectl apply; spec cannot change; nobody approves their own"
    )
    func refusedAtApply() async throws {
        let dev = try await DevProcess.start()
        defer { Task { _ = await dev.stop() } }
        // A second policy offers ClusterRole admin, but forbids anything that can rewrite RBAC.
        let admin = try await dev.kubectl(
            ["apply", "-f", "-"],
            stdin: """
                apiVersion: drawbridge.dev/v1alpha1
                kind: AccessPolicy
                metadata: {name: developers-admin-demo}
                spec:
                  requesters: {groups: [developers]}
                  namespaces: {names: [demo]}
                  roles: [{kind: ClusterRole, name: admin}]
                  maxDuration: 1h
                  approval: {required: 1, approvers: {groups: [sre]}}
                  forbiddenRules:
                    - {verbs: [create], apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings]}
                """)
        #expect(admin.status == 0, "\(admin)")

        let cases: [(String, String)] = [
            (
                Self.request(name: "too-long", duration: "2h"),
                "requested duration 2h exceeds the maximum 1h allowed by AccessPolicy \"developers-edit-demo\""
            ),
            (
                Self.request(name: "no-ticket", reason: "because"),
                "reason \"because\" does not match the pattern \"(INC|CHG)-[0-9]+\" required by AccessPolicy \"developers-edit-demo\""
            ),
            (
                Self.request(name: "too-much", role: "admin"),
                "ClusterRole/admin is forbidden by AccessPolicy \"developers-admin-demo\": it grants create on rolebindings.rbac.authorization.k8s.io"
            ),
            (
                Self.request(name: "elsewhere", namespace: "default"),
                "no AccessPolicy allows User \"alice\" to request ClusterRole/edit in namespace \"default\""
            ),
        ]
        for (manifest, reason) in cases {
            let applied = try await dev.kubectl(["apply", "-f", "-"], as: "alice", stdin: manifest)
            #expect(applied.status != 0)
            #expect(applied.stderr.contains(Self.denied + reason), "\(applied.stderr)")
        }
        #expect(
            try await dev.kubectl(["get", "ar", "-n", "demo", "-o", "name"]).stdout == "", "nothing refused was stored")

        let created = try await dev.kubectl(["apply", "-f", "-"], as: "alice", stdin: Self.request(name: "fine"))
        #expect(created.status == 0, "\(created)")
        // Requesters may not patch requests at all (RBAC); not even an admin may change a spec.
        let byRequester = try await dev.kubectl(
            ["patch", "ar", "fine", "-n", "demo", "--type=merge", "-p", #"{"spec":{"duration":"1h"}}"#], as: "alice")
        #expect(byRequester.status != 0)
        #expect(
            byRequester.stderr.contains(#"User "alice" cannot patch resource "accessrequests""#),
            "\(byRequester.stderr)")
        let edited = try await dev.kubectl(
            ["patch", "ar", "fine", "-n", "demo", "--type=merge", "-p", #"{"spec":{"duration":"1h"}}"#])
        #expect(edited.status != 0)
        #expect(edited.stderr.contains("spec is immutable"), "\(edited.stderr)")

        let selfApproval = try await dev.kubectl(
            ["patch", "ar", "fine", "-n", "demo"] + Self.review("Approve"), as: "alice")
        #expect(selfApproval.status != 0)
        #expect(
            selfApproval.stderr.contains(
                Self.reviewDenied + "alice cannot approve their own AccessRequest; another approver must"),
            "\(selfApproval.stderr)")
        let approvals = try await dev.kubectl(["get", "ar", "fine", "-n", "demo", "-o", "jsonpath={.status.approvals}"])
        #expect(approvals.stdout == "", "a refused review leaves no record")
        #expect(await dev.stop() == 0, "\(dev.stderr)")
    }

    /// dave is in sre and security; twenty reviewers r01...r20 in group reviewers.
    static let tokenFile =
        (["dave-token,dave,uid-dave,\"sre,security\""]
        + (1...20).map { String(format: "r%02d-token,r%02d,uid-r%02d,reviewers", $0, $0, $0) }).joined(separator: "\n")

    static let teamSetup = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: team}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: board}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: more-approvers}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: drawbridge-approver}
        subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: security}
          - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: reviewers}
        ---
        apiVersion: drawbridge.dev/v1alpha1
        kind: AccessPolicy
        metadata: {name: team-two-approvers}
        spec:
          requesters: {groups: [developers]}
          namespaces: {names: [team]}
          roles: [{kind: ClusterRole, name: edit}]
          maxDuration: 1h
          approval: {required: 2, approvers: {groups: [sre, security]}}
        ---
        apiVersion: drawbridge.dev/v1alpha1
        kind: AccessPolicy
        metadata: {name: board-ten-approvers}
        spec:
          requesters: {groups: [developers]}
          namespaces: {names: [board]}
          roles: [{kind: ClusterRole, name: edit}]
          maxDuration: 1h
          approval: {required: 10, approvers: {groups: [reviewers]}}
        """

    @Test(
        "Two of N distinct approvers (one person in two groups counts once); twenty parallel approvals are all recorded; deleting the policy revokes"
    )
    func approvalsCountedAndPolicyWithdrawn() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "drawbridge-tokens-\(UUID().uuidString).csv")
        try Data(Self.tokenFile.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let dev = try await DevProcess.start(arguments: ["--token-file", file.path])
        defer { Task { _ = await dev.stop() } }
        let setup = try await dev.kubectl(["apply", "-f", "-"], stdin: Self.teamSetup)
        #expect(setup.status == 0, "\(setup)")

        // 2 of N: dave counts once, however many of the approver groups he is in.
        #expect(
            try await dev.kubectl(
                ["apply", "-f", "-"], as: "alice", stdin: Self.request(name: "two", namespace: "team")
            ).status == 0)
        try await Self.waitFor(dev, "two", in: "team", phase: "Pending")
        #expect(
            try await dev.kubectl(["patch", "ar", "two", "-n", "team"] + Self.review("Approve"), as: "dave").status == 0
        )
        let again = try await dev.kubectl(["patch", "ar", "two", "-n", "team"] + Self.review("Approve"), as: "dave")
        #expect(
            again.stderr.contains(
                Self.reviewDenied
                    + "dave has already approved AccessRequest team/two; AccessPolicy \"team-two-approvers\" needs 2 distinct approver(s)"
            ),
            "\(again.stderr)")
        let waiting = try await dev.kubectl(["get", "ar", "two", "-n", "team", "-o", "jsonpath={.status.message}"])
        #expect(waiting.stdout.contains(": 1 of 2 (dave)"), "\(waiting.stdout)")
        #expect(
            try await dev.kubectl(["patch", "ar", "two", "-n", "team"] + Self.review("Approve"), as: "bob").status == 0)
        try await Self.waitFor(dev, "two", in: "team", phase: "Active")
        #expect(
            try await dev.kubectl(["auth", "can-i", "update", "deployments", "-n", "team"], as: "alice").stdout
                == "yes\n")

        // Deleting the policy withdraws the grant.
        #expect(try await dev.kubectl(["delete", "accesspolicy", "team-two-approvers"]).status == 0)
        try await Self.waitFor(dev, "two", in: "team", phase: "Revoked")
        #expect(
            try await dev.kubectl(["auth", "can-i", "update", "deployments", "-n", "team"], as: "alice").stdout
                == "no\n")
        let revoked = try await dev.kubectl(
            ["get", "ar", "two", "-n", "team", "-o", "jsonpath={.status.conditions[?(@.type==\"Granted\")].reason}"])
        #expect(revoked.stdout == "PolicyWithdrawn", "\(revoked)")

        // Twenty reviewers patch at once where ten approvals are needed. Every patch kubectl reports
        // done is on record (none lost to a race), and the only refusals are those that arrived
        // after the tenth approval had granted access.
        #expect(
            try await dev.kubectl(
                ["apply", "-f", "-"], as: "alice", stdin: Self.request(name: "twenty", namespace: "board")
            ).status == 0)
        try await Self.waitFor(dev, "twenty", in: "board", phase: "Pending")
        let results = try await withThrowingTaskGroup(of: (String, KubectlHarness.Result).self) { group in
            for index in 1...20 {
                let user = String(format: "r%02d", index)
                group.addTask {
                    (
                        user,
                        try await dev.kubectl(
                            ["patch", "ar", "twenty", "-n", "board"] + Self.review("Approve"), as: user)
                    )
                }
            }
            return try await group.reduce(into: [(String, KubectlHarness.Result)]()) { $0.append($1) }
        }
        let landed = Set(results.filter { $0.1.status == 0 }.map(\.0))
        #expect(landed.count >= 10, "\(results.map { "\($0.0): \($0.1.stderr)" })")
        for (user, result) in results where result.status != 0 {
            #expect(result.stderr.contains("only Revoke or Extend changes it now"), "\(user): \(result.stderr)")
        }
        try await Self.waitFor(dev, "twenty", in: "board", phase: "Active")
        let users = try await dev.kubectl(
            ["get", "ar", "twenty", "-n", "board", "-o", "jsonpath={range .status.approvals[*]}{.user}{\" \"}{end}"])
        let recorded = users.stdout.split(separator: " ").map(String.init)
        #expect(Set(recorded) == landed)
        #expect(recorded.count == landed.count, "one record per acknowledged patch")
        #expect(await dev.stop() == 0, "\(dev.stderr)")
    }

    @Test(
        "With the webhook configurations deleted, approvals and requesters written by hand grant nothing and raise Warnings"
    )
    func bypassedWebhook() async throws {
        let dev = try await DevProcess.start()
        defer { Task { _ = await dev.stop() } }
        #expect(
            try await dev.kubectl(["apply", "-f", "-"], as: "alice", stdin: Self.request(name: "waiting")).status == 0)
        try await Self.waitFor(dev, "waiting", in: "demo", phase: "Pending")
        let deleted = try await dev.kubectl(
            ["delete", "mutatingwebhookconfiguration,validatingwebhookconfiguration", "drawbridge"])
        #expect(deleted.status == 0, "\(deleted)")

        // An admin writes bob's approval straight into status.
        let forgedApproval = try await dev.kubectl(
            [
                "patch", "ar", "waiting", "-n", "demo", "--subresource=status", "--type=merge", "-p",
                #"{"status":{"approvals":[{"user":"bob","groups":["sre"],"decision":"Approve","time":"2026-01-01T00:00:00Z"}]}}"#,
            ])
        #expect(forgedApproval.status == 0, "\(forgedApproval)")
        let warning = try await Self.waitForEvent(dev, "waiting", reason: "UnverifiedApproval")
        #expect(warning.hasPrefix("Warning "), "\(warning)")
        #expect(
            warning.contains(
                "Ignored 1 recorded review(s) without a valid signature from the Drawbridge admission webhook: Approve by bob"
            ),
            "\(warning)")
        #expect(
            try await dev.kubectl(["get", "ar", "waiting", "-n", "demo", "-o", "jsonpath={.status.phase}"]).stdout
                == "Pending")
        #expect(
            try await dev.kubectl(["auth", "can-i", "update", "deployments", "-n", "demo"], as: "alice").stdout
                == "no\n")

        // alice creates a request naming herself, with nobody to stamp and sign it.
        let forgedRequester =
            Self.request(name: "unsigned") + "\n  requester: {username: alice, groups: [developers]}\n"
        #expect(try await dev.kubectl(["apply", "-f", "-"], as: "alice", stdin: forgedRequester).status == 0)
        try await Self.waitFor(dev, "unsigned", in: "demo", phase: "Rejected")
        let reason = try await dev.kubectl(
            [
                "get", "ar", "unsigned", "-n", "demo", "-o",
                "jsonpath={.status.conditions[?(@.type==\"Approved\")].reason}",
            ])
        #expect(reason.stdout == "RequesterUnverified", "\(reason)")
        let audit = try dev.auditRecords().compactMap { $0["action"] as? String }
        #expect(audit.contains("UnverifiedApproval") && audit.contains("Rejected"), "\(audit)")
        #expect(await dev.stop() == 0, "\(dev.stderr)")
    }

    static func waitFor(_ dev: DevProcess, _ name: String, in namespace: String, phase: String) async throws {
        let waited = try await dev.kubectl(
            [
                "wait", "accessrequest/\(name)", "-n", namespace, "--for=jsonpath={.status.phase}=\(phase)",
                "--timeout=30s",
            ])
        #expect(waited.status == 0, "\(name) did not become \(phase): \(waited)")
    }

    /// "TYPE message" of the first Event with `reason` about request `name`, waiting up to 30 s.
    static func waitForEvent(_ dev: DevProcess, _ name: String, reason: String) async throws -> String {
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        while ContinuousClock.now < deadline {
            let events = try await dev.kubectl(
                [
                    "get", "events", "-n", "demo", "--field-selector", "involvedObject.name=\(name),reason=\(reason)",
                    "-o", "jsonpath={range .items[*]}{.type}{\" \"}{.message}{\"\\n\"}{end}",
                ])
            if let line = events.stdout.split(separator: "\n").first { return String(line) }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("no \(reason) Event about \(name)")
        return ""
    }
}
