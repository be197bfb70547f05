import APIServerEmulator
import EmulatorServer
import Foundation
import Testing

/// One emulator on a free HTTPS port plus a kubeconfig and a private kubectl cache, so each test talks
/// to its own cluster through the real kubectl.
final class KubectlHarness: Sendable {
    let emulator: RunningEmulator
    let directory: URL
    let kubeconfigPath: String
    /// Calls admission webhooks over HTTPS when the harness was started with `webhooks: true`.
    let webhookCaller: HTTPAdmissionWebhookCaller?

    /// The output of one command.
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
    }

    /// Whether a kubectl binary is on PATH (the end-to-end tests need one).
    static let kubectlPath: String? = {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(directory)/kubectl"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    private init(emulator: RunningEmulator, directory: URL, webhookCaller: HTTPAdmissionWebhookCaller?) throws {
        self.emulator = emulator
        self.directory = directory
        self.webhookCaller = webhookCaller
        self.kubeconfigPath = directory.appendingPathComponent("kubeconfig").path
        let users = emulator.api.options.authenticator.tokens.map {
            Kubeconfig.User(name: $0.value.username, token: $0.key)
        }
        try emulator.kubeconfig(users: users.sorted { $0.name < $1.name }, currentContext: "admin").write(
            to: kubeconfigPath)
    }

    /// Starts an emulator; with `webhooks`, admission webhooks registered through kubectl are called
    /// over HTTPS, as `drawbridge emulator` does.
    static func start(webhooks: Bool = false) async throws -> KubectlHarness {
        let suffix = String(UUID().uuidString.prefix(8)).lowercased()
        return try await start(authenticator: .demo(tokenSuffix: suffix), webhookCaller: webhooks ? .init() : nil)
    }

    /// Starts an emulator for `authenticator`'s users (one kubeconfig context each, named after the
    /// user), calling admission webhooks through `webhookCaller` (shut down by `stop()`).
    static func start(
        authenticator: Authenticator, webhookCaller caller: HTTPAdmissionWebhookCaller?
    ) async throws -> KubectlHarness {
        let suffix = String(UUID().uuidString.prefix(8)).lowercased()
        let api = APIServer(options: .init(authenticator: authenticator, webhookCaller: caller))
        let emulator: RunningEmulator
        do {
            emulator = try await RunningEmulator.start(api: api)
        } catch {
            try? await caller?.shutdown()
            throw error
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("drawbridge-e2e-\(suffix)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try KubectlHarness(emulator: emulator, directory: directory, webhookCaller: caller)
    }

    func stop() async {
        await emulator.stop()
        try? await webhookCaller?.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `kubectl ARGS` as `user` (a kubeconfig context), optionally with `stdin`, waiting at most
    /// `timeout` seconds. Never blocks a Swift concurrency thread while waiting.
    func kubectl(_ arguments: [String], as user: String = "admin", stdin: String? = nil, timeout: Double = 30)
        async throws -> Result
    {
        try await run(
            [
                "--kubeconfig", kubeconfigPath, "--cache-dir", directory.appendingPathComponent("cache").path,
                "--context", user,
            ]
                + arguments, stdin: stdin, timeout: timeout)
    }

    /// `kubectl` with the arguments split on spaces (for readable tests).
    func kubectl(_ line: String, as user: String = "admin", stdin: String? = nil) async throws -> Result {
        try await kubectl(line.split(separator: " ").map(String.init), as: user, stdin: stdin)
    }

    /// Starts kubectl in the background (for `-w` and `wait`); `finish()` collects its output.
    func background(
        _ arguments: [String], as user: String = "admin", timeout: Double,
        until done: (@Sendable (_ stdout: String) -> Bool)? = nil
    ) async throws -> Task<Result, any Error> {
        let full =
            [
                "--kubeconfig", kubeconfigPath, "--cache-dir", directory.appendingPathComponent("cache").path,
                "--context", user,
            ] + arguments
        return Task { try await self.run(full, stdin: nil, timeout: timeout, until: done) }
    }

    private func run(
        _ arguments: [String], stdin: String?, timeout: Double, until done: (@Sendable (String) -> Bool)? = nil
    ) async throws -> Result {
        try await KubectlProcess.run(arguments, stdin: stdin, timeout: timeout, scratch: directory, until: done)
    }

    /// A manifest written to the harness folder, for `-f`.
    func file(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body` against a fresh harness and always stops it.
func withKubectl(webhooks: Bool = false, _ body: (KubectlHarness) async throws -> Void) async throws {
    let harness = try await KubectlHarness.start(webhooks: webhooks)
    try await withHarness(harness, body)
}

/// Runs `body` against a fresh harness for `authenticator`'s users and always stops it.
func withKubectl(
    authenticator: Authenticator, webhookCaller: HTTPAdmissionWebhookCaller?,
    _ body: (KubectlHarness) async throws -> Void
) async throws {
    let harness = try await KubectlHarness.start(authenticator: authenticator, webhookCaller: webhookCaller)
    try await withHarness(harness, body)
}

private func withHarness(_ harness: KubectlHarness, _ body: (KubectlHarness) async throws -> Void) async throws {
    do {
        try await body(harness)
    } catch {
        await harness.stop()
        throw error
    }
    await harness.stop()
}
