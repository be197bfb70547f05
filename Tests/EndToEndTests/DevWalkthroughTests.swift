import DrawbridgeTesting
import Foundation
import Testing

/// The README's walk-through, verbatim where it can be: `drawbridge dev`, then only kubectl.
@Suite(
    "drawbridge dev with the real kubectl",
    .enabled(
        if: KubectlHarness.kubectlPath != nil && CommandLineTests.binary != nil, "needs kubectl and the built binary"))
struct DevWalkthroughTests {
    /// 20 s: long enough for the checks while Active on a busy CI machine, short enough to wait for.
    static let request = """
        apiVersion: drawbridge.dev/v1alpha1
        kind: AccessRequest
        metadata:
          name: alice-edit-demo
          namespace: demo
        spec:
          role: {kind: ClusterRole, name: edit}
          duration: 20s
          reason: "INC-4242: roll back the checkout deployment"
          requester: {username: mallory}
        """

    @Test("alice requests edit, bob approves, access appears, then expires on time; Events and audit tell the story")
    func walkthrough() async throws {
        let dev = try await DevProcess.start()
        defer { Task { _ = await dev.stop() } }

        #expect(
            try await dev.kubectl(["auth", "can-i", "update", "deployments", "-n", "demo"], as: "alice").stdout
                == "no\n")
        let applied = try await dev.kubectl(["apply", "-f", "-"], as: "alice", stdin: Self.request)
        #expect(applied.stdout == "accessrequest.drawbridge.dev/alice-edit-demo created\n", "\(applied)")

