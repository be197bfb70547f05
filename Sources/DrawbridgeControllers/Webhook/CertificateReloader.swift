import Foundation
import Logging
import NIOCore
import NIOSSL
import Synchronization

/// The webhook's serving certificate as currently found in a directory (`tls.crt`, `tls.key`), re-read
/// while the server runs: cert-manager rotates the Secret mounted there well before expiry, and the
/// webhook must present the new certificate without a restart (with `failurePolicy: Fail`, an expired
/// certificate would refuse every AccessRequest write).
///
/// A rotation that cannot be used (files missing, half written, not PEM, key not the certificate's)
/// keeps the previous pair serving and logs one warning per bad content; it never stops the server.
public final class CertificateReloader: Sendable {
    /// What one `reload()` did.
    public enum Outcome: Sendable, Equatable {
        /// The files hold the certificate already in use.
        case unchanged
        /// A new certificate is in use from now on.
        case replaced
        /// The files changed but could not be used; the previous certificate stays. Carries why.
        case rejected(String)
    }

    private struct State {
        var current: ServingCertificate
        /// The unusable file contents last warned about, so a bad rotation is logged once, not every tick.
        var rejected: (certificate: Data?, key: Data?)?
    }

    /// The directory holding `tls.crt` and `tls.key`.
    public let directory: URL
    /// How often `run()` looks at the files.
    public let interval: Duration
    let logger: Logger
    private let state: Mutex<State>

    /// Loads the certificate in `directory` now; throws a one-line `WebhookServerError` when there is
    /// none usable, so a missing or bad Secret fails at start rather than at the first handshake.
    public init(directory: URL, interval: Duration = .seconds(10), logger: Logger = Logger(label: "drawbridge.webhook"))
        throws
    {
        self.directory = directory
        self.interval = interval
        self.logger = logger
        state = Mutex(State(current: try ServingCertificate.load(from: directory)))
    }

    /// The certificate to present to the next TLS client.
    public var current: ServingCertificate { state.withLock { $0.current } }

    /// Reads the files once and switches to their certificate when it differs and is usable.
    @discardableResult
    public func reload() -> Outcome {
        let certificate = try? Data(contentsOf: directory.appendingPathComponent(ServingCertificate.certificateFile))
        let key = try? Data(contentsOf: directory.appendingPathComponent(ServingCertificate.privateKeyFile))
        if let certificate, let key, current.isParsed(fromCertificate: certificate, key: key) { return .unchanged }
        let alreadyWarned = state.withLock {
            $0.rejected.map { $0.certificate == certificate && $0.key == key } ?? false
        }
        let outcome: Outcome
        do {
            guard let certificate, let key else {
                throw ServingCertificate.missingFiles(in: directory)
            }
            let loaded = try ServingCertificate(certificatePEM: certificate, privateKeyPEM: key)
            state.withLock {
                $0.current = loaded
                $0.rejected = nil
            }
            outcome = .replaced
        } catch {
            state.withLock { $0.rejected = (certificate, key) }
            outcome = .rejected("\(error)")
        }
        switch outcome {
        case .replaced:
            logger.info("webhook serving certificate reloaded from \(directory.path)")
        case .rejected(let reason) where !alreadyWarned:
            logger.warning("keeping the current webhook certificate: \(reason)")
        default:
            break
        }
        return outcome
    }

    /// Calls `reload()` every `interval` until the task is cancelled.
    public func run() async {
        await repeatEvery(interval, on: ContinuousClock()) { reload() }
    }

    /// A server TLS configuration that presents `current` on every new connection: the context starts
    /// with today's certificate, and a per-handshake callback swaps in whatever is current then.
    func serverConfiguration() -> TLSConfiguration {
        var tls = current.serverConfiguration()
        tls.sslContextCallback = { [self] _, promise in promise.succeed(current.override) }
        return tls
    }
}
