import Foundation
import NIOSSL

/// The webhook's serving certificate chain and private key, parsed and checked to belong together,
/// so that a bad pair is refused when it is read rather than failing every TLS handshake later.
/// Keeps the PEM bytes it came from, which is how `CertificateReloader` tells that files changed.
public struct ServingCertificate: Sendable {
    /// The file names cert-manager (and kubernetes.io/tls Secrets) use.
    public static let certificateFile = "tls.crt"
    public static let privateKeyFile = "tls.key"

    /// The serving certificate first, then any intermediates.
    public let chain: [NIOSSLCertificate]
    public let privateKey: NIOSSLPrivateKey
    let certificatePEM: [UInt8]
    let privateKeyPEM: [UInt8]

    /// Parses `certificatePEM` (the serving certificate, optionally followed by intermediates) and
    /// `privateKeyPEM`; throws a one-line `WebhookServerError` when either does not parse or the key
    /// is not the certificate's.
    public init(certificatePEM: some Collection<UInt8>, privateKeyPEM: some Collection<UInt8>) throws {
        self.certificatePEM = Array(certificatePEM)
        self.privateKeyPEM = Array(privateKeyPEM)
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(self.certificatePEM)
        } catch {
            throw WebhookServerError("the webhook certificate is not a valid PEM certificate chain (\(error))")
        }
        guard !chain.isEmpty else { throw WebhookServerError("the webhook certificate PEM holds no certificate") }
        do {
            privateKey = try NIOSSLPrivateKey(bytes: self.privateKeyPEM, format: .pem)
        } catch {
            throw WebhookServerError("the webhook private key is not a valid PEM private key (\(error))")
        }
        // BoringSSL refuses a key that does not match the leaf certificate when it is loaded into a
        // context: the same check every handshake would make, done once here.
        do {
            _ = try NIOSSLContext(configuration: serverConfiguration())
        } catch {
            throw WebhookServerError("the webhook private key does not belong to the certificate (\(error))")
        }
    }

    /// Reads and parses `tls.crt` and `tls.key` in `directory`.
    public static func load(from directory: URL) throws -> ServingCertificate {
        let certificate = try? Data(contentsOf: directory.appendingPathComponent(certificateFile))
        let key = try? Data(contentsOf: directory.appendingPathComponent(privateKeyFile))
        guard let certificate, let key else { throw missingFiles(in: directory) }
        do {
            return try ServingCertificate(certificatePEM: certificate, privateKeyPEM: key)
        } catch let error as WebhookServerError {
            throw WebhookServerError("\(directory.path): \(error.description)")
        }
    }

    /// The error for a directory without both files (or with one unreadable).
    static func missingFiles(in directory: URL) -> WebhookServerError {
        WebhookServerError("no webhook certificate in \(directory.path) (\(certificateFile), \(privateKeyFile))")
    }

    /// Whether `self` was parsed from exactly these bytes.
    func isParsed(fromCertificate certificate: some Collection<UInt8>, key: some Collection<UInt8>) -> Bool {
        certificatePEM.elementsEqual(certificate) && privateKeyPEM.elementsEqual(key)
    }

    /// A server TLS configuration presenting this certificate.
    func serverConfiguration() -> TLSConfiguration {
        TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
    }

    /// The per-handshake override that presents this certificate instead of the context's.
    var override: NIOSSLContextConfigurationOverride {
        var override = NIOSSLContextConfigurationOverride()
        override.certificateChain = chain.map { .certificate($0) }
        override.privateKey = .privateKey(privateKey)
        return override
    }
}
