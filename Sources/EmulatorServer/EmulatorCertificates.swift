import Foundation
import SelfSignedTLS

/// A throw-away certificate authority and a server certificate for `127.0.0.1` and `localhost`,
/// generated at start, so the emulator speaks HTTPS that kubectl verifies like a real cluster's.
public struct EmulatorCertificates: Sendable {
    /// PEM of the CA certificate (goes into the kubeconfig as `certificate-authority-data`).
    public let caPEM: String
    /// PEM of the server certificate.
    public let serverCertificatePEM: String
    /// PEM of the server's private key.
    public let serverKeyPEM: String

    /// Generates a CA valid for a year and a server certificate signed by it for `hosts` (IPs and names).
    public static func generate(hosts: [String] = ["127.0.0.1", "localhost"], now: Date = Date()) throws
        -> EmulatorCertificates
    {
        let generated = try SelfSignedCertificates.generate(name: "drawbridge-emulator", hosts: hosts, now: now)
        return EmulatorCertificates(
            caPEM: generated.caPEM, serverCertificatePEM: generated.certificatePEM,
            serverKeyPEM: generated.privateKeyPEM)
    }
}
