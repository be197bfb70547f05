import ArgumentParser
import ControllerRuntime
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

    @Option(
        help: ArgumentHelp(
            "The username the controller authenticates as; its status writes bypass review stamping (default: the drawbridge-controller ServiceAccount of the pod's namespace).",
            valueName: "username"))
    var controllerUsername: String?

    @OptionGroup var options: ControllerOptions
    @OptionGroup var leaderElection: LeaderElectionOptions
    @OptionGroup var webhook: WebhookOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var operations: OperationsOptions
    @OptionGroup var notifications: NotificationOptions

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
        try await using(transport, close: { try? await $0.shutdown() }) { transport in
            try await using(HTTPNotificationSender(), close: { try? await $0.shutdown() }) { sender in
                try await serve(
                    client: KubeClient(
                        transport: transport, rateLimiter: options.rateLimiter(),
                        observer: operations.metrics.apiRequestObserver(
                            host: DrawbridgeMetrics.host(of: configuration.server))),
                    configuration: configuration, sender: sender, logger: logger)
            }
        }
    }

    /// Everything after the clients exist; the caller closes them however this ends.
    func serve(
        client: KubeClient, configuration: ClientConfiguration, sender: any NotificationSender, logger: Logger
    ) async throws {
        let audit = try options.auditSink(metrics: operations.metrics)
        let home = InstallNamespace.detect()
        // Local checks before the first API call, so a missing certificate is reported as such.
        let clientCA = options.webhookPort == 0 ? nil : try webhook.clientCertificateAuthority(logger: logger)
        let certificates =
            options.webhookPort == 0 ? nil : try webhook.certificateSource(namespace: home.name, logger: logger)
        logger.info(
            "drawbridge controller \(Drawbridge.release) using \(configuration); installed in namespace \(home.name) (from \(home.source))"
        )
        let signingKeys = try await options.loadSigningKeys(client: client, namespace: home.name, logger: logger)
        let signer = signingKeys.signer
        let election = try leaderElection.configuration(namespace: home.name)
        let key = options.signingKeyLocation(namespace: home.name)
        logger.info(
            "signing key Secret \(key.namespace)/\(key.name)\(election.map { ", Lease \($0.namespace)/\($0.name)" } ?? "")"
        )
        let controller = options.makeController(
            client: client, audit: audit, signer: signer, leaderElection: election, logger: logger,
            metrics: operations.metrics,
            notifications: try notifications.settings(namespace: home.name, sender: sender))
        var services: [any Service] = [AccessRequestControllerService(controller: controller), signingKeys]
        if let certificates {
            services.append(
                try await webhook.makeServer(
                    certificates, clientCA: clientCA, port: options.webhookPort,
                    admission: AccessRequestAdmission(
                        controllerUsername: controllerUsername ?? home.controllerUsername,
                        policies: controller.policyLookup, signer: signer),
                    client: client, logger: logger, observer: operations.metrics.webhookObserver))
        }
        services.append(contentsOf: try operations.servers(.cluster, isReady: { controller.isReady }, logger: logger))
        try await ServiceRunner.run(services, logger: logger)
    }
}
