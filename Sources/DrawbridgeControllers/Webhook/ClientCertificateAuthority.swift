import Foundation
import Logging
import NIOSSL
import SwiftASN1
import Synchronization
import X509

/// The CA whose client certificates the webhook accepts (`--webhook-client-ca`): with it, a TLS
/// connection without a certificate that chains to it is refused during the handshake, so only the API
/// server (which presents one through its admission configuration's kubeconfig) can ask the webhook to
/// sign identities.
///
/// Read from a PEM file (one or more CA certificates) and re-read every `interval` like the serving
/// certificate: a rotated CA takes effect without a restart. A file that cannot be used keeps the
/// previous CA and logs one warning per bad content.
public final class ClientCertificateAuthority: Sendable {
    private struct State {
        var pem: [UInt8]
        var roots: [Certificate]
        /// The same certificates, as NIOSSL holds them.
        var trustRoots: [NIOSSLCertificate]
        /// The unusable file content last warned about (empty when unreadable), so it is logged once.
        var warnedAbout: Data?
    }

    /// Where the CA bundle is read from; nil for a CA given in memory (`drawbridge dev`, tests).
    public let file: URL?
    /// How often `run()` re-reads `file`.
    public let interval: Duration
    let logger: Logger
    private let state: Mutex<State>

    /// Loads the CA bundle at `file` now; throws a one-line `WebhookServerError` when it is missing,
    /// unreadable or holds no certificate, so the mistake shows at start, not as refused API calls.
    public init(file: URL, interval: Duration = .seconds(10), logger: Logger = Logger(label: "drawbridge.webhook"))
        throws
    {
        self.file = file
        self.interval = interval
        self.logger = logger
        guard let pem = try? Data(contentsOf: file) else {
            throw WebhookServerError("cannot read the webhook client CA \(file.path)")
        }
        do {
            state = Mutex(try Self.state(pem))
        } catch {
            throw WebhookServerError("\(file.path): \(error)")
        }
    }

    /// A fixed CA bundle given as PEM.
    public init(pem: some Collection<UInt8>, logger: Logger = Logger(label: "drawbridge.webhook")) throws {
        file = nil
        interval = .seconds(10)
        self.logger = logger
        state = Mutex(try Self.state(pem))
    }

    /// The CA certificates accepted right now.
    public var roots: [Certificate] { state.withLock { $0.roots } }

    /// The CA certificates accepted right now, as NIOSSL holds them.
    var trustRoots: [NIOSSLCertificate] { state.withLock { $0.trustRoots } }

    /// Re-reads `file` and switches to its CAs when they changed and are usable.
    @discardableResult
    public func reload() -> CertificateReloader.Outcome {
        guard let file else { return .unchanged }
        let pem = try? Data(contentsOf: file)
        let content = pem ?? Data()
        let (current, warned) = state.withLock { ($0.pem, $0.warnedAbout) }
        if current.elementsEqual(content) { return .unchanged }
        do {
            guard let pem else { throw WebhookServerError("cannot read \(file.path)") }
            let loaded = try Self.state(pem)
            state.withLock { $0 = loaded }
            logger.info("webhook client CA reloaded from \(file.path)")
            return .replaced
        } catch {
            state.withLock { $0.warnedAbout = content }
            if warned != content { logger.warning("keeping the current webhook client CA: \(error)") }
            return .rejected("\(error)")
        }
    }

    /// Calls `reload()` every `interval` until the task is cancelled (returns at once without a file).
    public func run() async {
        guard file != nil else { return }
        await repeatEvery(interval, on: ContinuousClock()) { reload() }
    }

    /// Whether `chain` (leaf first, as the client sent it) is a valid client certificate under the
    /// current CAs: it chains to one of them, every certificate is within its validity period and
    /// constraints (RFC 5280), and the leaf may be used for client authentication.
    public func verify(_ chain: [NIOSSLCertificate]) async -> NIOSSLVerificationResult {
        let presented = chain.compactMap { try? Certificate(derEncoded: $0.toDERBytes()) }
        guard let leaf = presented.first, presented.count == chain.count else {
            logger.warning("refused a webhook client: its certificate does not parse")
            return .failed
        }
        var verifier = Verifier(rootCertificates: CertificateStore(roots)) {
            RFC5280Policy()
            ClientAuthenticationPolicy()
        }
        switch await verifier.validate(leaf: leaf, intermediates: CertificateStore(presented.dropFirst())) {
        case .validCertificate:
            return .certificateVerified
        case .couldNotValidate(let failures):
            let reasons = failures.map { "\($0.policyFailureReason)" }
            logger.warning(
                "refused a webhook client certificate (\(leaf.subject)): \(reasons.isEmpty ? "not signed by the client CA" : reasons.joined(separator: "; "))"
            )
            return .failed
        }
    }

    /// The state holding the certificates of a PEM bundle; throws when there are none or one does not parse.
    private static func state(_ pem: some Collection<UInt8>) throws(WebhookServerError) -> State {
        let parsed: [NIOSSLCertificate]
        do {
            parsed = try NIOSSLCertificate.fromPEMBytes(Array(pem))
        } catch {
            throw WebhookServerError("the webhook client CA is not a valid PEM certificate bundle (\(error))")
        }
        let roots = parsed.compactMap { try? Certificate(derEncoded: $0.toDERBytes()) }
        guard !roots.isEmpty, roots.count == parsed.count else {
            throw WebhookServerError("the webhook client CA holds no usable certificate")
        }
        return State(pem: Array(pem), roots: roots, trustRoots: parsed, warnedAbout: nil)
    }
}
