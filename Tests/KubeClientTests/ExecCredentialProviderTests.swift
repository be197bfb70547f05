import Foundation
import KubeClient
import Synchronization
import Testing

/// The provider with a scripted runner and clock: no processes, no waiting.
@Suite("Exec credential provider")
struct ExecCredentialProviderTests {
    /// Records each run and answers with the next scripted result.
    final class ScriptedRunner: Sendable {
        struct Call: Sendable {
            var executable: String
            var arguments: [String]
            var environment: [String: String]
            var interactive: Bool
        }
        private let state: Mutex<(calls: [Call], results: [ExecCredentialProvider.RunResult])>

        init(_ results: [ExecCredentialProvider.RunResult]) {
            state = Mutex(([], results))
        }

        var calls: [Call] { state.withLock { $0.calls } }

        var runner: ExecCredentialProvider.Runner {
            { executable, arguments, environment, interactive in
                self.state.withLock { state in
                    state.calls.append(
                        Call(
                            executable: executable, arguments: arguments, environment: environment,
                            interactive: interactive))
                    return state.results.isEmpty ? .init(status: 0, output: []) : state.results.removeFirst()
                }
            }
        }
    }

    static func credential(_ token: String, expires: String? = nil) -> ExecCredentialProvider.RunResult {
        let expiry = expires.map { #","expirationTimestamp":"\#($0)""# } ?? ""
        let text =
            #"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"\#(token)"\#(expiry)}}"#
        return .init(status: 0, output: Array(text.utf8))
    }

    /// A plugin whose program is `/bin/sh` (always present), so lookup succeeds without a file.
    static func plugin(mode: ExecCredentialPlugin.InteractiveMode = .ifAvailable, command: String = "/bin/sh")
        -> ExecCredentialPlugin
    {
        ExecCredentialPlugin(
            user: "eks", apiVersion: "client.authentication.k8s.io/v1", command: command, args: ["get-token"],
            environment: ["AWS_PROFILE": "ops"], installHint: "brew install get-token", interactiveMode: mode,
            directory: "/")
    }

    /// A clock the test moves.
    final class TestNow: Sendable {
        private let value = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        var now: Date { value.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { value.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    @Test("The token is cached until its expirationTimestamp, then the plugin runs again")
    func cachedUntilExpiry() async throws {
        let clock = TestNow()
        let runner = ScriptedRunner([
            Self.credential("t1", expires: "2027-01-15T08:01:00Z"), Self.credential("t2"),
        ])
        let provider = ExecCredentialProvider(
            plugin: Self.plugin(), environment: ["PATH": "/usr/bin", "HOME": "/h"], stdinIsTerminal: false,
            now: { clock.now }, run: runner.runner)
        #expect(try await provider.token() == "t1")
        clock.advance(59)
        #expect(try await provider.token() == "t1")
        #expect(runner.calls.count == 1)
        clock.advance(1)
        #expect(try await provider.token() == "t2")
        #expect(runner.calls.count == 2)
    }

    @Test("A token without expiry is kept until the server rejects it; a 401 runs the plugin once more")
    func rerunAfterUnauthorized() async throws {
        let runner = ScriptedRunner([Self.credential("t1"), Self.credential("t2"), Self.credential("t2")])
        let provider = ExecCredentialProvider(
            plugin: Self.plugin(), environment: [:], stdinIsTerminal: false, run: runner.runner)
        #expect(try await provider.token() == "t1")
        #expect(await provider.token(replacing: "t1") == "t2")
        #expect(await provider.token(replacing: "t1") == "t2", "another caller already refreshed: no new run")
        #expect(runner.calls.count == 2)
        #expect(await provider.token(replacing: "t2") == nil, "the plugin printed the rejected token again")
    }

    @Test("The plugin gets its args, the caller's environment with its own entries over it, and KUBERNETES_EXEC_INFO")
    func environment() async throws {
        let runner = ScriptedRunner([Self.credential("t")])
        let provider = ExecCredentialProvider(
            plugin: Self.plugin(), environment: ["PATH": "/usr/bin", "AWS_PROFILE": "default"], stdinIsTerminal: true,
            run: runner.runner)
        _ = try await provider.token()
        let call = try #require(runner.calls.first)
        #expect(call.executable == "/bin/sh")
        #expect(call.arguments == ["get-token"])
        #expect(call.environment["PATH"] == "/usr/bin")
        #expect(call.environment["AWS_PROFILE"] == "ops")
        #expect(
            call.environment["KUBERNETES_EXEC_INFO"]
                == #"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"interactive":true}}"#
        )
        #expect(call.interactive)
    }

    @Test(
        "Each failure is one line naming the kubeconfig user and the plugin",
        arguments: [
            (
                plugin(command: "get-token-missing"), [ExecCredentialProvider.RunResult](), false,
                #"kubeconfig user "eks": exec credential plugin "get-token-missing" was not found on PATH: brew install get-token"#
            ),
            (
                plugin(command: "/nonexistent/get-token"), [], false,
                #"kubeconfig user "eks": exec credential plugin "/nonexistent/get-token" was not found: brew install get-token"#
            ),
            (
                plugin(), [.init(status: 3, output: [])], false,
                #"kubeconfig user "eks": exec credential plugin "/bin/sh" failed with exit status 3 (its own message is above)"#
            ),
            (
                plugin(), [.init(status: 0, output: Array("token: abc".utf8))], false,
                #"kubeconfig user "eks": exec credential plugin "/bin/sh" printed no valid ExecCredential: its output is not JSON (it begins "token: abc")"#
            ),
            (
                plugin(mode: .always), [], false,
                #"kubeconfig user "eks": exec credential plugin "/bin/sh" needs a terminal (interactiveMode Always), and standard input is not one"#
            ),
        ])
    func failures(
        _ plugin: ExecCredentialPlugin, _ results: [ExecCredentialProvider.RunResult], _ terminal: Bool,
        _ message: String
    ) async {
        let provider = ExecCredentialProvider(
            plugin: plugin, environment: ["PATH": "/nonexistent"], stdinIsTerminal: terminal,
            run: ScriptedRunner(results).runner)
        do {
            _ = try await provider.token()
            Issue.record("expected: \(message)")
        } catch {
            #expect(error.code == .credentialPlugin)
            #expect(error.message == message)
        }
    }
}
