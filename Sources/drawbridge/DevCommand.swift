import APIServerEmulator
import ArgumentParser
import DrawbridgeAPI
import DrawbridgeControllers
import EmulatorServer
import Foundation
import KubeClient
import Logging
import ServiceLifecycle

/// `drawbridge dev`: everything in one process — the API server emulator with the CRDs, RBAC, demo
/// users and example policies, the admission webhook over HTTPS (registered exactly as in a
/// cluster, and answering only the API server, which presents a client certificate), and the
/// controller — so anyone can watch access appear and disappear with kubectl.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run Drawbridge against an embedded API server, with demo users and example policies.",
        discussion: """
            Users: admin (system:masters), alice (developers), bob and carol (sre). State lives in memory; \
            Ctrl-C stops everything.
            """)

    @Option(help: "host:port the API server listens on.")
    var listen: String = "127.0.0.1:6443"

    @Option(help: "Where to write the kubeconfig (contexts admin, alice, bob, carol).")
    var kubeconfig: String = "./drawbridge-dev.kubeconfig"

    @Option(help: "Folder holding crds/, config/ and examples/ (default: found from the working directory).")
    var manifests: String?

    @Option(
        help:
            "More users, in kube-apiserver --token-auth-file CSV format (token,user,uid,\"group1,group2\"); each gets a kubeconfig context."
    )
    var tokenFile: String?

    @Option(
        help: ArgumentHelp(
            "Also send the example policy's notifications to this URL, through the example webhook channel of examples/notifications (signed CloudEvents).",
            valueName: "url"))
    var notifyURL: String?

    @OptionGroup var options: ControllerOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var operations: OperationsOptions
    @OptionGroup var notifications: NotificationOptions

    func validate() throws {
        if let notifyURL, !(notifyURL.hasPrefix("http://") || notifyURL.hasPrefix("https://")) {
            throw ValidationError("--notify-url must be an http:// or https:// URL, got \"\(notifyURL)\"")
        }
    }

    static let controllerUsername = "system:serviceaccount:drawbridge-system:drawbridge-controller"

    func run() async throws {
        let logger = logging.bootstrap(label: "drawbridge")
        let root = try ManifestDirectory.locate(explicit: manifests)
        let (host, port) = try ListenAddress.parse(listen)
        let audit = try options.auditSink(metrics: operations.metrics)

        // Identities: the demo users, plus the controller's ServiceAccount token.
        let suffix = String(UUID().uuidString.lowercased().prefix(12))
        var authenticator = Authenticator.demo(tokenSuffix: suffix)
        let controllerToken = "drawbridge-controller-\(suffix)"
        authenticator.tokens[controllerToken] = UserInfo(
            username: Self.controllerUsername, uid: "uid-drawbridge-controller",
            groups: ["system:serviceaccounts", "system:serviceaccounts:drawbridge-system"])
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw CLIError("\(tokenFile): cannot read the token file")
            }
            do {
                authenticator.tokens.merge(try Authenticator.parse(tokenFile: text).tokens) { _, added in added }
            } catch {
                throw CLIError("\(tokenFile): \(error)")
            }
        }
        try checkPorts()

        // Each resource is released however the command ends, in the reverse order it was opened:
        // the services stop first, then the API server (closing kubectl's watches), then the clients.
        // The API server authenticates to the webhook with a client certificate, and the webhook accepts
        // no other caller: what --webhook-client-ca and an admission configuration do in a cluster.
        let apiServerIdentity = try WebhookCertificates.selfSignedClient(name: "kube-apiserver")
        let webhookCaller = HTTPAdmissionWebhookCaller(
            serviceResolver: WebhookServiceMap().resolver,
            clientIdentity: try WebhookClientIdentity(
                certificatePEM: apiServerIdentity.certificatePEM, privateKeyPEM: apiServerIdentity.privateKeyPEM))
        try await using(webhookCaller, close: { try? await $0.shutdown() }) { webhookCaller in
            let api = APIServer(
                options: .init(authenticator: authenticator, serverAddress: listen, webhookCaller: webhookCaller))
            let running = try await EmulatorCommand.listen(api: api, host: host, port: port, tls: true, text: listen)
            try await using(running, close: { await $0.stop() }) { running in
                let terminal = notifications.notifications ? try await DevTerminalChannel.start() : nil
                try await using(terminal, close: { await $0?.stop() }) { terminal in
                    try await serve(
                        running: running, api: api, terminal: terminal, suffix: suffix, root: root,
                        authenticator: authenticator, controllerToken: controllerToken, audit: audit,
                        apiServerCAPEM: apiServerIdentity.caPEM, logger: logger)
                }
            }
        }
    }

    /// Seeds the embedded cluster, writes the kubeconfig, and serves until Ctrl-C.
    func serve(
        running: RunningEmulator, api: APIServer, terminal: DevTerminalChannel?, suffix: String, root: URL,
        authenticator: Authenticator, controllerToken: String, audit: any AuditSink, apiServerCAPEM: String,
        logger: Logger
    ) async throws {
        let admin = KubeClient(transport: InProcessTransport(api: api, token: "admin-\(suffix)"))
        let channels = terminal.map {
            DevNotifications(terminalURL: $0.url, terminalKey: $0.key, notifyURL: notifyURL)
        }
        do {
            try await DevSeed(root: root, admin: admin, notifications: channels).apply()
        } catch {
            throw CLIError("setting up the embedded cluster: \(error)")
        }
        let users = authenticator.tokens.filter { !$0.value.username.hasPrefix("system:") }
            .map { Kubeconfig.User(name: $0.value.username, token: $0.key) }.sorted { $0.name < $1.name }
        try running.kubeconfig(users: users, currentContext: "admin").write(to: kubeconfig)
        // The controller talks to the API server over HTTPS like any client.
        let transport = try ClientConfiguration(
            server: running.url,
            tls: ClientTLS(certificateAuthorityPEM: Array((running.certificates?.caPEM ?? "").utf8)),
            authentication: .bearerToken(controllerToken), namespace: "default", source: "drawbridge dev"
        ).makeTransport()
        try await using(transport, close: { try? await $0.shutdown() }) { transport in
            try await using(HTTPNotificationSender(), close: { try? await $0.shutdown() }) { sender in
                try await serve(
                    running: running, admin: admin, transport: transport, audit: audit, users: users,
                    sender: terminal == nil ? nil : sender, apiServerCAPEM: apiServerCAPEM, logger: logger)
            }
        }
    }

    /// Taken ports are reported before anything starts (see PortCheck).
    func checkPorts() throws {
        if options.webhookPort != 0, !PortCheck.canListen(host: "127.0.0.1", port: options.webhookPort) {
            throw CLIError(
                "the admission webhook could not listen on 127.0.0.1:\(options.webhookPort) (in use?); pass another --webhook-port"
            )
        }
        for (flag, text) in operations.requested(.loopback) {
            if let address = try operations.address(flag, text),
                !PortCheck.canListen(host: address.host, port: address.port)
            {
                throw CLIError("cannot listen on \(address) (in use?); pass another \(flag), or 0 to turn it off")
            }
        }
    }

    /// The controller, the webhook and the probe and metrics servers, until Ctrl-C.
    func serve(
        running: RunningEmulator, admin: KubeClient, transport: HTTPTransport, audit: any AuditSink,
        users: [Kubeconfig.User], sender: (any NotificationSender)?, apiServerCAPEM: String,
        logger: Logger
    ) async throws {
        let client = KubeClient(
            transport: transport, rateLimiter: options.rateLimiter(),
            observer: operations.metrics.apiRequestObserver(host: DrawbridgeMetrics.host(of: running.url)))
        let signingKeys = try await options.loadSigningKeys(
            client: client, namespace: InstallNamespace.fallback, logger: logger)
        let signer = signingKeys.signer
        let controller = options.makeController(
            client: client, audit: audit, signer: signer, logger: logger, metrics: operations.metrics,
            notifications: try notifications.settings(namespace: InstallNamespace.fallback, sender: sender))
        var services: [any Service] = [AccessRequestControllerService(controller: controller)]
        // The webhook, over HTTPS with its own CA, as the API server of a cluster would call it.
        var webhook: DevAnnouncement.Webhook?
        if options.webhookPort != 0 {
            let certificates = try WebhookCertificates.selfSigned(hosts: ["127.0.0.1", "localhost"])
            let server = try WebhookServer(
                host: "127.0.0.1", port: options.webhookPort, certificates: certificates,
                clientCA: try ClientCertificateAuthority(pem: Array(apiServerCAPEM.utf8), logger: logger),
                admission: AccessRequestAdmission(
                    controllerUsername: Self.controllerUsername, policies: controller.policyLookup, signer: signer),
                accessReviews: AccessReviewClient(client: client), logger: logger,
                observer: operations.metrics.webhookObserver)
            services.append(server)
            webhook = .init(server: server, certificates: certificates, port: options.webhookPort)
        }
        services.append(signingKeys)
        let operationsServers = try operations.servers(.loopback, isReady: { controller.isReady }, logger: logger)
        services.append(contentsOf: operationsServers)
        let (url, path, contexts, auditLog) = (running.url, kubeconfig, users.map(\.name), options.auditLog)
        let hasWebhook = webhook != nil
        let notifying = Self.notificationsLine(on: sender != nil, notifyURL: notifyURL)
        let banner: @Sendable ([String]) -> String = { endpoints in
            Self.banner(
                url: url, kubeconfig: path, contexts: contexts, webhook: hasWebhook, audit: auditLog,
                endpoints: endpoints + [notifying].compactMap { $0 })
        }
        let announcement = DevAnnouncement(
            admin: admin, webhook: webhook, operationsServers: operationsServers, banner: banner)
        try await ServiceRunner.run(services, steps: [announcement], logger: logger)
    }

    /// The banner's line about notifications; nil when they are off.
    static func notificationsLine(on: Bool, notifyURL: String?) -> String? {
        guard on else { return nil }
        let also = notifyURL.map { ", and to \($0) through NotificationChannel local-webhook" } ?? ""
        return "notifications: the example policies notify NotificationChannel dev-terminal, printed here\(also)"
    }

    static func banner(
        url: String, kubeconfig: String, contexts: [String], webhook: Bool, audit: String?, endpoints: [String] = []
    ) -> String {
        """
        Drawbridge dev: API server \(url), \(webhook ? "webhooks and controller running" : "controller running WITHOUT the admission webhooks (--webhook-port 0): every request will be rejected as unverified").
        kubeconfig: \(kubeconfig) (contexts: \(contexts.joined(separator: ", ")))\(audit.map { "\naudit log: \($0)" } ?? "")\(endpoints.map { "\n\($0)" }.joined())

        \(DevTryText.render(kubeconfig: kubeconfig, plugin: DevTryText.pluginOnPath()))

        Press Ctrl-C to stop.
        """
    }
}
