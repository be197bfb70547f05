import DrawbridgeAPI
import DrawbridgeTesting
import EmulatorServer
import Foundation
import KubeClient
import Testing

/// Exec credential plugins as kubectl runs them: a small shell script that prints an ExecCredential,
/// named in a kubeconfig, against the served emulator over HTTPS.
@Suite("Exec credential plugins against the served emulator")
struct ExecCredentialServedTests {
    /// A kubeconfig whose user runs `command` (relative to the kubeconfig's folder).
    static func kubeconfig(_ emulator: RunningEmulator, in folder: TemporaryFolder, command: String) throws -> String {
        let ca = Data((emulator.certificates?.caPEM ?? "").utf8).base64EncodedString()
        return try folder.write(
            "config",
            """
            apiVersion: v1
            kind: Config
            current-context: exec
            clusters: [{name: emulator, cluster: {server: "\(emulator.url)", certificate-authority-data: \(ca)}}]
            contexts: [{name: exec, context: {cluster: emulator, user: plugin, namespace: demo}}]
            users:
            - name: plugin
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: \(command)
                  env: [{name: RUNS, value: "\(folder.path)/runs"}]
                  provideClusterInfo: true
                  interactiveMode: Never
                  installHint: "see docs/plugin.md"
            """)
    }

    /// A script that records each run and its KUBERNETES_EXEC_INFO, then prints the tokens of
    /// `tokens` in turn (the last one again once they run out).
    static func script(_ folder: TemporaryFolder, tokens: [String]) throws {
        let cases = tokens.enumerated().map { "  \($0.offset + 1)) token=\($0.element) ;;" }.joined(separator: "\n")
        let path = try folder.write(
            "bin/get-token",
            """
            #!/bin/sh
            echo run >> "$RUNS"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "$RUNS.info"
            case $(wc -l < "$RUNS") in
            \(cases)
              *) token=\(tokens.last ?? "") ;;
            esac
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$token"
            """)
        chmod(path, 0o755)
    }

    static func runs(_ folder: TemporaryFolder) -> Int {
        ((try? String(contentsOfFile: "\(folder.path)/runs", encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    @Test("The script's token authenticates; it runs once while the token is good, and again after a 401")
    func authenticates() async throws {
        try await withServedEmulator { _, emulator in
            let folder = try TemporaryFolder()
            try Self.script(folder, tokens: ["expired-token", "alice-harness"])
            let path = try Self.kubeconfig(emulator, in: folder, command: "bin/get-token")
            let configuration = try ClientConfiguration.load(kubeconfigPath: path, context: nil)
            try await using(try configuration.makeTransport()) { transport in
                let client = KubeClient(transport: transport)
                // The first token is refused (401): the plugin runs again and the call is retried.
                let list = try await client.list(AccessRequest.self, namespace: "demo")
                #expect(list.items.isEmpty)
                _ = try await client.list(AccessPolicy.self)
                #expect(Self.runs(folder) == 2, "once for the refused token, once after the 401, then cached")
            }
            let info = try String(contentsOfFile: "\(folder.path)/runs.info", encoding: .utf8)
            #expect(info.contains(#""interactive":false"#))
            #expect(info.contains(#""server":"\#(emulator.url)""#), "provideClusterInfo sends the server: \(info)")
        }
    }

    @Test("A missing command and garbage output each fail the call with one clear line")
    func failures() async throws {
        try await withServedEmulator { _, emulator in
            let folder = try TemporaryFolder()
            let garbage = try folder.write("bin/garbage", "#!/bin/sh\necho 'Login required'\n")
            chmod(garbage, 0o755)
            for (command, message) in [
                (
                    "bin/missing",
                    #"kubeconfig user "plugin": exec credential plugin "bin/missing" was not found: see docs/plugin.md"#
                ),
                (
                    "bin/garbage",
                    #"kubeconfig user "plugin": exec credential plugin "bin/garbage" printed no valid ExecCredential: its output is not JSON (it begins "Login required")"#
                ),
            ] {
                let path = try Self.kubeconfig(emulator, in: folder, command: command)
                let transport = try ClientConfiguration.load(kubeconfigPath: path, context: nil).makeTransport()
                do {
                    _ = try await KubeClient(transport: transport).list(AccessRequest.self, namespace: "demo")
                    Issue.record("expected: \(message)")
                } catch let error as HTTPTransportError {
                    #expect(error.code == .credentials)
                    #expect(error.message == message)
                }
                try await transport.shutdown()
            }
        }
    }
}
