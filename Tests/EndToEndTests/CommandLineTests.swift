import DrawbridgeTesting
import Foundation
import Testing

/// The `drawbridge` binary as users run it: output, exit codes and shutdown, so the README's examples
/// are checked, not just described.
@Suite("The drawbridge command line")
struct CommandLineTests {
    /// `$DRAWBRIDGE_BIN`, else the binary built next to this test bundle (`swift build --build-tests` builds it).
    static let binary: String? = {
        if let path = ProcessInfo.processInfo.environment["DRAWBRIDGE_BIN"], !path.isEmpty { return path }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "drawbridge")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside.path }
        let fallback = PackageRoot.url?.appendingPathComponent(".build/debug/drawbridge").path
        return fallback.flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary from the package root; returns once it exits. (For a command that runs until
    /// stopped, use `ChildProcess`.)
    static func run(_ arguments: [String]) async throws -> Run {
        guard let binary else {
            throw HarnessError("the drawbridge binary is not built; run swift build --build-tests")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "drawbridge-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out"), err = directory.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = PackageRoot.url
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return Run(
            status: status, stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    @Test("policy check prints the README's verdicts and exits 0 when every request is allowed")
    func policyCheckAllowed() async throws {
        let result = try await Self.run([
            "policy", "check", "-f", "examples/requests", "--policies", "examples/policies", "--user", "alice",
            "--group", "developers",
        ])
        #expect(result.status == 0)
        #expect(
            result.stdout == """
                ClusterAccessRequest alice-cluster-view: allowed
                  policy:    AccessPolicy "sre-cluster-view"
                  duration:  30m (maximum 1h)
                  approvals: 1 from group sre, within 30m
                demo/alice-edit-demo: allowed
                  policy:    AccessPolicy "developers-edit-demo"
                  duration:  30m (maximum 1h)
                  approvals: 1 from group sre, within 30m
                  extension: up to 2h in total, at most 2 time(s); approvals: 1 from group sre, within 30m
                demo/alice-view-demo: allowed
                  policy:    AccessPolicy "view-auto-approve"
                  duration:  10m (maximum 15m)
                  approvals: none (auto-approved)

                """)
    }

    @Test("policy check explains a break-glass request: granted at once, reviewed afterwards; refused for others")
    func policyCheckBreakGlass() async throws {
        let example = try PackageRoot.text("examples/requests/alice-edit-demo.yaml").replacingOccurrences(
            of: "spec:\n", with: "spec:\n  breakGlass: true\n")
        #expect(example.contains("breakGlass: true"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("glass-\(UUID().uuidString).yaml")
        try Data(example.replacingOccurrences(of: "duration: 30m", with: "duration: 20m").utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let allowed = try await Self.run([
            "policy", "check", "-f", file.path, "--policies", "examples/policies", "--user", "alice", "--group",
            "developers",
        ])
        #expect(allowed.status == 0)
        #expect(
            allowed.stdout == """
                demo/alice-edit-demo: allowed
                  policy:    AccessPolicy "developers-edit-demo"
                  duration:  20m (maximum 30m)
                  break-glass: granted at once, without approval; group sre must ratify or reject it within 24h; once every 24h per person

                """, "\(allowed.stdout)")
        let refused = try await Self.run([
            "policy", "check", "-f", file.path, "--policies", "examples/policies", "--user", "bob", "--group", "sre",
        ])
        #expect(refused.status == 1)
        #expect(
            refused.stdout
                == "demo/alice-edit-demo: rejected (NoMatchingPolicy): no AccessPolicy allows User \"bob\" to break glass for ClusterRole/edit in namespace \"demo\"\n",
            "\(refused.stdout)")
    }

    @Test("policy check judges spec.startAt against the policy's maxLeadTime")
    func policyCheckStartAt() async throws {
        let example = try PackageRoot.text("examples/requests/alice-edit-demo.yaml").replacingOccurrences(
            of: "spec:\n", with: "spec:\n  startAt: \"2099-01-01T00:00:00Z\"\n")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("later-\(UUID().uuidString).yaml")
        try Data(example.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await Self.run([
            "policy", "check", "-f", file.path, "--policies", "examples/policies", "--user", "alice", "--group",
            "developers",
        ])
        #expect(result.status == 1)
        #expect(
            result.stdout
                == "demo/alice-edit-demo: rejected (StartNotAllowed): AccessPolicy \"developers-edit-demo\" does not allow a scheduled start (spec.startAt): it has no maxLeadTime\n",
            "\(result.stdout)")
    }

    @Test("policy check exits 1 with the exact reason when a request exceeds the policy")
    func policyCheckRejected() async throws {
        let example = try PackageRoot.text("examples/requests/alice-edit-demo.yaml").replacingOccurrences(
            of: "duration: 30m", with: "duration: 2h")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("too-long-\(UUID().uuidString).yaml")
        try Data(example.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await Self.run([
            "policy", "check", "-f", file.path, "--policies", "examples/policies", "--user", "alice", "--group",
            "developers",
        ])
        #expect(result.status == 1)
        #expect(
            result.stdout
                == "demo/alice-edit-demo: rejected (DurationExceedsMaximum): requested duration 2h exceeds the maximum 1h allowed by AccessPolicy \"developers-edit-demo\"\n"
        )
        let noRequester = try await Self.run(
            ["policy", "check", "-f", "examples/requests/alice-edit-demo.yaml", "--policies", "examples/policies"])
        #expect(noRequester.status == 1)
        #expect(
            noRequester.stdout
                == "demo/alice-edit-demo: rejected (RequesterUnknown): no requester: pass --user (and --group), or set spec.requester in the file\n",
            "\(noRequester.stdout)")
    }

    @Test("validate accepts the examples and CRDs, and reports bad files in one line without a stack trace")
    func validate() async throws {
        let good = try await Self.run(["validate", "examples", "crds"])
        #expect(good.status == 0 && good.stdout == "19 object(s) valid\n", "\(good.stdout)\(good.stderr)")
        let missing = try await Self.run(["validate", "no/such/file.yaml"])
        #expect(missing.status != 0)
        #expect(missing.stderr == "Error: no/such/file.yaml: no such file or directory\n")
        // Found by the go-duration fuzz harness: this duration used to crash the process (arithmetic overflow).
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("drawbridge-\(UUID().uuidString).yaml")
        try Data(
            """
            apiVersion: drawbridge.dev/v1alpha1
            kind: AccessRequest
            metadata: {name: huge, namespace: demo}
            spec: {role: {kind: ClusterRole, name: edit}, duration: 2562047.9h, reason: INC-1}
            """.utf8
        ).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let huge = try await Self.run(["validate", file.path])
        #expect(huge.status == 1, "\(huge.stderr)")
        #expect(
            huge.stdout.contains("spec.duration: invalid duration \"2562047.9h\": too large"),
            "\(huge.stdout)\(huge.stderr)")
    }

    @Test("emulator serves the users of a token file and stops cleanly on Ctrl-C")
    func emulatorTokenFileAndInterrupt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "drawbridge-tokens-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let tokens = directory.appendingPathComponent("tokens.csv")
        try Data("# demo\nt-dana,dana,uid-dana,\"ops,sre\"\nt-root,root,uid-root,system:masters\n".utf8).write(
            to: tokens)
        let kubeconfig = directory.appendingPathComponent("kubeconfig").path
        let emulator = try ChildProcess(
            ["emulator", "--listen", "127.0.0.1:0", "--kubeconfig", kubeconfig, "--token-file", tokens.path],
            name: "emulator-tokens")
        _ = await emulator.waitForOutput("contexts: dana, root")  // Ctrl-C once it has started
        let status = await emulator.stop(signal: SIGINT)
        let result = Run(status: status, stdout: emulator.stdout, stderr: emulator.stderr)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("contexts: dana, root"), "\(result.stdout)")
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"))
        let config = try String(contentsOfFile: kubeconfig, encoding: .utf8)
        #expect(config.contains("token: t-dana") && config.contains("certificate-authority-data:"))
        let mode = try FileManager.default.attributesOfItem(atPath: kubeconfig)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let badFile = directory.appendingPathComponent("bad.csv")
        try Data("only-a-token\n".utf8).write(to: badFile)
        let bad = try await Self.run([
            "emulator", "--listen", "127.0.0.1:0", "--kubeconfig", kubeconfig, "--token-file", badFile.path,
        ])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("token file line 1: expected token,user,uid"), "\(bad.stderr)")
    }

    @Test(
        "controller explains a missing kubeconfig, webhook certificate or client CA, or conflicting certificate flags, in one line, without a stack trace"
    )
    func controllerConfigurationErrors() async throws {
        let missing = try await Self.run(["controller", "--kubeconfig", "/no/such/kubeconfig"])
        #expect(missing.status != 0)
        #expect(missing.stderr.hasPrefix("Error: "), "\(missing.stderr)")
        #expect(missing.stderr.contains("/no/such/kubeconfig"), "\(missing.stderr)")
        #expect(missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "drawbridge-ctl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let kubeconfig = directory.appendingPathComponent("kubeconfig")
        try Data(
            """
            apiVersion: v1
            kind: Config
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
            users: [{name: u, user: {token: t}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """.utf8
        ).write(to: kubeconfig)
        let noCertificate = try await Self.run(
            ["controller", "--kubeconfig", kubeconfig.path, "--webhook-cert-dir", directory.path])
        #expect(noCertificate.status != 0)
        #expect(
            noCertificate.stderr
                == "Error: no webhook certificate in \(directory.path) (tls.crt, tls.key); pass --webhook-cert-dir or --webhook-self-signed, or --webhook-port 0 to run without the webhook\n",
            "\(noCertificate.stderr)")
        let both = try await Self.run(
            [
                "controller", "--kubeconfig", kubeconfig.path, "--webhook-self-signed", "--webhook-cert-dir",
                directory.path,
            ])
        #expect(both.status != 0)
        #expect(
            both.stderr
                == "Error: --webhook-self-signed and --webhook-cert-dir \(directory.path) cannot be used together; pick one\n",
            "\(both.stderr)")
        let missingClientCA = directory.appendingPathComponent("client-ca.pem").path
        let noClientCA = try await Self.run(
            [
                "controller", "--kubeconfig", kubeconfig.path, "--webhook-self-signed", "--webhook-client-ca",
                missingClientCA,
            ])
        #expect(noClientCA.status != 0)
        #expect(
            noClientCA.stderr == "Error: --webhook-client-ca: cannot read the webhook client CA \(missingClientCA)\n",
            "\(noClientCA.stderr)")
        let badFlag = try await Self.run(["controller", "--log-format", "xml"])
        #expect(badFlag.status != 0)
        #expect(badFlag.stderr.contains("--log-format xml: expected text or json"), "\(badFlag.stderr)")
        // dev finds a taken port before starting anything, and says which flag to change.
        let taken = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(taken) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(taken, $0, length) == 0 && listen(taken, 1) == 0 && getsockname(taken, $0, &length) == 0
            }
        }
        #expect(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let busy = try await Self.run(["dev", "--listen", "127.0.0.1:0", "--webhook-port", String(port)])
        #expect(busy.status == 1)
        #expect(
            busy.stderr
                == "Error: the admission webhook could not listen on 127.0.0.1:\(port) (in use?); pass another --webhook-port\n",
            "\(busy.stderr)")
        let badTimings = try await Self.run(
            ["controller", "--leader-elect", "--leader-elect-renew-deadline", "20s", "--webhook-port", "0"])
        #expect(badTimings.status != 0)
        #expect(
            badTimings.stderr
                == "Error: leader election timings: the renew deadline must be shorter than the lease duration\n",
            "\(badTimings.stderr)")
        let badDuration = try await Self.run(
            ["controller", "--leader-elect", "--leader-elect-retry-period", "2x", "--webhook-port", "0"])
        #expect(
            badDuration.stderr
                == "Error: --leader-elect-retry-period 2x: invalid duration \"2x\": unknown unit \"x\" (valid units are ns, us, ms, s, m, h)\n",
            "\(badDuration.stderr)")
    }

    @Test("controller and dev refuse a bad --metrics-bind-address or --health-probe-bind-address in one line")
    func badBindAddresses() async throws {
        let metrics = try await Self.run(["controller", "--metrics-bind-address", "8080"])
        #expect(metrics.status != 0)
        #expect(
            metrics.stderr == "Error: --metrics-bind-address 8080: expected host:port, :port or 0\n",
            "\(metrics.stderr)")
        let probes = try await Self.run(["dev", "--health-probe-bind-address", "localhost:99999"])
        #expect(probes.status != 0)
        #expect(
            probes.stderr
                == "Error: --health-probe-bind-address localhost:99999: the port must be a number from 0 to 65535\n",
            "\(probes.stderr)")
    }

    @Test("controller explains bad notification flags in one line, and --help shows their defaults")
    func notificationFlags() async throws {
        let limit = try await Self.run(["controller", "--notification-queue-limit", "0"])
        #expect(limit.status != 0)
        #expect(limit.stderr == "Error: --notification-queue-limit must be at least 1, got 0\n", "\(limit.stderr)")
        let age = try await Self.run(["controller", "--notification-max-age", "2x"])
        #expect(age.status != 0)
        #expect(
            age.stderr
                == "Error: --notification-max-age 2x: invalid duration \"2x\": unknown unit \"x\" (valid units are ns, us, ms, s, m, h)\n",
            "\(age.stderr)")
        // docs/notifications.md lists these defaults; help wraps lines, so compare with spaces collapsed.
        for command in ["controller", "dev"] {
            let help = try await Self.run([command, "--help"])
            let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            for expected in [
                "--notifications/--no-notifications", "(default: --notifications)", "--notification-max-age",
                "(default: 24h)", "--notification-timeout", "(default: 10s)", "--notification-queue-limit",
                "(default: 1000)", "--notification-source",
                "(default: /apis/drawbridge.dev/v1alpha1/accessrequests)",
            ] {
                #expect(text.contains(expected), "drawbridge \(command) --help lacks \(expected): \(help.stdout)")
            }
        }
    }
}
