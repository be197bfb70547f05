import DrawbridgeAPI
import DrawbridgeTesting
import Foundation
import Testing

/// `kubectl drawbridge` as people run it: the real kubectl finds `kubectl-drawbridge` on PATH (its
/// plugin discovery) and runs it against `drawbridge dev`, one cluster for the whole suite.
@Suite(
    "kubectl drawbridge through kubectl's plugin discovery",
    .serialized,
    .enabled(
        if: KubectlHarness.kubectlPath != nil && PluginBinary.directory != nil,
        "needs kubectl and the built binaries"),
    .sharedDevCluster)
struct KubectlPluginTests {
    /// `kubectl drawbridge ARGS --kubeconfig K --context USER`, with the plugin's folder first on PATH.
    static func plugin(
        _ arguments: [String], as user: String, kubeconfig: String? = nil, dev: DevProcess
    ) async throws -> KubectlHarness.Result {
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = "\(PluginBinary.directory ?? ""):\(environment["PATH"] ?? "/usr/bin")"
        environment["NO_COLOR"] = nil
        return try await KubectlProcess.run(
            ["drawbridge"] + arguments + ["--kubeconfig", kubeconfig ?? dev.kubeconfig, "--context", user],
            stdin: nil, timeout: 60, scratch: dev.directory, environment: environment)
    }