        let pending = try await dev.kubectl(
            [
                "wait", "accessrequest/alice-edit-demo", "-n", "demo", "--for=jsonpath={.status.phase}=Pending",
                "--timeout=20s",
            ])
        #expect(pending.status == 0, "\(pending)")
        let table = try await dev.kubectl(["get", "ar", "-n", "demo"], as: "alice")
        let lines = table.stdout.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true)
        }
        #expect(lines.first == ["NAME", "REQUESTER", "ROLE", "DURATION", "PHASE", "EXPIRES", "AGE"], "\(table)")
        #expect(
            lines.dropFirst().first?.prefix(5) == ["alice-edit-demo", "alice", "edit", "20s", "Pending"], "\(table)")

        let approved = try await dev.kubectl(
            [
                "patch", "accessrequest", "alice-edit-demo", "-n", "demo", "--subresource=status", "--type=merge",
                "-p", #"{"status":{"review":{"decision":"Approve","comment":"ok"}}}"#,
            ], as: "bob")
        #expect(approved.stdout == "accessrequest.drawbridge.dev/alice-edit-demo patched\n", "\(approved)")
        let active = try await dev.kubectl(
            [
                "wait", "accessrequest/alice-edit-demo", "-n", "demo", "--for=jsonpath={.status.phase}=Active",
                "--timeout=20s",
            ])
        #expect(active.status == 0, "\(active)")
        #expect(
            try await dev.kubectl(["auth", "can-i", "update", "deployments", "-n", "demo"], as: "alice").stdout
                == "yes\n")
        let annotations = try await dev.kubectl(
            [
                "get", "rolebinding", "drawbridge-alice-edit-demo", "-n", "demo", "-o",
                "jsonpath={.metadata.annotations}",
            ])
        #expect(annotations.stdout.contains(#""drawbridge.dev/approved-by":"bob""#), "\(annotations)\n\(dev.stderr)")
        #expect(annotations.stdout.contains("drawbridge.dev/expires-at"), "\(annotations)")
        let requester = try await dev.kubectl(
            ["get", "ar", "alice-edit-demo", "-n", "demo", "-o", "jsonpath={.spec.requester.username}"])
        #expect(requester.stdout == "alice", "the forged requester was overwritten")

        let expired = try await dev.kubectl(
            [
                "wait", "accessrequest/alice-edit-demo", "-n", "demo", "--for=jsonpath={.status.phase}=Expired",
                "--timeout=60s",
            ])
        #expect(expired.status == 0, "\(expired)")
        #expect(
            try await dev.kubectl(["auth", "can-i", "update", "deployments", "-n", "demo"], as: "alice").stdout
                == "no\n")
        let binding = try await dev.kubectl(["get", "rolebinding", "drawbridge-alice-edit-demo", "-n", "demo"])
        #expect(binding.status != 0 && binding.stderr.contains("NotFound"), "\(binding)")

        // Events go out in the background after the status, so the last one may trail the phase.
        let story = ["Requested", "Approved", "Granted", "Expired"]
        let deadline = ContinuousClock.now + .seconds(30)
        var events = try await dev.kubectl(
            [
                "get", "events", "-n", "demo", "--field-selector", "involvedObject.name=alice-edit-demo",
                "-o", "jsonpath={range .items[*]}{.reason}{\" \"}{end}",
            ])
        while events.stdout.split(separator: " ").map(String.init) != story, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            events = try await dev.kubectl(
                [
                    "get", "events", "-n", "demo", "--field-selector", "involvedObject.name=alice-edit-demo",
                    "-o", "jsonpath={range .items[*]}{.reason}{\" \"}{end}",
                ])
        }
        #expect(events.stdout.split(separator: " ").map(String.init) == story, "\(events)")
        let audit = try dev.auditRecords()
        #expect(audit.compactMap { $0["action"] as? String } == ["Requested", "Approved", "Granted", "Expired"])
        #expect(Set(audit.compactMap { $0["id"] as? String }).count == 4)
        #expect(audit.allSatisfy { ($0["requester"] as? String) == "alice" })
        let last = try #require(audit.last?["message"] as? String)
        #expect(last.hasPrefix("Access to ClusterRole/edit in namespace demo expired at "), "\(last)")

        let status = await dev.stop()
        #expect(status == 0, "\(dev.stderr)")
        #expect(!dev.stderr.contains("Fatal error") && !dev.stderr.contains("Stack dump"))
    }

    @Test("alice's auto-approved view grant ends when she revokes it herself with kubectl patch")
    func requesterRevokes() async throws {
        // Without kubectl-drawbridge on its PATH, the banner shows the raw kubectl commands.
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
            .filter { !FileManager.default.isExecutableFile(atPath: "\($0)/kubectl-drawbridge") }
        let dev = try await DevProcess.start(environment: ["PATH": path.joined(separator: ":")])
        #expect(dev.stdout.contains("Try, in another terminal:\n"), "\(dev.stdout)")
        #expect(dev.stdout.contains("  kubectl --context bob patch accessrequest alice-edit-demo"), "\(dev.stdout)")
        defer { Task { _ = await dev.stop() } }
        let root = PackageRoot.url?.path ?? "."
        let applied = try await dev.kubectl(
            ["apply", "-f", "\(root)/examples/requests/alice-view-demo.yaml"], as: "alice")
        #expect(applied.status == 0, "\(applied)")
        let active = try await dev.kubectl(
            [
                "wait", "accessrequest/alice-view-demo", "-n", "demo", "--for=jsonpath={.status.phase}=Active",
                "--timeout=20s",
            ])
        #expect(active.status == 0, "\(active)")
        #expect(
            try await dev.kubectl(["auth", "can-i", "list", "configmaps", "-n", "demo"], as: "alice").stdout == "yes\n")
        let revoked = try await dev.kubectl(
            [
                "patch", "accessrequest", "alice-view-demo", "-n", "demo", "--subresource=status", "--type=merge",
                "-p", #"{"status":{"review":{"decision":"Revoke","comment":"done"}}}"#,
            ], as: "alice")
        #expect(revoked.stdout == "accessrequest.drawbridge.dev/alice-view-demo patched\n", "\(revoked)")
        let ended = try await dev.kubectl(
            [
                "wait", "accessrequest/alice-view-demo", "-n", "demo", "--for=jsonpath={.status.phase}=Revoked",
                "--timeout=20s",
            ])
        #expect(ended.status == 0, "\(ended)")
        #expect(
            try await dev.kubectl(["auth", "can-i", "list", "configmaps", "-n", "demo"], as: "alice").stdout == "no\n")
        let message = try await dev.kubectl([
            "get", "ar", "alice-view-demo", "-n", "demo", "-o", "jsonpath={.status.message}",
        ])
        #expect(message.stdout == "Revoked by alice: done.", "\(message)")
        let forged = try await dev.kubectl(
            [
                "patch", "accessrequest", "alice-view-demo", "-n", "demo", "--subresource=status", "--type=merge",
                "-p", #"{"status":{"phase":"Active"}}"#,
            ], as: "alice")
        #expect(forged.status != 0, "a requester cannot write the phase: \(forged)")
        #expect(await dev.stop(signal: SIGTERM) == 0, "SIGTERM stops it cleanly too: \(dev.stderr)")
    }
}
