import ArgumentParser
import DrawbridgeControllers
import Foundation
import KubeClient
import Logging

/// Where `drawbridge controller` gets the webhook's serving certificate: a mounted Secret directory
/// (cert-manager), re-read when rotated, or a self-signed one whose CA it writes into the webhook
/// configurations itself, for clusters without cert-manager.
struct WebhookOptions: ParsableArguments {
    static let defaultCertDir = "/tmp/k8s-webhook-server/serving-certs"

    @Option(
        help: ArgumentHelp(
            "Folder holding tls.crt and tls.key for the webhook, as cert-manager writes them; re-read when they change (default: \(Self.defaultCertDir)).",
            valueName: "dir"))
    var webhookCertDir: String?

    @Flag(
        help: """
            Generate a CA and serving certificate at start instead of reading --webhook-cert-dir, and write \
            the CA into the caBundle of the drawbridge Mutating- and ValidatingWebhookConfigurations (one replica only).
            """)
    var webhookSelfSigned = false

    @Option(
        name: .customLong("webhook-client-ca"),
        help: ArgumentHelp(
            "PEM file of the CA that signs the client certificate the API server presents to the webhook; when set, callers without a certificate it verifies are refused (re-read when it changes).",
            valueName: "path"))
    var webhookClientCA: String?

    @Option(help: "The webhook's Service, named in the self-signed certificate.")
    var webhookServiceName = "drawbridge-webhook"

    @Option(
        help:
            "The namespace of the webhook's Service, named in the self-signed certificate (default: the pod's namespace)."
    )
    var webhookServiceNamespace: String?

    /// A CLIError rather than a ValidationError: one line, without the usage text.
    func validate() throws {
        if webhookSelfSigned, let webhookCertDir {
            throw CLIError(
                "--webhook-self-signed and --webhook-cert-dir \(webhookCertDir) cannot be used together; pick one")
        }
    }

    /// The DNS names the API server may use for the Service (it dials `<service>.<namespace>.svc`),
    /// the Service being in `--webhook-service-namespace`, else in `namespace`.
    func serviceHosts(namespace: String) -> [String] {
        let service = webhookServiceName, namespace = webhookServiceNamespace ?? namespace
        return [
            "\(service).\(namespace).svc", "\(service).\(namespace).svc.cluster.local", service,
            "\(service).\(namespace)",
        ]
    }

    /// Where the serving certificate comes from, decided before any API call so that a missing or
    /// broken certificate directory is reported as such.
    enum CertificateSource {
        case directory(CertificateReloader)
        case selfSigned(WebhookCertificates)
    }

    /// Reads the certificate directory (or generates a self-signed certificate for the Service in
    /// `namespace`, unless `--webhook-service-namespace` says otherwise). Errors are one line.
    func certificateSource(namespace: String, logger: Logger) throws -> CertificateSource {
        if webhookSelfSigned {
            let hosts = serviceHosts(namespace: namespace)
            logger.info("self-signed webhook certificate for \(hosts.joined(separator: ", "))")
            return .selfSigned(try WebhookCertificates.selfSigned(hosts: hosts))
        }
        do {
            return .directory(
                try CertificateReloader(
                    directory: URL(fileURLWithPath: webhookCertDir ?? Self.defaultCertDir), logger: logger))
        } catch {
            throw CLIError(
                "\(error); pass --webhook-cert-dir or --webhook-self-signed, or --webhook-port 0 to run without the webhook"
            )
        }
    }

    /// The CA of `--webhook-client-ca`, read now (nil without the flag). Errors are one line.
    func clientCertificateAuthority(logger: Logger) throws -> ClientCertificateAuthority? {
        guard let webhookClientCA else { return nil }
        do {
            return try ClientCertificateAuthority(file: URL(fileURLWithPath: webhookClientCA), logger: logger)
        } catch {
            throw CLIError("--webhook-client-ca: \(error)")
        }
    }

    /// The webhook server on `port` presenting `source`'s certificate (hot reloaded from the
    /// directory), or the self-signed one after writing its CA through `client`; requiring client
    /// certificates signed by `clientCA` when given.
    func makeServer(
        _ source: CertificateSource, clientCA: ClientCertificateAuthority?, port: Int,
        admission: AccessRequestAdmission, client: KubeClient, logger: Logger, observer: WebhookServer.Observer? = nil
    ) async throws -> WebhookServer {
        switch source {
        case .directory(let reloader):
            return WebhookServer(
                host: "0.0.0.0", port: port, reloading: reloader, clientCA: clientCA, admission: admission,
                accessReviews: AccessReviewClient(client: client), logger: logger, observer: observer)
        case .selfSigned(let certificates):
            do {
                try await CABundleInjector(client: client, logger: logger).inject(caPEM: certificates.caPEM)
            } catch {
                throw CLIError("could not write the webhook CA bundle: \(error)")
            }
            return try WebhookServer(
                host: "0.0.0.0", port: port, certificates: certificates, clientCA: clientCA, admission: admission,
                accessReviews: AccessReviewClient(client: client), logger: logger, observer: observer)
        }
    }
}
