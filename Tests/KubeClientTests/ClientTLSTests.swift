import EmulatorServer
import NIOSSL
import Testing

@testable import KubeClient

@Suite struct ClientTLSTests {
    @Test func aClientCertificateAndKeyInPEMBuildATLSConfiguration() throws {
        let certificates = try EmulatorCertificates.generate()
        let tls = ClientTLS(
            certificateAuthorityPEM: Array(certificates.caPEM.utf8),
            clientCertificatePEM: Array(certificates.serverCertificatePEM.utf8),
            clientKeyPEM: Array(certificates.serverKeyPEM.utf8))
        let configuration = try tls.makeTLSConfiguration()
        #expect(configuration.certificateChain.count == 1)
        #expect(configuration.privateKey != nil)
    }

    struct Broken: Sendable, CustomTestStringConvertible {
        var tls: ClientTLS
        var message: String
        var testDescription: String { message }
    }

    static let broken: [Broken] = [
        Broken(tls: ClientTLS(certificateAuthorityPEM: Array("not a certificate".utf8)), message: "the CA bundle"),
        Broken(tls: ClientTLS(clientCertificatePEM: [1]), message: "a client certificate is set but no client key"),
        Broken(tls: ClientTLS(clientKeyPEM: [1]), message: "a client key is set but no client certificate"),
    ]

    @Test(arguments: broken)
    func malformedTLSMaterialIsAnInvalidValueNamingThePart(_ broken: Broken) {
        do {
            _ = try broken.tls.makeTLSConfiguration()
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidValue)
            #expect(error.message.hasPrefix(broken.message))
        }
    }

    @Test func skippingVerificationTurnsCertificateChecksOff() throws {
        let configuration = try ClientTLS(insecureSkipTLSVerify: true).makeTLSConfiguration()
        #expect(configuration.certificateVerification == .none)
    }
}
