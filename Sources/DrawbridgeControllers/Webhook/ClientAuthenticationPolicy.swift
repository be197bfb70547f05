import SwiftASN1
import X509

/// The part of client-certificate verification RFC 5280's rules leave out: a leaf that says what it
/// is for (Extended Key Usage) must say "client authentication" (or "any"), so a serving certificate
/// issued by the same CA cannot be used to call the webhook. A leaf without the extension may be
/// used for anything, as in Go's and OpenSSL's verifiers.
struct ClientAuthenticationPolicy: VerifierPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [.X509ExtensionID.extendedKeyUsage]

    func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) async -> PolicyEvaluationResult {
        let usages: ExtendedKeyUsage?
        do {
            usages = try chain.leaf.extensions.extendedKeyUsage
        } catch {
            return .failsToMeetPolicy(reason: "the certificate's extended key usage does not parse: \(error)")
        }
        guard let usages, !usages.contains(.clientAuth), !usages.contains(.any) else { return .meetsPolicy }
        return .failsToMeetPolicy(
            reason: "the certificate is not for client authentication (extended key usage \(usages))")
    }
}
