import APIServerEmulator
import ArgumentParser
import EmulatorServer
import Foundation
import Logging

/// `drawbridge emulator`: the in-memory Kubernetes API server on its own, for trying kubectl, client
/// libraries and operators without a cluster.
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Run the in-memory Kubernetes API server (no cluster needed).",
        discussion: """
            Writes a kubeconfig with one context per user (admin, alice, bob, carol by default) and serves \
            until interrupted. State lives in memory only.
            """)

    @Option(help: "host:port to listen on (port 0 picks a free port).")
    var listen: String = "127.0.0.1:6443"

    @Option(help: "Where to write the kubeconfig.")
    var kubeconfig: String = "./drawbridge-emulator.kubeconfig"

    @Option(help: "Users in kube-apiserver --token-auth-file CSV format: token,user,uid,\"group1,group2\".")
    var tokenFile: String?

    @Flag(help: "Serve plain HTTP instead of HTTPS (tests only).")
    var insecureHTTP = false

    @Option(
        help: ArgumentHelp(
            "Send admission webhooks registered by Service to a local address (repeatable).",
            valueName: "namespace/name=https://host:port"))
    var webhookService: [String] = []

    func run() async throws {
        let (host, port) = try ListenAddress.parse(listen)
        let (authenticator, users) = try loadUsers()
        let services: WebhookServiceMap
        do {
            services = try WebhookServiceMap.parse(webhookService)
        } catch {
            throw ValidationError("\(error)")
        }
        // Webhooks registered through kubectl (Mutating/ValidatingWebhookConfiguration) are called over HTTPS.
        let webhooks = HTTPAdmissionWebhookCaller(serviceResolver: services.resolver)
        try await using(webhooks, close: { try? await $0.shutdown() }) { webhooks in
            let api = APIServer(
                options: .init(authenticator: authenticator, serverAddress: listen, webhookCaller: webhooks))
            let running = try await Self.listen(api: api, host: host, port: port, tls: !insecureHTTP, text: listen)
            try await using(running, close: { await $0.stop() }) { running in
                let current = users.first { $0.name == "admin" }?.name ?? users.first?.name ?? "admin"
                try running.kubeconfig(users: users, currentContext: current).write(to: kubeconfig)
                // Written straight to the file descriptor: print() buffers a redirected stdout until exit,
                // and whoever reads it (a log file, `tee`) needs the kubeconfig path now.
                FileHandle.standardOutput.write(
                    Data(
                        """
                        Kubernetes API server emulator listening on \(running.url)
                        kubeconfig: \(kubeconfig) (contexts: \(users.map(\.name).joined(separator: ", ")))

                          export KUBECONFIG=\(kubeconfig)
                          kubectl get namespaces
                          kubectl --context alice auth can-i get secrets -n default

                        Press Ctrl-C to stop.

                        """.utf8))
                // Until SIGINT/SIGTERM: then open watches end and the process exits.
                try await ServiceRunner.run(
                    [EmulatorService(emulator: running)], logger: Logger(label: "drawbridge.emulator"))
            }
        }
    }

    /// Starts serving `api`, or says in one line why it cannot.
    static func listen(api: APIServer, host: String, port: Int, tls: Bool, text: String) async throws
        -> RunningEmulator
    {
        do {
            return try await RunningEmulator.start(api: api, host: host, port: port, tls: tls)
        } catch {
            throw CLIError("cannot listen on \(text): \(error)")
        }
    }

    func loadUsers() throws -> (Authenticator, [Kubeconfig.User]) {
        guard let tokenFile else {
            let suffix = String(UUID().uuidString.lowercased().prefix(12))
            let authenticator = Authenticator.demo(tokenSuffix: suffix)
            let users = authenticator.tokens.map { Kubeconfig.User(name: $0.value.username, token: $0.key) }
            return (authenticator, users.sorted { $0.name < $1.name })
        }
        guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
            throw CLIError("\(tokenFile): cannot read the token file")
        }
        let authenticator: Authenticator
        do {
            authenticator = try Authenticator.parse(tokenFile: text)
        } catch {
            throw CLIError("\(tokenFile): \(error)")
        }
        let users = authenticator.tokens.map { Kubeconfig.User(name: $0.value.username, token: $0.key) }
        return (authenticator, users.sorted { $0.name < $1.name })
    }
}

/// Parses `--listen host:port`.
enum ListenAddress {
    static func parse(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { throw ValidationError("--listen \(text): expected host:port, e.g. 127.0.0.1:6443") }
        let host = String(text[..<colon])
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }
}

/// A failure worth one line on stderr and a non-zero exit, never a stack trace.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
