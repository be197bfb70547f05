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

    @Test(
        "alice breaks glass: access at once with a Warning; a second time is refused; she cannot ratify it; carol rejects it and access ends"
    )
    func breakGlass() async throws {
        let dev = try await DevProcess.start()
        defer { Task { _ = await dev.stop() } }
        let created = try await dev.kubectl(
            ["apply", "-f", "-"], as: "alice",
            stdin: Self.request(name: "glass", duration: "20m", extra: "\n  breakGlass: true"))
        #expect(created.status == 0, "\(created)")
        try #require(try await Self.waitFor(dev, "glass", "{.status.phase}=Active").status == 0)
        #expect(try await Self.canEdit(dev) == "yes\n")
        #expect(
            try await Self.jsonpath(dev, "glass", #".status.conditions[?(@.type=="ReviewPending")].status"#) == "True")
        let warning = try await DevGuardrailsTests.waitForEvent(dev, "glass", reason: "BreakGlassGranted")
        #expect(
            warning.hasPrefix(
                "Warning alice broke glass: ClusterRole/edit in namespace demo for 20m under AccessPolicy \"developers-edit-demo\", without approval; group sre must ratify or reject it by "
            ), "\(warning)")

        // Once a day per person: a second break-glass is refused at apply, with when it may come again.
        let again = try await dev.kubectl(
            ["apply", "-f", "-"], as: "alice",
            stdin: Self.request(name: "glass-again", duration: "10m", extra: "\n  breakGlass: true"))
        #expect(again.status != 0)
        #expect(again.stderr.contains("alice broke glass at "), "\(again)")
        #expect(again.stderr.contains("AccessPolicy \"developers-edit-demo\" allows it once every 24h per person"))
        // bob is not among the policy's break-glass requesters.
        let notAllowed = try await dev.kubectl(
            ["apply", "-f", "-"], as: "bob",
            stdin: Self.request(name: "bob-glass", duration: "10m", extra: "\n  breakGlass: true"))
        #expect(
            notAllowed.stderr.contains("to break glass for ClusterRole/edit in namespace \"demo\""), "\(notAllowed)")

        let selfReview = try await dev.kubectl(
            ["patch", "ar", "glass", "-n", "demo"] + Self.review(#""decision":"Ratify""#), as: "alice")
        #expect(selfReview.stderr.contains("alice cannot ratify their own break-glass access"), "\(selfReview)")
        let rejected = try await dev.kubectl(
            ["patch", "ar", "glass", "-n", "demo"] + Self.review(#""decision":"Reject","comment":"no incident""#),
            as: "carol")
        #expect(rejected.status == 0, "\(rejected)")
        try #require(try await Self.waitFor(dev, "glass", "{.status.phase}=Revoked").status == 0)
        #expect(try await Self.canEdit(dev) == "no\n")
        #expect(
            try await Self.jsonpath(dev, "glass", ".status.message")
                == "Break-glass access rejected by carol: no incident.")
        let twice = try await dev.kubectl(
            ["patch", "ar", "glass", "-n", "demo"] + Self.review(#""decision":"Ratify""#), as: "bob")
        #expect(twice.stderr.contains("break-glass access was already rejected by carol"), "\(twice)")
        let actions = try dev.auditRecords().filter {
            ($0["request"] as? [String: Any])?["name"] as? String == "glass"
        }
        .compactMap { $0["action"] as? String }
        #expect(actions == ["Requested", "BreakGlassGranted", "Granted", "BreakGlassRejected"])
        #expect(await dev.stop() == 0, "\(dev.stderr)")
    }

    @Test(
        "kubectl prints the verdict on apply and --dry-run=server; the cluster default limit refuses a second request until the policy allows more"
    )
    func verdictAndLimits() async throws {
        let dev = try await DevProcess.start(arguments: ["--max-active-per-requester", "1"])
        defer { Task { _ = await dev.stop() } }
        let verdict =
            "Warning: governed by developers-edit-demo: ClusterRole/edit for 20m (at most 1h), needs 1 approval from group sre within 30m; extendable to 2h in all (2 time(s) at most); at most 1 unfinished request(s) per requester\n"
        let dryRun = try await dev.kubectl(
            ["apply", "--dry-run=server", "-f", "-"], as: "alice", stdin: Self.request(name: "first", duration: "20m"))
        #expect(dryRun.status == 0, "\(dryRun)")
        #expect(dryRun.stderr == verdict, "\(dryRun)")
        #expect(dryRun.stdout == "accessrequest.drawbridge.dev/first created (server dry run)\n", "\(dryRun)")
        let created = try await dev.kubectl(
            ["apply", "-f", "-"], as: "alice", stdin: Self.request(name: "first", duration: "20m"))
        #expect(created.stderr == verdict, "\(created)")
        try #require(try await Self.waitFor(dev, "first", "{.status.phase}=Pending").status == 0)

        let second = try await dev.kubectl(
            ["apply", "-f", "-"], as: "alice", stdin: Self.request(name: "second", duration: "20m"))
        #expect(second.status != 0)
        #expect(
            second.stderr.contains(
                "alice already has 1 unfinished AccessRequest(s) (demo/first); the cluster default (--max-active-per-requester) allows at most 1 at once per requester"
            ), "\(second)")
        // A policy's own limit wins over the cluster default.
        let patched = try await dev.kubectl([
            "patch", "accesspolicy", "developers-edit-demo", "--type=merge", "-p",
            #"{"spec":{"maxActivePerRequester":2}}"#,
        ])
        #expect(patched.status == 0, "\(patched)")
        var admitted = false
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        while !admitted, ContinuousClock.now < deadline {
            // The webhook reads policies from its cache: the patch reaches it a moment later.
            let again = try await dev.kubectl(
                ["apply", "-f", "-"], as: "alice", stdin: Self.request(name: "second", duration: "20m"))
            admitted = again.status == 0
            if !admitted { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(admitted)
        try #require(try await Self.waitFor(dev, "second", "{.status.phase}=Pending").status == 0)
        #expect(await dev.stop() == 0, "\(dev.stderr)")
    }

    @Test(
        "alice schedules her grant: approved early, Scheduled with no access, bound at startAt, over at startAt + duration"
    )
    func scheduledStart() async throws {
        let dev = try await DevProcess.start()
        defer { Task { _ = await dev.stop() } }
        let patched = try await dev.kubectl([
            "patch", "accesspolicy", "developers-edit-demo", "--type=merge", "-p", #"{"spec":{"maxLeadTime":"1h"}}"#,
        ])
        #expect(patched.status == 0, "\(patched)")
        let formatter = ISO8601DateFormatter()
        let far = formatter.string(from: Date().addingTimeInterval(7200))
        var refused = KubectlHarness.Result(status: 0, stdout: "", stderr: "")
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        repeat {
            // The webhook reads policies from its cache: the patch reaches it a moment later.
            refused = try await dev.kubectl(
                ["apply", "-f", "-"], as: "alice",
                stdin: Self.request(name: "too-far", duration: "20s", extra: "\n  startAt: \"\(far)\""))
            if refused.stderr.contains("beyond the maxLeadTime 1h") { break }
            _ = try await dev.kubectl(["delete", "ar", "too-far", "-n", "demo", "--ignore-not-found"])
            try await Task.sleep(for: .milliseconds(200))
        } while ContinuousClock.now < deadline
        #expect(refused.status != 0)
        #expect(
            refused.stderr.contains(
                "ahead, beyond the maxLeadTime 1h allowed by AccessPolicy \"developers-edit-demo\""), "\(refused)")

        let startAt = Date().addingTimeInterval(10).rounded()
        let created = try await dev.kubectl(
            ["apply", "-f", "-"], as: "alice",
            stdin: Self.request(
                name: "later", duration: "20s", extra: "\n  startAt: \"\(formatter.string(from: startAt))\""))
        #expect(created.status == 0, "\(created)")
        try #require(try await Self.waitFor(dev, "later", "{.status.phase}=Pending").status == 0)
        let approved = try await dev.kubectl(
            ["patch", "ar", "later", "-n", "demo"] + Self.review(#""decision":"Approve""#), as: "bob")
        #expect(approved.status == 0, "\(approved)")
        try #require(try await Self.waitFor(dev, "later", "{.status.phase}=Scheduled").status == 0)
        if Date() < startAt.addingTimeInterval(-1) {
            #expect(try await Self.canEdit(dev) == "no\n")
        }
        try #require(try await Self.waitFor(dev, "later", "{.status.phase}=Active").status == 0)
        #expect(try await Self.canEdit(dev) == "yes\n")
        #expect(try await Self.jsonpath(dev, "later", ".status.grantedAt") == formatter.string(from: startAt))
        #expect(
            try await Self.jsonpath(dev, "later", ".status.expiresAt")
                == formatter.string(from: startAt.addingTimeInterval(20)))
        try #require(try await Self.waitFor(dev, "later", "{.status.phase}=Expired", timeout: "60s").status == 0)
        #expect(try await Self.canEdit(dev) == "no\n")
        #expect(await dev.stop() == 0, "\(dev.stderr)")
    }
}

extension Date {
    /// This instant without its fraction of a second, as RFC 3339 timestamps in status carry it.
    fileprivate func rounded() -> Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
