import DrawbridgeTesting
import Foundation
import Testing

/// Cluster-wide grants as people meet them: `drawbridge dev` in a child process with the example
/// policy sre-cluster-view (scope Cluster), driven only with the real kubectl, on real time.
@Suite(
    "Cluster-wide grants through the real kubectl",
    .serialized,
    .enabled(
        if: KubectlHarness.kubectlPath != nil && CommandLineTests.binary != nil, "needs kubectl and the built binary"))
struct DevClusterWideTests {
    static let request = """
        apiVersion: drawbridge.dev/v1alpha1
        kind: ClusterAccessRequest
        metadata: {name: wide}
        spec:
          role: {kind: ClusterRole, name: view}
          duration: 10s
          reason: "INC-4242: find the noisy namespace"
        """

    static func review(_ decision: String) -> [String] {
        ["--subresource=status", "--type=merge", "-p", #"{"status":{"review":{"decision":"\#(decision)"}}}"#]
    }

    static func canListEverywhere(_ dev: DevProcess) async throws -> String {
        try await dev.kubectl(["auth", "can-i", "list", "pods", "--all-namespaces"], as: "alice").stdout
    }

    @Test(
        "alice asks for view cluster-wide, bob approves, a ClusterRoleBinding appears, is repaired when deleted, and goes at expiry"
    )
    func clusterWideLifecycle() async throws {
        let dev = try await DevProcess.start()
        defer { Task { _ = await dev.stop() } }
        #expect(try await Self.canListEverywhere(dev) == "no\n")
        let created = try await dev.kubectl(["apply", "-f", "-"], as: "alice", stdin: Self.request)
        #expect(created.stdout == "clusteraccessrequest.drawbridge.dev/wide created\n", "\(created)")
        #expect(created.stderr.contains("governed by sre-cluster-view"), "\(created)")
        try #require(
            try await dev.kubectl(["wait", "car/wide", "--for=jsonpath={.status.phase}=Pending", "--timeout=30s"])
                .status == 0)
        // kubectl get car: the AccessRequest's columns, without a namespace.
        let listed = try await dev.kubectl(["get", "car"], as: "alice")
        let header = listed.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(
            header.split(separator: " ", omittingEmptySubsequences: true)
                == ["NAME", "REQUESTER", "ROLE", "DURATION", "PHASE", "EXPIRES", "AGE"], "\(listed)")
        #expect(listed.stdout.contains("wide   alice"), "\(listed)")
        let wide = try await dev.kubectl(["get", "car", "-o", "wide"], as: "alice")
        #expect(
            wide.stdout.split(separator: "\n").first?.split(separator: " ", omittingEmptySubsequences: true)
                == ["NAME", "REQUESTER", "ROLE", "DURATION", "PHASE", "EXPIRES", "POLICY", "STARTS", "AGE"], "\(wide)")
        #expect(wide.stdout.contains("sre-cluster-view"), "\(wide)")

        // Nobody approves their own request; bob does.
        let selfApproval = try await dev.kubectl(["patch", "car", "wide"] + Self.review("Approve"), as: "alice")
        #expect(selfApproval.status != 0)
        #expect(
            selfApproval.stderr.contains("alice cannot approve their own ClusterAccessRequest; another approver must"),
            "\(selfApproval)")
        let approved = try await dev.kubectl(["patch", "car", "wide"] + Self.review("Approve"), as: "bob")
        #expect(approved.stdout == "clusteraccessrequest.drawbridge.dev/wide patched\n", "\(approved)")
        try #require(
            try await dev.kubectl(["wait", "car/wide", "--for=jsonpath={.status.phase}=Active", "--timeout=30s"])
                .status == 0)
        #expect(try await Self.canListEverywhere(dev) == "yes\n")
        let binding = try await dev.kubectl(
            ["get", "clusterrolebinding", "drawbridge-wide", "-o", "jsonpath={.roleRef.name} {.subjects[0].name}"])
        #expect(binding.stdout == "view alice", "\(binding)")

        // Tamper: deleting the ClusterRoleBinding does not end the grant.
        let deleted = try await dev.kubectl(["delete", "clusterrolebinding", "drawbridge-wide"])
        #expect(deleted.status == 0, "\(deleted)")
        var restored = false
        for _ in 0..<100 where !restored {
            restored = try await dev.kubectl(["get", "clusterrolebinding", "drawbridge-wide"]).status == 0
            if !restored { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(restored)

        try #require(
            try await dev.kubectl(["wait", "car/wide", "--for=jsonpath={.status.phase}=Expired", "--timeout=60s"])
                .status == 0)
        #expect(try await Self.canListEverywhere(dev) == "no\n")
        let gone = try await dev.kubectl(["get", "clusterrolebinding", "drawbridge-wide"])
        #expect(gone.stderr.contains("NotFound"), "\(gone)")
        let records = try dev.auditRecords().filter {
            ($0["request"] as? [String: Any])?["name"] as? String == "wide"
        }
        #expect(
            records.compactMap { $0["action"] as? String } == [
                "Requested", "Approved", "Granted", "TamperReverted", "Expired",
            ])
        #expect(records.allSatisfy { ($0["request"] as? [String: Any])?["kind"] as? String == "ClusterAccessRequest" })
        #expect(await dev.stop() == 0, "\(dev.stderr)")
    }

    @Test("A ClusterAccessRequest for a Role, or under no Cluster policy, is refused by kubectl apply with the reason")
    func refusals() async throws {
        let dev = try await DevProcess.start()
        defer { Task { _ = await dev.stop() } }
        let role = try await dev.kubectl(
            ["apply", "-f", "-"], as: "alice",
            stdin: Self.request.replacingOccurrences(
                of: "{kind: ClusterRole, name: view}", with: "{kind: Role, name: view}"))
        #expect(role.status != 0)
        #expect(role.stderr.contains(#"spec.role.kind: Unsupported value: "Role""#), "\(role)")
        let edit = try await dev.kubectl(
            ["apply", "-f", "-"], as: "alice",
            stdin: Self.request.replacingOccurrences(of: "name: view", with: "name: edit"))
        #expect(edit.status != 0)
        #expect(
            edit.stderr.contains(#"no AccessPolicy allows User "alice" to request ClusterRole/edit cluster-wide"#),
            "\(edit)")
        // bob (sre) holds drawbridge-approver but not drawbridge-cluster-requester: RBAC refuses first.
        let bob = try await dev.kubectl(["apply", "-f", "-"], as: "bob", stdin: Self.request)
        #expect(bob.stderr.contains(#"cannot create resource "clusteraccessrequests""#), "\(bob)")
        #expect(await dev.stop() == 0, "\(dev.stderr)")
    }
}
