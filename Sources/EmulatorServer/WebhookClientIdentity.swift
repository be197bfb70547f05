import NIOSSL

/// The client certificate the emulator presents when it calls an admission webhook, as kube-apiserver
/// does when its admission configuration (`--admission-control-config-file`) gives a kubeconfig with
/// `client-certificate`/`client-key` for the webhook's host. Exists so a webhook that requires
/// callers to authenticate (`drawbridge controller --webhook-client-ca`) can be called by the emulator
/// too; unlike kube-apiserver, which picks the identity per webhook host, the emulator presents this
/// one to every webhook.
public struct WebhookClientIdentity: Sendable {
    /// The client certificate, then any intermediates.
    public let certificateChain: [NIOSSLCertificate]
    public let privateKey: NIOSSLPrivateKey

    /// Parses the PEMs; throws when either does not parse or the chain is empty.
    public init(certificatePEM: String, privateKeyPEM: String) throws {
        certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8))
        guard !certificateChain.isEmpty else {
            throw WebhookCallError.configuration("the webhook client certificate PEM holds no certificate")
        }
        privateKey = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
    }

    /// `tls` presenting this identity.
    func presented(in tls: TLSConfiguration) -> TLSConfiguration {
        var tls = tls
        tls.certificateChain = certificateChain.map { .certificate($0) }
        tls.privateKey = .privateKey(privateKey)
        return tls
    }
}
