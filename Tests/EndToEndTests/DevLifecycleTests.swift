import DrawbridgeTesting
import Foundation
import Testing

/// The grant lifecycle as people meet it: `drawbridge dev` in a child process, driven only with the
/// real kubectl, on real time (grants of seconds). Serialized: each test runs its own dev cluster.
@Suite(
    "Grant lifecycle through the real kubectl",
    .serialized,
    .enabled(
        if: KubectlHarness.kubectlPath != nil && CommandLineTests.binary != nil, "needs kubectl and the built binary"))
struct DevLifecycleTests {
    static func request(name: String, duration: String, extra: String = "") -> String {
        """
        apiVersion: drawbridge.dev/v1alpha1
        kind: AccessRequest
        metadata: {name: \(name), namespace: demo}
        spec:
          role: {kind: ClusterRole, name: edit}
          duration: \(duration)
          reason: "INC-4242: roll back"\(extra)
        """
    }

    static func review(_ fields: String) -> [String] {
        ["--subresource=status", "--type=merge", "-p", #"{"status":{"review":{\#(fields)}}}"#]
    }

    static func waitFor(_ dev: DevProcess, _ name: String, _ jsonpath: String, timeout: String = "30s") async throws
        -> KubectlHarness.Result
    {
        try await dev.kubectl([
            "wait", "ar/\(name)", "-n", "demo", "--for=jsonpath=\(jsonpath)", "--timeout=\(timeout)",
        ])
    }

    static func jsonpath(_ dev: DevProcess, _ name: String, _ path: String) async throws -> String {
        try await dev.kubectl(["get", "ar", name, "-n", "demo", "-o", "jsonpath={\(path)}"]).stdout
    }

    static func canEdit(_ dev: DevProcess, as user: String = "alice") async throws -> String {
        try await dev.kubectl(["auth", "can-i", "update", "deployments", "-n", "demo"], as: user).stdout
    }

    @Test("alice extends her grant, bob approves, and she keeps access past the old expiry until the new one")
    func extend() async throws {
        let dev = try await DevProcess.start()
        defer { Task { _ = await dev.stop() } }
        let created = try await dev.kubectl(
            ["apply", "-f", "-"], as: "alice", stdin: Self.request(name: "longer", duration: "15s"))
        #expect(created.status == 0, "\(created)")
        try #require(try await Self.waitFor(dev, "longer", "{.status.phase}=Pending").status == 0)
        let approved = try await dev.kubectl(
            ["patch", "ar", "longer", "-n", "demo"] + Self.review(#""decision":"Approve""#), as: "bob")
        #expect(approved.status == 0, "\(approved)")
        try #require(try await Self.waitFor(dev, "longer", "{.status.phase}=Active").status == 0)
        let oldExpiry = try await Self.jsonpath(dev, "longer", ".status.expiresAt")

        let asked = try await dev.kubectl(
            ["patch", "ar", "longer", "-n", "demo"]
                + Self.review(#""decision":"Extend","duration":"20s","comment":"still rolling back""#), as: "alice")
        #expect(asked.stdout == "accessrequest.drawbridge.dev/longer patched\n", "\(asked)")
        // One extension at a time: a second ask is refused while the first waits.
        let again = try await dev.kubectl(
            ["patch", "ar", "longer", "-n", "demo"] + Self.review(#""decision":"Extend","duration":"20s""#),
            as: "alice")
        #expect(again.status != 0)
        #expect(again.stderr.contains("is already waiting for approval on AccessRequest demo/longer"), "\(again)")
        // Nobody approves their own extension.
        let selfApproval = try await dev.kubectl(
            ["patch", "ar", "longer", "-n", "demo"] + Self.review(#""decision":"Approve""#), as: "alice")
        #expect(selfApproval.stderr.contains("alice cannot approve their own AccessRequest"), "\(selfApproval)")
        let extensionApproved = try await dev.kubectl(
            ["patch", "ar", "longer", "-n", "demo"] + Self.review(#""decision":"Approve""#), as: "carol")
        #expect(extensionApproved.status == 0, "\(extensionApproved)")
        try #require(try await Self.waitFor(dev, "longer", "{.status.extensions[0].state}=Extended").status == 0)
        let newExpiry = try await Self.jsonpath(dev, "longer", ".status.expiresAt")
        let old = try #require(ISO8601DateFormatter().date(from: oldExpiry))
        let new = try #require(ISO8601DateFormatter().date(from: newExpiry))
        #expect(new.timeIntervalSince(old) == 20)
        let annotation = try await dev.kubectl(
            [
                "get", "rolebinding", "drawbridge-longer", "-n", "demo", "-o",
                #"jsonpath={.metadata.annotations.drawbridge\.dev/expires-at}"#,
            ])
        #expect(annotation.stdout == newExpiry, "\(annotation)")

        // Across the old expiry, alice keeps access at every look.
        while Date() < old.addingTimeInterval(3) {
            #expect(try await Self.canEdit(dev) == "yes\n", "at \(Date()), old expiry \(oldExpiry)")
            #expect(try await Self.jsonpath(dev, "longer", ".status.phase") == "Active")
        }
        try #require(try await Self.waitFor(dev, "longer", "{.status.phase}=Expired", timeout: "60s").status == 0)
        #expect(try await Self.canEdit(dev) == "no\n")
        let actions = try dev.auditRecords().filter {
            ($0["request"] as? [String: Any])?["name"] as? String == "longer"
        }
        .compactMap { $0["action"] as? String }
        #expect(actions == ["Requested", "Approved", "Granted", "ExtensionRequested", "Extended", "Expired"])
        #expect(await dev.stop() == 0, "\(dev.stderr)")
    }
}
