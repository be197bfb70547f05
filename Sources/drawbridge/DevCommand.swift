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

    @OptionGroup var options: ControllerOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var operations: OperationsOptions

    static let controllerUsername = "system:serviceaccount:drawbridge-system:drawbridge-controller"

    func run() async throws {
        let logger = logging.bootstrap(label: "drawbridge")
        let root = try ManifestDirectory.locate(explicit: manifests)
        let (host, port) = try ListenAddress.parse(listen)
        let audit = try options.auditSink()

        // Identities: the demo users, plus the controller's ServiceAccount token.
        let suffix = String(UUID().uuidString.lowercased().prefix(12))
        var authenticator = Authenticator.demo(tokenSuffix: suffix)
        let controllerToken = "drawbridge-controller-\(suffix)"
        authenticator.tokens[controllerToken] = UserInfo(
            username: Self.controllerUsername, uid: "uid-drawbridge-controller",
            groups: ["system:serviceaccounts", "system:serviceaccounts:drawbridge-system"])
        let adminToken = "admin-\(suffix)"
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

        // Taken ports are reported before anything starts (see PortCheck).
        if options.webhookPort != 0, !PortCheck.canListen(host: "127.0.0.1", port: options.webhookPort) {
            throw CLIError(
                "the admission webhook could not listen on 127.0.0.1:\(options.webhookPort) (in use?); pass another --webhook-port"
            )
        }
        for (flag, text) in [
            ("--metrics-bind-address", operations.metricsBindAddress),
            ("--health-probe-bind-address", operations.healthProbeBindAddress),
        ] {
            if let address = try operations.address(flag, text),
                !PortCheck.canListen(host: address.host, port: address.port)
            {
                throw CLIError("cannot listen on \(address) (in use?); pass another \(flag), or 0 to turn it off")
            }
        }
        // The API server authenticates to the webhook with a client certificate, and the webhook accepts
        // no other caller: what --webhook-client-ca and an admission configuration do in a cluster.
        let apiServerIdentity = try WebhookCertificates.selfSignedClient(name: "kube-apiserver")
        let webhookCaller = HTTPAdmissionWebhookCaller(
            serviceResolver: WebhookServiceMap().resolver,
            clientIdentity: try WebhookClientIdentity(
                certificatePEM: apiServerIdentity.certificatePEM, privateKeyPEM: apiServerIdentity.privateKeyPEM))
        let api = APIServer(
            options: .init(authenticator: authenticator, serverAddress: listen, webhookCaller: webhookCaller))
        let running: RunningEmulator
        do {
            running = try await RunningEmulator.start(api: api, host: host, port: port, tls: true)
        } catch {
            try? await webhookCaller.shutdown()
            throw CLIError("cannot listen on \(listen): \(error)")
        }

        // Seed the cluster as its admin would.
        let admin = KubeClient(transport: InProcessTransport(api: api, token: adminToken))
        do {
            try await DevSeed(root: root, admin: admin).apply()
        } catch {
            await running.stop()
            try? await webhookCaller.shutdown()
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
        let client = KubeClient(
            transport: transport, rateLimiter: options.rateLimiter(), observer: operations.metrics.apiRequestObserver)
        let signer = try await options.loadSigner(client: client, logger: logger)
        let controller = options.makeController(
            client: client, audit: audit, signer: signer, logger: logger, metrics: operations.metrics)

        // The webhook, over HTTPS with its own CA, as the API server of a cluster would call it.
        var webhook: (server: WebhookServer, certificates: WebhookCertificates)?
        if options.webhookPort != 0 {
            let certificates = try WebhookCertificates.selfSigned(hosts: ["127.0.0.1", "localhost"])
            let server = try WebhookServer(
                host: "127.0.0.1", port: options.webhookPort, certificates: certificates,
                clientCA: try ClientCertificateAuthority(pem: Array(apiServerIdentity.caPEM.utf8), logger: logger),
                admission: AccessRequestAdmission(
                    controllerUsername: Self.controllerUsername, policies: controller.policyLookup, signer: signer),
                logger: logger, observer: operations.metrics.webhookObserver)
            webhook = (server, certificates)
        }

        var services: [any Service] = [
            EmulatorService(emulator: running), AccessRequestControllerService(controller: controller),
        ]
        if let webhook { services.append(webhook.server) }
        let operationsServers = try operations.servers(isReady: { controller.isReady }, logger: logger)
        services.append(contentsOf: operationsServers)
        let group = Task { try await ServiceRunner.run(services, logger: logger) }
        let endpoints: [String]
        do {
            endpoints = try await OperationsOptions.endpoints(of: operationsServers)
        } catch {
            // The server that could not listen failed its service, so the group is already shutting
            // down gracefully; cancelling it instead would drop open watch streams unfinished.
            _ = await group.result
            try? await transport.shutdown()
            try? await webhookCaller.shutdown()
            throw error
        }

        if let webhook {
            guard let bound = await webhook.server.boundPort() else {
                _ = await group.result  // shutting down gracefully already (see above)
                try? await transport.shutdown()
                try? await webhookCaller.shutdown()
                throw CLIError("the admission webhook could not listen on 127.0.0.1:\(options.webhookPort)")
            }
            for configuration in WebhookServer.webhookConfigurations(
                baseURL: "https://127.0.0.1:\(bound)", caBundlePEM: webhook.certificates.caPEM)
            {
                try await admin.createOrReplace(configuration)
            }
        }
        // Written unbuffered so it shows at once even when stdout is a pipe or a file.
        FileHandle.standardOutput.write(
            Data(
                (Self.banner(
                    url: running.url, kubeconfig: kubeconfig, contexts: users.map(\.name), webhook: webhook != nil,
                    audit: options.auditLog, endpoints: endpoints) + "\n").utf8))
        let result = await group.result
        try? await transport.shutdown()
        try? await webhookCaller.shutdown()
        try result.get()
    }

    static func banner(
        url: String, kubeconfig: String, contexts: [String], webhook: Bool, audit: String?, endpoints: [String] = []
    ) -> String {
        """
        Drawbridge dev: API server \(url), \(webhook ? "webhooks and controller running" : "controller running WITHOUT the admission webhooks (--webhook-port 0): every request will be rejected as unverified").
        kubeconfig: \(kubeconfig) (contexts: \(contexts.joined(separator: ", ")))\(audit.map { "\naudit log: \($0)" } ?? "")\(endpoints.map { "\n\($0)" }.joined())

        Try, in another terminal:
          export KUBECONFIG=\(kubeconfig)
          kubectl --context alice apply -f examples/requests/alice-edit-demo.yaml
          kubectl get accessrequests -n demo
          kubectl --context bob patch accessrequest alice-edit-demo -n demo --subresource=status --type=merge \\
            -p '{"status":{"review":{"decision":"Approve","comment":"ok"}}}'
          kubectl --context alice auth can-i update deployments -n demo
          kubectl describe accessrequest alice-edit-demo -n demo

        Press Ctrl-C to stop.
        """
    }
}

/// The emulator as a service: serves until the group shuts down, then stops listening.
struct EmulatorService: Service {
    let emulator: RunningEmulator

    func run() async throws {
        try? await gracefulShutdown()
        await emulator.stop()
    }
}
