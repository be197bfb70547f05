import DrawbridgeTesting
import Foundation
import Testing

/// Who may delete a request, and rotating the signing keys, as people meet them on `drawbridge dev`
/// with the real kubectl and the `drawbridge keys` commands.
@Suite(
    "Deleting requests and rotating keys through the real kubectl",
    .serialized,
    .enabled(
        if: KubectlHarness.kubectlPath != nil && CommandLineTests.binary != nil, "needs kubectl and the built binary"))
struct DevDeletionAndKeysTests {
    /// mallory is a developer (so drawbridge-requester lets her delete AccessRequests); zed gets
    /// drawbridge-admin below.
    static let tokenFile = """
        mallory-token,mallory,uid-mallory,developers
        zed-token,zed,uid-zed,platform
        """

    static func grant(_ dev: DevProcess, _ name: String) async throws {
        let applied = try await dev.kubectl(
            ["apply", "-f", "-"], as: "alice", stdin: DevGuardrailsTests.request(name: name))
        #expect(applied.status == 0, "\(applied)")
        try await DevGuardrailsTests.waitFor(dev, name, in: "demo", phase: "Pending")
        let approved = try await dev.kubectl(
            ["patch", "ar", name, "-n", "demo"] + DevGuardrailsTests.review("Approve"), as: "bob")
        #expect(approved.status == 0, "\(approved)")
        try await DevGuardrailsTests.waitFor(dev, name, in: "demo", phase: "Active")
    }

    static func deleted(_ dev: DevProcess, _ name: String, as user: String) async throws {
        let result = try await dev.kubectl(["delete", "ar", name, "-n", "demo", "--wait=true"], as: user)
        #expect(result.status == 0, "\(user) deleting \(name): \(result)")
        #expect(result.stdout == "accessrequest.drawbridge.dev \"\(name)\" deleted\n", "\(result)")
        let binding = try await dev.kubectl(["get", "rolebinding", "drawbridge-\(name)", "-n", "demo"])
        #expect(binding.status != 0, "the grant's binding is gone with it")
    }

