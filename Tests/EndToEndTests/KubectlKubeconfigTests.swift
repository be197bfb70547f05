import APIServerEmulator
import EmulatorServer
import Foundation
import Testing

/// The emulator's kubeconfig read by the real kubectl: every context of a user whose name or token
/// YAML would misread still authenticates as that user.
@Suite("The emulator's kubeconfig with awkward names", .enabled(if: KubectlHarness.kubectlPath != nil, "needs kubectl"))
struct KubectlKubeconfigTests {
    /// Names and tokens a hand-concatenated kubeconfig got wrong. Tokens travel in an HTTP header, so
    /// none has leading or trailing spaces (HTTP trims those) or bytes outside ASCII.
    static let users: [(name: String, token: String)] = [
        ("true", "123"), ("a: b", "tok: en"), ("#hash", "# not a comment"), ("- dash", "[1, 2]"),
        ("{braces}", "{a: 1}"), ("it's \"quoted\"", "'single' and \"double\""), ("*star", "&anchor"),
        ("üñíçødé", "pct%40@!|>"), ("yes", "no"),
    ]

    @Test("kubectl --context NAME auth whoami answers with each awkward user")
    func awkwardContexts() async throws {
        var tokens: [String: UserInfo] = [:]
        for user in Self.users { tokens[user.token] = UserInfo(username: user.name, groups: ["awkward"]) }
        let running = try await RunningEmulator.start(
            api: APIServer(options: .init(authenticator: .init(tokens: tokens))))
        let directory = try ChildProcess.scratchDirectory("kubeconfig")
        do {
            let path = directory.appendingPathComponent("kubeconfig").path
            try running.kubeconfig(
                users: Self.users.map { .init(name: $0.name, token: $0.token) }, currentContext: "a: b"
            ).write(to: path)
            for user in Self.users {
                let whoami = try await KubectlProcess.run(
                    [
                        "--kubeconfig", path, "--context", user.name, "auth", "whoami", "-o",
                        "jsonpath={.status.userInfo.username}",
                    ], stdin: nil, timeout: 30, scratch: directory)
                #expect(whoami.status == 0 && whoami.stdout == user.name, "\(user.name): \(whoami)")
            }
            let current = try await KubectlProcess.run(
                ["--kubeconfig", path, "config", "current-context"], stdin: nil, timeout: 30, scratch: directory)
            #expect(current.stdout == "a: b\n", "\(current)")
        } catch {
            Issue.record(error)
        }
        await running.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
