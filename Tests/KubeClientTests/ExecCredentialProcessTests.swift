import Foundation
import KubeClient
import Testing

/// The provider's real runner, with `/bin/sh` as the plugin: what a plugin process gets (its
/// environment, its signals) and how its ending reaches the caller.
@Suite(
    "Exec credential plugin processes",
    .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/status"), "reads /proc (Linux)"))
struct ExecCredentialProcessTests {
    /// A provider whose plugin runs `script` with `/bin/sh -c`, through the real runner.
    static func provider(_ script: String) -> ExecCredentialProvider {
        let plugin = ExecCredentialPlugin(
            user: "eks", apiVersion: "client.authentication.k8s.io/v1", command: "/bin/sh", args: ["-c", script],
            environment: ["AWS_PROFILE": "ops"], installHint: nil, interactiveMode: .never, directory: "/")
        return ExecCredentialProvider(plugin: plugin, environment: ["PATH": "/usr/bin:/bin"], stdinIsTerminal: false)
    }

    /// Prints an ExecCredential whose token is `value` (shell words).
    static func printToken(_ value: String) -> String {
        #"printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "#
            + value
    }

    @Test("The plugin starts with no signal blocked or ignored, and with the kubeconfig's environment")
    func cleanSignals() async throws {
        let script =
            #"blk=$(awk '/^SigBlk/ {print $2}' /proc/$$/status); ign=$(awk '/^SigIgn/ {print $2}' /proc/$$/status); "#
            + Self.printToken(#""$blk/$ign/$AWS_PROFILE""#)
        let fields = try await Self.provider(script).token().split(separator: "/").map(String.init)
        try #require(fields.count == 3, "\(fields)")
        let blocked = try #require(UInt64(fields[0], radix: 16)), ignored = try #require(UInt64(fields[1], radix: 16))
        #expect(blocked == 0)
        // Signals 1 to 31; the C library keeps two real-time signals of its own, which no program can
        // set back to their default.
        #expect(ignored & 0x7fff_ffff == 0, "SigIgn \(fields[1])")
        #expect(fields[2] == "ops")
    }

    @Test("A plugin that prints more than 1 MiB fails in one line, whatever it printed")
    func outputCap() async {
        // Two MiB of spaces before a valid credential: read whole, it would have parsed.
        let script = "head -c 2097152 /dev/zero | tr '\\0' ' '; " + Self.printToken("late")
        do {
            let token = try await Self.provider(script).token()
            Issue.record("expected a failure, got \(token)")
        } catch {
            #expect(error.code == .credentialPlugin)
            #expect(
                error.message
                    == #"kubeconfig user "eks": exec credential plugin "/bin/sh" printed no valid ExecCredential: it printed more than 1048576 bytes"#
            )
        }
    }

    @Test("A plugin that SIGTERM ends, or that exits non-zero, fails with its status, as a shell reports it")
    func endings() async {
        for (script, status) in [("kill -TERM $$; sleep 5", 143), ("exit 3", 3)] {
            do {
                let token = try await Self.provider(script + "; " + Self.printToken("late")).token()
                Issue.record("\(script): expected a failure, got \(token)")
            } catch {
                #expect(error.code == .credentialPlugin)
                #expect(
                    error.message
                        == #"kubeconfig user "eks": exec credential plugin "/bin/sh" failed with exit status \#(status) (its own message is above)"#
                )
            }
        }
    }
}
