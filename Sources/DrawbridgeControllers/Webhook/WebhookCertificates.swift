import Crypto
import Foundation
import SwiftASN1
import X509

/// A throw-away CA and a serving certificate for the webhook, for `drawbridge dev` and tests, where
/// no cert-manager issues one. The CA goes into the webhook configuration's `caBundle`.
///
/// Deliberately a copy of EmulatorServer's generator rather than a dependency on it: the controller
/// must not link the emulator.
public struct WebhookCertificates: Sendable, Hashable {
    /// PEM of the CA certificate (base64 it for `clientConfig.caBundle`).
    public let caPEM: String
    /// PEM of the serving certificate, signed by the CA.
    public let certificatePEM: String
    /// PEM of the serving certificate's private key.
    public let privateKeyPEM: String

    /// Certificates made elsewhere (e.g. mounted from a Secret).
    public init(caPEM: String, certificatePEM: String, privateKeyPEM: String) {
        self.caPEM = caPEM
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
    }

    /// `caPEM` base64-encoded, as `clientConfig.caBundle` wants it.
    public var caBundle: String { Data(caPEM.utf8).base64EncodedString() }

    /// Generates a CA valid for a year and a serving certificate signed by it for `hosts` (IPv4
    /// addresses and DNS names, e.g. `drawbridge-webhook.drawbridge-system.svc`).
    public static func selfSigned(hosts: [String] = ["127.0.0.1", "localhost"], now: Date = Date()) throws
        -> WebhookCertificates
    {
        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName { CommonName("drawbridge-webhook-ca") }
        let notBefore = now.addingTimeInterval(-3600)
        let notAfter = now.addingTimeInterval(365 * 24 * 3600)
        let ca = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(caKey.publicKey),
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: caName, subject: caName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(caKey))
        let serverKey = P256.Signing.PrivateKey()
        let names: [GeneralName] = hosts.map { host in
            if let address = ipv4(host) { return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(address))) }
            return .dnsName(host)
        }
        let server = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(serverKey.publicKey),
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: caName,
            subject: try DistinguishedName { CommonName(hosts.first ?? "drawbridge-webhook") },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names)
            },
            issuerPrivateKey: .init(caKey))
        return WebhookCertificates(
            caPEM: try ca.serializeAsPEM().pemString, certificatePEM: try server.serializeAsPEM().pemString,
            privateKeyPEM: serverKey.pemRepresentation)
    }

    /// The four bytes of a dotted IPv4 address, or nil for a DNS name.
    static func ipv4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let bytes = parts.compactMap { UInt8($0) }
        return parts.count == 4 && bytes.count == 4 ? bytes : nil
    }
}
