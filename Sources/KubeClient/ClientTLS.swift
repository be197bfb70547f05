import NIOCore
import NIOSSL

/// The TLS material for talking to an API server: which CA to trust, the client certificate that
/// authenticates us (if any) and whether to skip verification. Kept as PEM bytes, not NIOSSL types,
/// so a `ClientConfiguration` stays a plain, comparable value that tests can build and inspect.
public struct ClientTLS: Sendable, Hashable {
    /// PEM of the CA bundle that signed the server's certificate; nil trusts the system roots.
    public var certificateAuthorityPEM: [UInt8]?
    /// PEM of the client certificate (chain) presented to the server; needs `clientKeyPEM`.
    public var clientCertificatePEM: [UInt8]?
    /// PEM of the client certificate's private key (RSA or EC).
    public var clientKeyPEM: [UInt8]?
    /// Skips server certificate verification, as kubeconfig's `insecure-skip-tls-verify`.
    /// - Important: Anyone on the path can then read the bearer token; for throw-away clusters only.
    public var insecureSkipTLSVerify: Bool

    /// Trusts the system roots, no client certificate, verification on.
    public init(
        certificateAuthorityPEM: [UInt8]? = nil, clientCertificatePEM: [UInt8]? = nil, clientKeyPEM: [UInt8]? = nil,
        insecureSkipTLSVerify: Bool = false
    ) {
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPEM = clientKeyPEM
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
    }

    /// The NIOSSL client configuration; malformed PEM or a certificate without its key is an
    /// `invalidValue` error naming the part at fault.
    func makeTLSConfiguration() throws(ClientConfigurationError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        // Closing a connection (a cancelled watch, `shutdown()`) otherwise waits up to 5 s for the
        // server's close_notify, which a server busy streaming a watch may never send; a client that
        // is discarding the connection gains nothing from waiting that long.
        tls.shutdownTimeout = .seconds(1)
        if insecureSkipTLSVerify {
            tls.certificateVerification = .none
        } else if let certificateAuthorityPEM {
            tls.trustRoots = .certificates(try Self.certificates(certificateAuthorityPEM, what: "the CA bundle"))
        }
        switch (clientCertificatePEM, clientKeyPEM) {
        case (nil, nil):
            break
        case (let certificate?, let key?):
            tls.certificateChain = try Self.certificates(certificate, what: "the client certificate").map {
                .certificate($0)
            }
            do {
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: key, format: .pem))
            } catch {
                throw ClientConfigurationError(.invalidValue, "the client key is not a PEM private key: \(error)")
            }
        case (.some, nil):
            throw ClientConfigurationError(.invalidValue, "a client certificate is set but no client key")
        case (nil, .some):
            throw ClientConfigurationError(.invalidValue, "a client key is set but no client certificate")
        }
        return tls
    }

    /// Every `CERTIFICATE` block of `pem`; none at all is an error, as it would trust nothing.
    static func certificates(_ pem: [UInt8], what: String) throws(ClientConfigurationError) -> [NIOSSLCertificate] {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(pem)
        } catch {
            throw ClientConfigurationError(.invalidValue, "\(what) is not valid PEM: \(error)")
        }
        guard !certificates.isEmpty else {
            throw ClientConfigurationError(.invalidValue, "\(what) holds no PEM certificate")
        }
        return certificates
    }
}
