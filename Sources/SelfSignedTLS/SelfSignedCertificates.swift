import Crypto
import Foundation
import SwiftASN1
import X509

/// A throw-away certificate authority and one certificate signed by it, for the places where no real
/// issuer exists: the emulator's HTTPS, the webhook under `drawbridge dev` and in tests (serving
/// certificates: clients trust the CA through kubeconfig `certificate-authority-data` or webhook
/// `caBundle`), and the client certificate the emulator presents to a webhook that requires one.
public struct SelfSignedCertificates: Sendable, Hashable {
    /// PEM of the CA certificate.
    public let caPEM: String
    /// PEM of the serving (or client) certificate, signed by the CA.
    public let certificatePEM: String
    /// PEM of that certificate's private key.
    public let privateKeyPEM: String

    /// Generates a P-256 CA valid for a year (from an hour ago) and a serving certificate for `hosts`
    /// (IPv4 addresses and DNS names). `name` labels both subjects (`<name>-ca`, `<name>`).
    public static func generate(name: String, hosts: [String], now: Date = Date()) throws -> SelfSignedCertificates {
        let names: [GeneralName] = hosts.map { host in
            if let address = ipv4(host) { return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(address))) }
            return .dnsName(host)
        }
        return try generate(name: name, now: now) {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
            try ExtendedKeyUsage([.serverAuth])
            SubjectAlternativeNames(names)
        }
    }

    /// Generates a P-256 CA valid for a year (from an hour ago) and a client certificate signed by it, with
    /// the common name `name`, for TLS client authentication: what kube-apiserver presents to a webhook
    /// that requires one (`drawbridge dev`, tests of `--webhook-client-ca`). The CA is named `<name>-ca`.
    public static func generateClient(name: String, now: Date = Date()) throws -> SelfSignedCertificates {
        try generate(name: name, now: now) {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true))
            try ExtendedKeyUsage([.clientAuth])
        }
    }

    /// A CA and one certificate it signs for `name`, with `extensions`.
    private static func generate(
        name: String, now: Date, @ExtensionsBuilder extensions: () throws -> Result<Certificate.Extensions, any Error>
    ) throws -> SelfSignedCertificates {
        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName { CommonName("\(name)-ca") }
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
        let key = P256.Signing.PrivateKey()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: caName,
            subject: try DistinguishedName { CommonName(name) }, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions(builder: extensions), issuerPrivateKey: .init(caKey))
        return SelfSignedCertificates(
            caPEM: try ca.serializeAsPEM().pemString, certificatePEM: try certificate.serializeAsPEM().pemString,
            privateKeyPEM: key.pemRepresentation)
    }

    /// The four bytes of a dotted IPv4 address, or nil for a DNS name.
    public static func ipv4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let bytes = parts.compactMap { UInt8($0) }
        return parts.count == 4 && bytes.count == 4 ? bytes : nil
    }
}