    @Test("A stranger's delete is refused with the reason; the requester, an approver and drawbridge-admin delete")
    func whoMayDelete() async throws {
        let file = try ChildProcess.scratchDirectory("tokens").appendingPathComponent("tokens.csv")
        try Data(Self.tokenFile.utf8).write(to: file)
        let dev = try await DevProcess.start(arguments: ["--token-file", file.path])
        defer { Task { _ = await dev.stop() } }
        for name in ["one", "two", "three"] { try await Self.grant(dev, name) }

        let refused = try await dev.kubectl(["delete", "ar", "one", "-n", "demo"], as: "mallory")
        #expect(refused.status != 0)
        #expect(
            refused.stderr.contains(
                #"admission webhook "validate.accessrequests.drawbridge.dev" denied the request: mallory may not delete AccessRequest demo/one: only its requester (alice), an approver under AccessPolicy "developers-edit-demo" (group sre), or a holder of delete on accessrequests/force in namespace "demo", may delete it"#
            ), "\(refused.stderr)")
        #expect(
            try await dev.kubectl(["get", "ar", "one", "-n", "demo", "-o", "jsonpath={.status.phase}"]).stdout
                == "Active")
        #expect(
            try await dev.kubectl(
                ["auth", "can-i", "delete", "accessrequests", "--subresource=force", "-n", "demo"], as: "mallory"
            ).stdout == "no\n")

        try await Self.deleted(dev, "one", as: "bob")
        try await Self.deleted(dev, "two", as: "alice")
        let bound = try await dev.kubectl(
            ["create", "clusterrolebinding", "zed-admin", "--clusterrole=drawbridge-admin", "--user=zed"])
        #expect(bound.status == 0, "\(bound)")
        #expect(
            try await dev.kubectl(
                ["auth", "can-i", "delete", "accessrequests", "--subresource=force", "-n", "demo"], as: "zed"
            ).stdout == "yes\n")
        try await Self.deleted(dev, "three", as: "zed")
        #expect(await dev.stop() == 0, "\(dev.stderr)")
    }

    /// Waits until dev has logged `count` reloads of the signing keys, the last naming `signing`.
    static func waitForReload(_ dev: DevProcess, count: Int, signing: String) async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while ContinuousClock.now < deadline {
            let reloads = dev.stderr.components(separatedBy: "signing keys reloaded from Secret").dropFirst()
            if reloads.count >= count, reloads.last?.contains("signing with \(signing)") == true { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("dev did not reload the signing keys \(count) time(s):\n\(dev.stderr)")
    }

    static func keys(_ dev: DevProcess, _ arguments: [String]) async throws -> CommandLineTests.Run {
        try await CommandLineTests.run(["keys"] + arguments + ["--kubeconfig", dev.kubeconfig, "--context", "admin"])
    }

    /// The binding is deleted, then put back: the grant still verifies.
    static func repaired(_ dev: DevProcess, _ name: String) async throws {
        #expect(try await dev.kubectl(["delete", "rolebinding", "drawbridge-\(name)", "-n", "demo"]).status == 0)
        let waited = try await dev.kubectl(
            ["wait", "rolebinding/drawbridge-\(name)", "-n", "demo", "--for=create", "--timeout=30s"])
        #expect(waited.status == 0, "\(name)'s binding was not put back: \(waited)")
        #expect(
            try await dev.kubectl(["get", "ar", name, "-n", "demo", "-o", "jsonpath={.status.phase}"]).stdout
                == "Active")
    }

    @Test("Rotating keeps live grants; retire refuses while a grant needs the old key, then spares the new key's")
    func rotation() async throws {
        let dev = try await DevProcess.start()
        defer { Task { _ = await dev.stop() } }
        try await Self.grant(dev, "first")
        let missing = try await Self.keys(dev, ["list", "--secret", "drawbridge-system/missing"])
        #expect(missing.status != 0)
        #expect(
            missing.stderr
                == "Error: Secret drawbridge-system/missing not found: the controller creates it with the first key when it starts\n",
            "\(missing)")

        let listed = try await Self.keys(dev, ["list"])
        #expect(listed.status == 0, "\(listed)")
        let lines = listed.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix("NAME") && lines[1].hasSuffix("signing"), "\(listed.stdout)")

        let rotated = try await Self.keys(dev, ["rotate", "--activate-in", "0s"])
        #expect(rotated.status == 0, "\(rotated)")
        let added = try #require(
            rotated.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) }, "\(rotated.stdout)")
        #expect(added.hasPrefix("hmac-sha256.") && added.hasSuffix(".key"), "\(rotated.stdout)")
        try await Self.waitForReload(dev, count: 1, signing: added)
        try await Self.repaired(dev, "first")

        try await Self.grant(dev, "second")
        let refused = try await Self.keys(dev, ["retire"])
        #expect(refused.status != 0)
        #expect(
            refused.stderr.contains(
                "AccessRequest(s) in play carry signatures only it made and would be rejected or revoked: demo/first (requester, Approve by bob); wait until they end, or pass --force"
            ), "\(refused)")

        let revoked = try await dev.kubectl(
            ["patch", "ar", "first", "-n", "demo"] + DevGuardrailsTests.review("Revoke"), as: "alice")
        #expect(revoked.status == 0, "\(revoked)")
        try await DevGuardrailsTests.waitFor(dev, "first", in: "demo", phase: "Revoked")
        let retired = try await Self.keys(dev, ["retire"])
        #expect(retired.status == 0, "\(retired)")
        #expect(retired.stdout.hasPrefix("Retired "), "\(retired)")
        try await Self.waitForReload(dev, count: 2, signing: added)
        try await Self.repaired(dev, "second")
        let after = try await Self.keys(dev, ["list"])
        #expect(after.stdout.split(separator: "\n").count == 2 && after.stdout.contains(added), "\(after.stdout)")

        // Retiring by hand is one kubectl step: a key added for later, removed again.
        let later = try await Self.keys(dev, ["rotate", "--activate-in", "1h"])
        let laterKey = try #require(
            later.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) }, "\(later.stdout)")
        #expect(try await Self.keys(dev, ["list"]).stdout.contains("\(laterKey)"))
        let patched = try await dev.kubectl([
            "-n", "drawbridge-system", "patch", "secret", "drawbridge-signing-key", "--type=json", "-p",
            #"[{"op":"remove","path":"/data/"# + laterKey + #""}]"#,
        ])
        #expect(patched.status == 0, "\(patched)")
        let final = try await Self.keys(dev, ["list"])
        #expect(!final.stdout.contains(laterKey) && final.stdout.contains(added), "\(final.stdout)")
        #expect(await dev.stop() == 0, "\(dev.stderr)")
    }

    @Test("Bad flags are one-line errors before anything is contacted")
    func badFlags() async throws {
        let duration = try await CommandLineTests.run(["keys", "rotate", "--activate-in", "soon"])
        #expect(duration.status != 0)
        #expect(
            duration.stderr.hasPrefix("Error: --activate-in: invalid duration \"soon\""), "\(duration.stderr)")
        #expect(duration.stderr.split(separator: "\n").count <= 3, "\(duration.stderr)")
        let secret = try await CommandLineTests.run(["keys", "list", "--secret", "no-slash"])
        #expect(secret.status != 0)
        #expect(
            secret.stderr.hasPrefix("Error: --secret must be NAMESPACE/NAME, got \"no-slash\""), "\(secret.stderr)")
    }
}
