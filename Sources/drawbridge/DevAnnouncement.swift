import DrawbridgeControllers
import Foundation
import KubeClient
import ServiceLifecycle

/// `drawbridge dev`'s last start-up step, run once its servers run: registers the webhook
/// configurations at the port the webhook bound, then prints the banner with the probe and metrics
/// URLs. A server that could not listen fails this step with one line naming the flag to change.
struct DevAnnouncement: Service {
    /// The webhook server and the CA its configurations must carry.
    struct Webhook {
        let server: WebhookServer
        let certificates: WebhookCertificates
        let port: Int
    }

    let admin: KubeClient
    let webhook: Webhook?
    let operationsServers: [OperationsServer]
    let banner: @Sendable ([String]) -> String

    func run() async throws {
        let endpoints = try await OperationsOptions.endpoints(of: operationsServers)
        if let webhook {
            guard let bound = await webhook.server.boundPort() else {
                throw CLIError("the admission webhook could not listen on 127.0.0.1:\(webhook.port)")
            }
            for configuration in WebhookServer.webhookConfigurations(
                baseURL: "https://127.0.0.1:\(bound)", caBundlePEM: webhook.certificates.caPEM)
            {
                try await admin.createOrReplace(configuration)
            }
        }
        // Written unbuffered so it shows at once even when stdout is a pipe or a file.
        FileHandle.standardOutput.write(Data((banner(endpoints) + "\n").utf8))
    }
}
