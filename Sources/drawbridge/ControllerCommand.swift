import ArgumentParser
import DrawbridgeAPI
import DrawbridgeControllers
import Foundation
import KubeClient
import Logging
import ServiceLifecycle

/// `drawbridge controller`: the operator itself, against a cluster (kubeconfig or in-cluster).
struct ControllerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "controller",
        abstract: "Run the Drawbridge controller and its admission webhook against a cluster.",
        discussion: """
            Uses --kubeconfig, else $KUBECONFIG, else the pod's ServiceAccount when running in a cluster, \
            else ~/.kube/config. Stops cleanly on SIGTERM or Ctrl-C.
            """)

    @Option(help: "Path to a kubeconfig (default: $KUBECONFIG, in-cluster config, ~/.kube/config).")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to use instead of current-context.")
    var context: String?

    @Option(help: "The username the controller authenticates as; its status writes bypass review stamping.")
    var controllerUsername: String = "system:serviceaccount:drawbridge-system:drawbridge-controller"

    @OptionGroup var options: ControllerOptions
    @OptionGroup var leaderElection: LeaderElectionOptions
    @OptionGroup var webhook: WebhookOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var operations: OperationsOptions

    func run() async throws {
        let logger = logging.bootstrap(label: "drawbridge")
        let configuration: ClientConfiguration
        do {
            configuration = try ClientConfiguration.load(kubeconfigPath: kubeconfig, context: context)
        } catch {
            throw CLIError("\(error)")
        }
        let transport: HTTPTransport
        do {
            transport = try configuration.makeTransport()
        } catch {
            throw CLIError("\(error)")
        }
        do {
            try await serve(
                client: KubeClient(
                    transport: transport, rateLimiter: options.rateLimiter(),
                    observer: operations.metrics.apiRequestObserver),
                configuration: configuration, logger: logger)
        } catch {
            try? await transport.shutdown()
            throw error
        }
        try? await transport.shutdown()
    }

    /// Everything after the client exists; the caller shuts the transport down however this ends.
    func serve(client: KubeClient, configuration: ClientConfiguration, logger: Logger) async throws {
        let audit = try options.auditSink()
        // Local checks before the first API call, so a missing certificate is reported as such.
        let certificates = options.webhookPort == 0 ? nil : try webhook.certificateSource(logger: logger)
        let clientCA = options.webhookPort == 0 ? nil : try webhook.clientCertificateAuthority(logger: logger)
        logger.info("drawbridge controller \(Drawbridge.release) using \(configuration)")
        let signer = try await options.loadSigner(client: client, logger: logger)
        let controller = options.makeController(
            client: client, audit: audit, signer: signer, leaderElection: try leaderElection.configuration(),
            logger: logger, metrics: operations.metrics)
        var services: [any Service] = [AccessRequestControllerService(controller: controller)]
        if let certificates {
            services.append(
                try await webhook.makeServer(
                    certificates, clientCA: clientCA, port: options.webhookPort,
                    admission: AccessRequestAdmission(
                        controllerUsername: controllerUsername, policies: controller.policyLookup, signer: signer),
                    client: client, logger: logger, observer: operations.metrics.webhookObserver))
        }
        services.append(contentsOf: try operations.servers(isReady: { controller.isReady }, logger: logger))
        try await ServiceRunner.run(services, logger: logger)
    }
}
