import DrawbridgeTesting
import Foundation
import Testing

/// python3 on PATH, if any.
private let python3: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
    .map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }

/// Notifications end to end: `drawbridge dev --notify-url` at the five-line receiver of
/// examples/README.md (run as written, on a free port), and kubectl for everything else.
@Suite(
    "drawbridge dev notifies with kubectl and the README's receiver",
    .enabled(
        if: KubectlHarness.kubectlPath != nil && CommandLineTests.binary != nil && python3 != nil,
        "needs kubectl, python3 and the built binary"))
struct DevNotificationsTests {
    /// The receiver from examples/README.md, listening on `port` instead of 9099.
    static func receiverScript(port: Int) throws -> String {
        let readme = try PackageRoot.text("examples/README.md")
        guard let start = readme.range(of: "```python\n"),
            let end = readme.range(of: "```", range: start.upperBound..<readme.endIndex)
        else { throw HarnessError("examples/README.md has no python receiver") }
        let script = String(readme[start.upperBound..<end.lowerBound])
        #expect(script.split(separator: "\n").count == 5, "a five-line receiver")
        return script.replacingOccurrences(of: "9099", with: String(port))
    }

    @Test("The receiver gets signed CloudEvents with the audit ids; dev prints them; channels and ledger say so")
    func notifies() async throws {
        let port = try DevProcess.freePort()
        let scratch = try ChildProcess.scratchDirectory("receiver")
        let script = scratch.appendingPathComponent("receiver.py")
        try Self.receiverScript(port: port).write(to: script, atomically: true, encoding: .utf8)
        let receiver = try ChildProcess([script.path], in: scratch, executable: try #require(python3))
        // SIGKILL, sent before the test returns: this process's threads block SIGTERM, the receiver
        // inherits that mask and Python keeps it, so a SIGTERM would stay pending for good; and an
        // unstructured stop task may never run before the test process exits.
        defer { receiver.send(SIGKILL) }
        let url = "http://127.0.0.1:\(port)/events"
        let dev = try await DevProcess.start(arguments: ["--notify-url", url])
        defer { Task { _ = await dev.stop() } }
        #expect(
            dev.stdout.contains(
                "notifications: the example policies notify NotificationChannel dev-terminal, printed here, and to \(url) through NotificationChannel local-webhook"
            ))

        let applied = try await dev.kubectl(["apply", "-f", "examples/requests/alice-edit-demo.yaml"], as: "alice")
        #expect(applied.status == 0, "\(applied)")
        let pending = try await dev.kubectl(
            ["wait", "ar/alice-edit-demo", "-n", "demo", "--for=jsonpath={.status.phase}=Pending", "--timeout=30s"])
        #expect(pending.status == 0, "\(pending)")
        #expect(await dev.child.waitForOutput("  approve with: kubectl drawbridge approve alice-edit-demo -n demo"))
        let approved = try await dev.kubectl(
            [
                "patch", "accessrequest", "alice-edit-demo", "-n", "demo", "--subresource=status", "--type=merge",
                "-p", #"{"status":{"review":{"decision":"Approve","comment":"ok"}}}"#,
            ], as: "bob")
        #expect(approved.status == 0, "\(approved)")
        let active = try await dev.kubectl(
            ["wait", "ar/alice-edit-demo", "-n", "demo", "--for=jsonpath={.status.phase}=Active", "--timeout=30s"])
        #expect(active.status == 0, "\(active)")

        // The README's receiver prints "<webhook-id> <body>" per notification.
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        var lines: [Substring] = []
        while ContinuousClock.now < deadline {
            lines = receiver.stdout.split(separator: "\n")
            if lines.count >= 3 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let audit = try dev.auditRecords()
        let ids = ["Requested", "Approved", "Granted"].compactMap { action in
            audit.first { $0["action"] as? String == action }?["id"] as? String
        }
        #expect(ids.count == 3)
        #expect(lines.map { String($0.prefix { $0 != " " }) } == ids, "\(receiver.stdout)\n\(receiver.stderr)")
        for (line, action) in zip(lines, ["requested", "approved", "granted"]) {
            let body = try #require(line.firstIndex(of: " ").map { line[line.index(after: $0)...] })
            let event = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            #expect(event?["specversion"] as? String == "1.0")
            #expect(event?["type"] as? String == "dev.drawbridge.accessrequest.\(action)")
            #expect(event?["subject"] as? String == "demo/alice-edit-demo")
        }
        // dev's own terminal shows the same three, signed.
        for action in ["Requested", "Approved", "Granted"] {
            #expect(await dev.child.waitForOutput("notification \(action) demo/alice-edit-demo: "))
        }
        #expect(dev.stdout.components(separatedBy: "(signed, id ").count - 1 == 3, "\(dev.stdout)")

        let channels = try await dev.kubectl(["get", "nc"])
        let rows = channels.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.first == ["NAME", "TYPE", "READY", "LAST", "DELIVERY", "AGE"], "\(channels)")
        #expect(
            rows.dropFirst().map { Array($0.prefix(3)) } == [
                ["dev-terminal", "webhook", "True"], ["local-webhook", "webhook", "True"],
            ])
        let ledger = try await dev.kubectl(
            ["get", "ar", "alice-edit-demo", "-n", "demo", "-o", "jsonpath={.status.notifications}"])
        let recorded = try JSONSerialization.jsonObject(with: Data(ledger.stdout.utf8)) as? [String: [String: Any]]
        #expect(Set(recorded?.keys.map { $0 } ?? []) == Set(ids))
        for entry in recorded?.values.map({ $0 }) ?? [] {
            let deliveries = entry["deliveries"] as? [String: [String: Any]]
            #expect(deliveries?["local-webhook"]?["result"] as? String == "Delivered")
            #expect(deliveries?["dev-terminal"]?["result"] as? String == "Delivered")
        }
    }
}