    /// Waits with the real kubectl until the request exists and reaches `phase` (60 s of real time
    /// at most: `kubectl wait` gives up at once on an object not created yet).
    static func wait(_ name: String, for phase: String, dev: DevProcess) async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        var waited: KubectlHarness.Result
        repeat {
            waited = try await dev.kubectl([
                "wait", "accessrequest/\(name)", "-n", "demo", "--for=jsonpath={.status.phase}=\(phase)",
                "--timeout=30s",
            ])
            if waited.status == 0 || !waited.stderr.contains("NotFound") { break }
            try await Task.sleep(for: .milliseconds(100))
        } while ContinuousClock.now < deadline
        #expect(waited.status == 0, "\(waited)")
    }

    @Test("alice requests edit, bob finds it in his inbox and approves, why explains the grant, alice revokes it")
    func walkthrough() async throws {
        let dev = try SharedDevCluster.cluster()
        #expect(dev.stdout.contains("Try, in another terminal (kubectl-drawbridge is on PATH):\n"), "\(dev.stdout)")
        #expect(dev.stdout.contains("  kubectl drawbridge ls --to-review -A --context bob\n"), "\(dev.stdout)")
        let offers = try await Self.plugin(["can-request"], as: "alice", dev: dev)
        #expect(
            offers.stdout == """
                ROLE               NAMESPACE        MAX   DEFAULT   APPROVALS   POLICY                 REQUIREMENTS
                ClusterRole/view   (cluster-wide)   1h    30m       1           sre-cluster-view       approvers: group sre within 30m; reason matching ^(INC|CHG)-[0-9]+
                ClusterRole/edit   demo             1h    30m       1           developers-edit-demo   approvers: group sre within 30m; reason matching (INC|CHG)-[0-9]+
                ClusterRole/view   demo             15m   15m       auto        view-auto-approve      -

                """, "\(offers)")
        let requested = try await Self.plugin(
            [
                "request", "edit", "-n", "demo", "--for", "30m", "--reason",
                "INC-4242: roll back the checkout deployment", "--name", "alice-edit-demo",
            ],
            as: "alice", dev: dev)
        #expect(requested.status == 0, "\(requested)")
        let lines = requested.stdout.split(separator: "\n")
        #expect(lines.first == "accessrequest.drawbridge.dev/alice-edit-demo created", "\(requested)")
        #expect(
            lines.dropFirst().first?.hasPrefix(
                "AccessPolicy \"developers-edit-demo\" governs it: ClusterRole/edit for 30m, needs 1 approval from group sre within "
            ) == true, "\(requested)")
        #expect(lines.last == "Approvers run: kubectl drawbridge approve alice-edit-demo -n demo", "\(requested)")

        let inbox = try await Self.plugin(["ls", "--to-review", "-A", "--no-headers"], as: "bob", dev: dev)
        #expect(inbox.status == 0, "\(inbox)")
        let row = inbox.stdout.split(separator: "\n").first { $0.contains("alice-edit-demo") }
        #expect(
            row?.split(separator: " ", omittingEmptySubsequences: true).prefix(6)
                == ["demo", "alice-edit-demo", "alice", "ClusterRole/edit", "30m", "0/1"], "\(inbox)")
        let aliceInbox = try await Self.plugin(["ls", "--to-review", "-n", "demo"], as: "alice", dev: dev)
        #expect(aliceInbox.stdout.isEmpty && aliceInbox.stderr == "No resources found in demo namespace.\n")

        let approved = try await Self.plugin(
            ["approve", "alice-edit-demo", "-n", "demo", "--comment", "ok"], as: "bob", dev: dev)
        #expect(approved.stdout == "accessrequest.drawbridge.dev/alice-edit-demo approved\n", "\(approved)")
        try await Self.wait("alice-edit-demo", for: "Active", dev: dev)
        #expect(
            try await dev.kubectl(["auth", "can-i", "update", "deployments", "-n", "demo"], as: "alice").stdout
                == "yes\n")
        let mine = try await Self.plugin(["ls", "--mine", "--active", "-n", "demo"], as: "alice", dev: dev)
        #expect(mine.stdout.split(separator: "\n").count == 2 && mine.stdout.contains(" Active "), "\(mine)")

        let why = try await Self.plugin(["why", "alice-edit-demo", "-n", "demo"], as: "bob", dev: dev)
        #expect(why.status == 0, "\(why)")
        for expected in [
            "AccessRequest demo/alice-edit-demo: Active\n", "Policy: AccessPolicy \"developers-edit-demo\" governs\n",
            "  allowed: at most 1h; 1 approval from group sre within 30m\n",
            "    view-auto-approve: does not offer the role (it offers ClusterRole/view)\n",
            "Approvals: approved by bob\n", "Grant: RoleBinding drawbridge-alice-edit-demo\n",
            "  you may not read RoleBindings in demo, so its subjects are not shown\n", "  expires in ",
            "allows (ClusterRole/edit as Kubernetes defines it by default: you may not list ClusterRoles",
        ] {
            #expect(why.stdout.contains(expected), "missing \(expected.debugDescription) in\n\(why.stdout)")
        }
        let review = why.stdout.split(separator: "\n").first { $0.hasPrefix("  bob ") }
        #expect(review?.split(separator: " ").contains("counted") == true, "\(why.stdout)")

        let revoked = try await Self.plugin(
            ["revoke", "alice-edit-demo", "-n", "demo", "--comment", "done"], as: "alice", dev: dev)
        #expect(revoked.stdout == "accessrequest.drawbridge.dev/alice-edit-demo revoked\n", "\(revoked)")
        try await Self.wait("alice-edit-demo", for: "Revoked", dev: dev)
        #expect(
            try await dev.kubectl(["auth", "can-i", "update", "deployments", "-n", "demo"], as: "alice").stdout
                == "no\n")
    }

    @Test("alice extends her grant with extend --by, carol approves it; a break-glass grant is ratified with ratify")
    func extendAndRatify() async throws {
        let dev = try SharedDevCluster.cluster()
        let requested = try await Self.plugin(
            ["request", "edit", "-n", "demo", "--for", "20m", "--reason", "INC-51 hotfix", "--name", "alice-longer"],
            as: "alice", dev: dev)
        #expect(requested.status == 0, "\(requested)")
        _ = try await Self.plugin(["approve", "alice-longer", "-n", "demo"], as: "bob", dev: dev)
        try await Self.wait("alice-longer", for: "Active", dev: dev)

        let tooMuch = try await Self.plugin(
            ["extend", "alice-longer", "-n", "demo", "--by", "5h"], as: "alice", dev: dev)
        #expect(tooMuch.status == 1, "\(tooMuch)")
        #expect(
            tooMuch.stderr
                == "error: extending AccessRequest demo/alice-longer by 5h would make the grant last 5h20m, beyond the 2h AccessPolicy \"developers-edit-demo\" allows in total (at most 1h40m more)\n",
            "\(tooMuch)")
        let extended = try await Self.plugin(
            ["extend", "alice-longer", "-n", "demo", "--by", "30m", "--comment", "INC-51 still open"], as: "alice",
            dev: dev)
        #expect(
            extended.stdout == "accessrequest.drawbridge.dev/alice-longer extension by 30m requested\n", "\(extended)")
        let approved = try await Self.plugin(["approve", "alice-longer", "-n", "demo"], as: "carol", dev: dev)
        #expect(approved.status == 0, "\(approved)")
        let applied = try await dev.kubectl([
            "wait", "accessrequest/alice-longer", "-n", "demo", "--for=jsonpath={.status.extensions[0].state}=Extended",
            "--timeout=30s",
        ])
        #expect(applied.status == 0, "\(applied)")
        let record = try await dev.kubectl([
            "get", "ar", "alice-longer", "-n", "demo", "-o",
            #"jsonpath={.status.approvals[?(@.decision=="Extend")].duration} {.status.approvals[?(@.decision=="Extend")].comment}"#,
        ])
        #expect(record.stdout == "30m INC-51 still open", "\(record)")

        let glass = try await Self.plugin(
            [
                "request", "edit", "-n", "demo", "--for", "10m", "--reason", "INC-52 outage", "--name", "alice-glass",
                "--break-glass",
            ],
            as: "alice", dev: dev)
        #expect(glass.status == 0, "\(glass)")
        #expect(
            glass.stdout.contains(
                "AccessPolicy \"developers-edit-demo\" governs it: ClusterRole/edit for 10m, break-glass: granted at once; group sre must ratify or reject it within 24h.\n"
            ), "\(glass)")
        try await Self.wait("alice-glass", for: "Active", dev: dev)
        // A scheduled start the example policy does not allow, and a time that is not one.
        let later = try await Self.plugin(
            [
                "request", "edit", "-n", "demo", "--for", "10m", "--reason", "INC-53", "--name", "alice-later",
                "--start-at", "2099-01-01T00:00:00Z",
            ], as: "alice", dev: dev)
        #expect(
            later.status == 1
                && later.stderr
                    == "error: AccessPolicy \"developers-edit-demo\" does not allow a scheduled start (spec.startAt): it has no maxLeadTime\n",
            "\(later)")
        let notATime = try await Self.plugin(
            ["request", "edit", "-n", "demo", "--reason", "INC-53", "--start-at", "tomorrow"], as: "alice", dev: dev)
        #expect(notATime.status == 64 && notATime.stderr.contains("--start-at: \"tomorrow\" is not an RFC 3339 time"))
        let own = try await Self.plugin(["ratify", "alice-glass", "-n", "demo"], as: "alice", dev: dev)
        #expect(own.status == 1 && own.stderr.contains("alice cannot ratify their own break-glass access"), "\(own)")
        let ratified = try await Self.plugin(
            ["ratify", "alice-glass", "-n", "demo", "--comment", "right call"], as: "bob", dev: dev)
        #expect(ratified.stdout == "accessrequest.drawbridge.dev/alice-glass ratified\n", "\(ratified)")
        let reviewed = try await dev.kubectl([
            "wait", "accessrequest/alice-glass", "-n", "demo",
            #"--for=jsonpath={.status.conditions[?(@.type=="ReviewPending")].reason}=Ratified"#, "--timeout=30s",
        ])
        #expect(reviewed.status == 0, "\(reviewed)")
        // reject records a Reject the same way; once ratified, the webhook refuses a second review.
        let late = try await Self.plugin(["reject", "alice-glass", "-n", "demo"], as: "carol", dev: dev)
        #expect(
            late.status == 1
                && late.stderr
                    == "error: AccessRequest demo/alice-glass's break-glass access was already ratified by bob; it is reviewed once\n",
            "\(late)")
        _ = try await Self.plugin(["revoke", "alice-glass", "-n", "demo"], as: "alice", dev: dev)
        _ = try await Self.plugin(["revoke", "alice-longer", "-n", "demo"], as: "alice", dev: dev)
    }

    @Test("approve and revoke take car/NAME for a ClusterAccessRequest; an unknown TYPE/NAME is refused in one line")
    func clusterWideReviews() async throws {
        let dev = try SharedDevCluster.cluster()
        let request = """
            apiVersion: drawbridge.dev/v1alpha1
            kind: ClusterAccessRequest
            metadata: {name: plugin-wide}
            spec:
              role: {kind: ClusterRole, name: view}
              duration: 10m
              reason: "INC-7: read every namespace"
            """
        let created = try await dev.kubectl(["apply", "-f", "-"], as: "alice", stdin: request)
        #expect(created.status == 0, "\(created)")
        let approved = try await Self.plugin(["approve", "car/plugin-wide", "--comment", "ok"], as: "bob", dev: dev)
        #expect(approved.stdout == "clusteraccessrequest.drawbridge.dev/plugin-wide approved\n", "\(approved)")
        let active = try await dev.kubectl([
            "wait", "car/plugin-wide", "--for=jsonpath={.status.phase}=Active", "--timeout=30s",
        ])
        #expect(active.status == 0, "\(active)")
        let revoked = try await Self.plugin(["revoke", "clusteraccessrequest/plugin-wide"], as: "alice", dev: dev)
        #expect(revoked.stdout == "clusteraccessrequest.drawbridge.dev/plugin-wide revoked\n", "\(revoked)")
        let ended = try await dev.kubectl([
            "wait", "car/plugin-wide", "--for=jsonpath={.status.phase}=Revoked", "--timeout=30s",
        ])
        #expect(ended.status == 0, "\(ended)")
        let wrong = try await Self.plugin(["approve", "pod/plugin-wide"], as: "bob", dev: dev)
        #expect(wrong.status != 0)
        #expect(
            wrong.stderr.contains(
                "\"pod/plugin-wide\" is not a request: give NAME or ar/NAME (an AccessRequest), or car/NAME (a ClusterAccessRequest)"
            ), "\(wrong)")
        #expect(!wrong.stderr.contains("Fatal error"), "\(wrong)")
    }

    @Test(
        "request --cluster-wide --wait makes a ClusterAccessRequest; the approver finds car/NAME in ls --to-review; why and can-request show it"
    )
    func clusterWideRequest() async throws {
        let dev = try SharedDevCluster.cluster()
        let offers = try await Self.plugin(["can-request", "view", "-o", "json"], as: "alice", dev: dev)
        #expect(offers.status == 0, "\(offers)")
        #expect(offers.stdout.contains("\"namespace\": \"(cluster-wide)\""), "\(offers)")
        #expect(offers.stdout.contains("\"policy\": \"sre-cluster-view\""), "\(offers)")
        // alice waits for the grant while bob approves it.
        async let waited = Self.plugin(
            [
                "request", "view", "--cluster-wide", "--for", "20m", "--reason", "INC-9: read the nodes", "--name",
                "alice-wide-view", "--wait", "--timeout", "60s",
            ], as: "alice", dev: dev)
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        var inbox: KubectlHarness.Result
        repeat {
            inbox = try await Self.plugin(["ls", "--to-review"], as: "bob", dev: dev)
            if inbox.stdout.contains("car/alice-wide-view") { break }
            try await Task.sleep(for: .milliseconds(200))
        } while ContinuousClock.now < deadline
        let row = inbox.stdout.split(separator: "\n").first { $0.hasPrefix("car/alice-wide-view ") }
        #expect(
            row.map { Array($0.split(separator: " ").prefix(5)) } == [
                "car/alice-wide-view", "alice", "ClusterRole/view", "20m", "0/1",
            ], "\(inbox)")
        let approved = try await Self.plugin(["approve", "car/alice-wide-view"], as: "bob", dev: dev)
        #expect(approved.status == 0, "\(approved)")
        let result = try await waited
        #expect(result.status == 0, "\(result)")
        #expect(
            result.stdout.hasPrefix(
                """
                clusteraccessrequest.drawbridge.dev/alice-wide-view created
                AccessPolicy "sre-cluster-view" governs it: ClusterRole/view for 20m, needs 1 approval from group sre within 30m.
                Approvers run: kubectl drawbridge approve car/alice-wide-view
                """), "\(result)")
        #expect(result.stdout.contains("clusteraccessrequest.drawbridge.dev/alice-wide-view Active: "), "\(result)")
        let mine = try await Self.plugin(["ls", "--mine", "--active", "-o", "name"], as: "alice", dev: dev)
        #expect(mine.stdout.contains("clusteraccessrequest.drawbridge.dev/alice-wide-view\n"), "\(mine)")
        let why = try await Self.plugin(["why", "car/alice-wide-view"], as: "alice", dev: dev)
        #expect(why.status == 0, "\(why)")
        #expect(why.stdout.hasPrefix("ClusterAccessRequest alice-wide-view: Active\n"), "\(why)")
        #expect(why.stdout.contains("ClusterRole/view in every namespace (cluster-wide)"), "\(why)")
        #expect(why.stdout.contains("ClusterRoleBinding drawbridge-alice-wide-view"), "\(why)")
        let role = try await Self.plugin(
            ["request", "Role/deployer", "--cluster-wide", "--reason", "INC-9"], as: "alice", dev: dev)
        #expect(role.status != 0)
        #expect(role.stderr.contains("--cluster-wide grants a ClusterRole; a Role belongs to one namespace"), "\(role)")
        _ = try await Self.plugin(["revoke", "car/alice-wide-view"], as: "alice", dev: dev)
    }

    @Test("Refusals print the webhook's one-line reason and exit 1")
    func refusals() async throws {
        let dev = try SharedDevCluster.cluster()
        let created = try await Self.plugin(
            ["request", "edit", "-n", "demo", "--reason", "INC-7", "--name", "alice-self", "-o", "name"], as: "alice",
            dev: dev)
        #expect(created.stdout == "accessrequest.drawbridge.dev/alice-self\n", "\(created)")
        let cases: [([String], String)] = [
            (
                ["approve", "alice-self", "-n", "demo"],
                "alice cannot approve their own AccessRequest; another approver must"
            ),
            (
                ["request", "edit", "-n", "demo", "--for", "2h", "--reason", "INC-7"],
                "requested duration 2h exceeds the maximum 1h allowed by AccessPolicy \"developers-edit-demo\""
            ),
            (
                ["request", "nosuchrole", "-n", "demo", "--reason", "INC-7"],
                "no AccessPolicy allows User \"alice\" to request ClusterRole/nosuchrole in namespace \"demo\""
            ),
            (
                ["request", "edit", "-n", "default", "--reason", "INC-7"],
                "no AccessPolicy allows User \"alice\" to request ClusterRole/edit in namespace \"default\""
            ),
            (
                ["request", "edit", "-n", "demo", "--reason", "because"],
                "reason \"because\" does not match the pattern \"(INC|CHG)-[0-9]+\" required by AccessPolicy \"developers-edit-demo\""
            ),
        ]
        for (arguments, reason) in cases {
            let refused = try await Self.plugin(arguments, as: "alice", dev: dev)
            #expect(refused.status == 1, "\(arguments): \(refused)")
            #expect(refused.stderr == "error: \(reason)\n", "\(arguments)")
            #expect(refused.stdout.isEmpty, "\(arguments)")
        }
        let nothing = try await Self.plugin(["can-request", "admin", "-n", "demo"], as: "alice", dev: dev)
        #expect(nothing.status == 1, "\(nothing)")
        #expect(
            nothing.stderr.hasSuffix(
                "no AccessPolicy lets alice (groups developers, system:authenticated) request admin in namespace demo\n"
            ),
            "\(nothing)")
        let impatient = try await Self.plugin(
            [
                "request", "edit", "-n", "demo", "--reason", "INC-8", "--name", "alice-impatient", "--wait",
                "--timeout",
                "2s",
            ], as: "alice", dev: dev)
        #expect(impatient.status == 2, "\(impatient)")
        #expect(
            impatient.stderr
                == "error: gave up waiting after 2s: accessrequest.drawbridge.dev/alice-impatient is still Pending\n")

        // --wait ends when bob denies: exit 2, and the last line says how it ended.
        let waiting = Task {
            try await Self.plugin(
                ["request", "edit", "-n", "demo", "--reason", "INC-9", "--name", "alice-waits", "--wait"], as: "alice",
                dev: dev)
        }
        try await Self.wait("alice-waits", for: "Pending", dev: dev)
        let denied = try await Self.plugin(
            ["deny", "alice-waits", "-n", "demo", "--comment", "not now"], as: "bob", dev: dev)
        #expect(denied.stdout == "accessrequest.drawbridge.dev/alice-waits denied\n", "\(denied)")
        let waited = try await waiting.value
        #expect(waited.status == 2, "\(waited)")
        #expect(
            waited.stdout.hasSuffix("accessrequest.drawbridge.dev/alice-waits Denied: Denied by bob: not now.\n"),
            "\(waited)")

        let usage = try await Self.plugin(["request", "edit"], as: "alice", dev: dev)
        #expect(usage.status == 64, "a missing --reason is a usage error: \(usage)")
    }

    @Test("-o json parses (a List of AccessRequests, whoami's SelfSubjectReview, can-request's offers)")
    func jsonOutput() async throws {
        let dev = try SharedDevCluster.cluster()
        _ = try await Self.plugin(
            [
                "request", "view", "-n", "demo", "--reason", "look", "--name", "alice-json", "--wait", "--timeout",
                "30s",
            ],
            as: "alice", dev: dev)
        let listed = try await Self.plugin(["ls", "-A", "-o", "json"], as: "bob", dev: dev)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
        #expect(list["kind"] as? String == "List")
        let items = try #require(list["items"] as? [[String: Any]])
        let listedNames = items.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
        #expect(listedNames.contains("alice-json"), "\(listedNames)")
        let whoami = try await Self.plugin(["whoami", "-o", "json"], as: "carol", dev: dev)
        let review = try #require(try JSONSerialization.jsonObject(with: Data(whoami.stdout.utf8)) as? [String: Any])
        let userInfo = (review["status"] as? [String: Any])?["userInfo"] as? [String: Any]
        #expect(userInfo?["username"] as? String == "carol")
        let offers = try await Self.plugin(["can-request", "-o", "json"], as: "alice", dev: dev)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(offers.stdout.utf8)) as? [[String: Any]])
        #expect(
            rows.compactMap { $0["policy"] as? String }.sorted() == [
                "developers-edit-demo", "sre-cluster-view", "view-auto-approve",
            ])
        #expect(rows.filter { $0["clusterWide"] as? Bool == true }.count == 1, "\(rows)")
        // In the offers' order (the cluster-wide offer first), each role once.
        let names = try await Self.plugin(["can-request", "-o", "name"], as: "alice", dev: dev)
        #expect(
            names.stdout
                == "clusterrole.rbac.authorization.k8s.io/view\nclusterrole.rbac.authorization.k8s.io/edit\n")
    }

    @Test(
        "A kubeconfig whose user runs an exec credential plugin authenticates; a missing plugin is one clear line (exit 3)"
    )
    func execCredentials() async throws {
        let dev = try SharedDevCluster.cluster()
        // alice's token, handed out by a script instead of written in the kubeconfig.
        let documents = try YAMLJSON.documents(in: try String(contentsOfFile: dev.kubeconfig, encoding: .utf8))
        var kubeconfig = try #require(documents.first)
        let users = try #require(kubeconfig["users"]?.arrayValue)
        let alice = try #require(users.first { $0["name"] == "alice" })
        let token = try #require(alice["user"]?["token"]?.stringValue)
        let script = dev.directory.appendingPathComponent("get-token.sh")
        try Data(
            """
            #!/bin/sh
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "\(token)"
            """.utf8
        ).write(to: script)
        chmod(script.path, 0o755)
        func exec(_ command: String) -> JSONValue {
            [
                "name": "alice",
                "user": [
                    "exec": [
                        "apiVersion": "client.authentication.k8s.io/v1", "command": .string(command),
                        "interactiveMode": "Never", "installHint": "ask your cluster admin for get-token",
                    ]
                ],
            ]
        }
        let failing = dev.directory.appendingPathComponent("failing.sh")
        try Data("#!/bin/sh\necho 'please log in first' >&2\nexit 1\n".utf8).write(to: failing)
        chmod(failing.path, 0o755)
        for (file, command) in [
            ("exec.kubeconfig", script.path), ("missing.kubeconfig", "get-token-not-installed"),
            ("failing.kubeconfig", failing.path),
        ] {
            kubeconfig["users"] = .array(users.map { $0["name"] == "alice" ? exec(command) : $0 })
            try Data(try JSONCoding.encoder.encode(kubeconfig)).write(to: dev.directory.appendingPathComponent(file))
        }
        let whoami = try await Self.plugin(
            ["whoami"], as: "alice", kubeconfig: dev.directory.appendingPathComponent("exec.kubeconfig").path, dev: dev)
        #expect(whoami.status == 0, "\(whoami)")
        #expect(whoami.stdout.contains("Username    alice\n"), "\(whoami)")
        let missing = try await Self.plugin(
            ["ls", "-n", "demo"], as: "alice",
            kubeconfig: dev.directory.appendingPathComponent("missing.kubeconfig").path,
            dev: dev)
        #expect(missing.status == 3, "\(missing)")
        #expect(
            missing.stderr
                == "error: kubeconfig user \"alice\": exec credential plugin \"get-token-not-installed\" was not found on PATH: ask your cluster admin for get-token\n"
        )
        let failed = try await Self.plugin(
            ["whoami"], as: "alice", kubeconfig: dev.directory.appendingPathComponent("failing.kubeconfig").path,
            dev: dev)
        #expect(failed.status == 3, "\(failed)")
        #expect(
            failed.stderr
                == "please log in first\nerror: kubeconfig user \"alice\": exec credential plugin \"\(failing.path)\" failed with exit status 1 (its own message is above)\n",
            "the plugin's own message comes first, on standard error")
    }
}

/// Where `swift build` put `kubectl-drawbridge`.
enum PluginBinary {
    /// The folder holding `kubectl-drawbridge`: next to the drawbridge binary (`swift build` puts
    /// both in its bin path); nil when it is not built.
    static let directory: String? = {
        guard let binary = CommandLineTests.binary else { return nil }
        let folder = URL(fileURLWithPath: binary).deletingLastPathComponent()
        let plugin = folder.appendingPathComponent("kubectl-drawbridge").path
        return FileManager.default.isExecutableFile(atPath: plugin) ? folder.path : nil
    }()
}
