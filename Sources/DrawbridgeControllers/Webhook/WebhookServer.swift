import DrawbridgeAPI
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle

/// The controller's HTTPS admission webhook: the API server POSTs AdmissionReviews to
/// `/mutate-accessrequests`, `/validate-accessrequests` and `/validate-accesspolicies`, and
/// `AccessRequestAdmission` answers them. Also serves `/healthz`.
///
/// A `Service`, so `drawbridge controller` runs it in its ServiceGroup; `run()` returns when the
/// group shuts down or the task is cancelled (and with it the certificate reload loop, when the
/// certificate comes from a `CertificateReloader`). The wall clock is injected so the stamped times
/// are test time in tests.
public final class WebhookServer: Service, Sendable {
    /// Where the webhook configuration points the API server.
    public static let mutatePath = "/mutate-accessrequests"
    /// Where the validating webhook configuration points the API server.
    public static let validatePath = "/validate-accessrequests"
    /// Where the AccessPolicy validating webhook points the API server.
    public static let validatePoliciesPath = "/validate-accesspolicies"
    /// Liveness probe path.
    public static let healthPath = "/healthz"
    /// Hears each AdmissionReview answered (for metrics): which webhook, how long the answer took
    /// (parse, decide, encode) and whether it allowed the write.
    public typealias Observer =
        @Sendable (_ webhook: AccessRequestAdmission.Webhook, _ duration: Duration, _ allowed: Bool) -> Void
    /// Largest AdmissionReview accepted; kube-apiserver's own request limit is 3 MiB.
    static let maximumBodyBytes = 3 * 1024 * 1024

    /// The address listened on.
    public let host: String
    /// The port asked for (0 picks a free one; see `boundPort()`).
    public let port: Int
    let admission: AccessRequestAdmission
    /// Asks the API server what the rules cannot decide alone (may a caller force-delete a request);
    /// nil refuses such deletes.
    let accessReviews: AccessReviewClient?
    let now: @Sendable () -> Date
    let logger: Logger
    let observer: Observer?
    private let tls: TLSConfiguration
    private let reloader: CertificateReloader?
    /// When set, only clients presenting a certificate it verifies get past the TLS handshake.
    public let clientCA: ClientCertificateAuthority?
    private let listening = ListeningPort()

    /// A server on `host:port` presenting `certificatePEM` (the serving certificate, optionally
    /// followed by intermediates) with `privateKeyPEM`, for its whole life. Throws when the PEMs do not
    /// parse or do not belong together, so a bad Secret fails at start rather than at the first TLS
    /// handshake. With `clientCA`, callers must present a client certificate it verifies.
    public convenience init(
        host: String = "0.0.0.0", port: Int = 9443, certificatePEM: String, privateKeyPEM: String,
        clientCA: ClientCertificateAuthority? = nil, admission: AccessRequestAdmission,
        accessReviews: AccessReviewClient? = nil,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "drawbridge.webhook"),
        observer: Observer? = nil
    ) throws {
        let certificate = try ServingCertificate(
            certificatePEM: Array(certificatePEM.utf8), privateKeyPEM: Array(privateKeyPEM.utf8))
        self.init(
            host: host, port: port, tls: certificate.serverConfiguration(), reloader: nil, clientCA: clientCA,
            admission: admission, accessReviews: accessReviews, now: now, logger: logger, observer: observer)
    }

    /// A server presenting whatever certificate `reloader` holds when each connection starts, and
    /// running `reloader`'s file checks for as long as it serves: a rotated Secret takes effect
    /// without a restart. The same goes for `clientCA`, when given.
    public convenience init(
        host: String = "0.0.0.0", port: Int = 9443, reloading reloader: CertificateReloader,
        clientCA: ClientCertificateAuthority? = nil, admission: AccessRequestAdmission,
        accessReviews: AccessReviewClient? = nil,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "drawbridge.webhook"),
        observer: Observer? = nil
    ) {
        self.init(
            host: host, port: port, tls: reloader.serverConfiguration(), reloader: reloader, clientCA: clientCA,
            admission: admission, accessReviews: accessReviews, now: now, logger: logger, observer: observer)
    }

    private init(
        host: String, port: Int, tls: TLSConfiguration, reloader: CertificateReloader?,
        clientCA: ClientCertificateAuthority?, admission: AccessRequestAdmission, accessReviews: AccessReviewClient?,
        now: @escaping @Sendable () -> Date,
        logger: Logger, observer: Observer?
    ) {
        self.tls = tls
        self.reloader = reloader
        self.clientCA = clientCA
        self.host = host
        self.port = port
        self.admission = admission
        self.accessReviews = accessReviews
        self.now = now
        self.logger = logger
        self.observer = observer
    }

    /// A server presenting `certificates` (e.g. from `selfSigned(hosts:)`).
    public convenience init(
        host: String = "0.0.0.0", port: Int = 9443, certificates: WebhookCertificates,
        clientCA: ClientCertificateAuthority? = nil, admission: AccessRequestAdmission,
        accessReviews: AccessReviewClient? = nil,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "drawbridge.webhook"),
        observer: Observer? = nil
    ) throws {
        try self.init(
            host: host, port: port, certificatePEM: certificates.certificatePEM,
            privateKeyPEM: certificates.privateKeyPEM, clientCA: clientCA, admission: admission,
            accessReviews: accessReviews, now: now,
            logger: logger, observer: observer)
    }

    /// A fresh CA and serving certificate for `hosts`, for `drawbridge dev` and tests.
    public static func selfSigned(hosts: [String] = ["127.0.0.1", "localhost"]) throws -> WebhookCertificates {
        try WebhookCertificates.selfSigned(hosts: hosts)
    }

    /// Serves until the task is cancelled or the enclosing ServiceGroup shuts down gracefully.
    public func run() async throws {
        let router = Router()
        router.get(RouterPath(Self.healthPath)) { _, _ in "ok" }
        for path in Self.registrations.map(\.path) {
            let webhook = Self.webhook(forPath: path)
            router.post(RouterPath(path)) { [self] request, _ -> Response in
                var request = request
                let body = try await request.collectBody(upTo: Self.maximumBodyBytes)
                let reply = await respond(to: Array(body.readableBytesView), as: webhook)
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply)))
            }
        }
        let listening = self.listening
        let app = Application(
            router: router, server: try serverBuilder(),
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: port), serverName: "drawbridge-webhook"),
            onServerRunning: { channel in listening.announce(channel.localAddress?.port) }, logger: logger)
        // If the server stops before listening (port taken, cancelled early), release the waiters.
        defer { listening.announce(nil) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let reloader { group.addTask { await reloader.run() } }
            if let clientCA { group.addTask { await clientCA.run() } }
            try await app.run()
            // The server stopped (graceful shutdown or cancellation): so do the certificate checks.
            group.cancelAll()
        }
    }

    /// HTTP/1.1 over TLS; with a client CA, a handshake without a client certificate fails
    /// (`noHostnameVerification` makes the server require one), and the chain presented is checked
    /// against whatever the CA holds at that moment instead of a CA fixed into the TLS context.
    private func serverBuilder() throws -> HTTPServerBuilder {
        guard let clientCA else { return try .tls(.http1(), tlsConfiguration: tls) }
        var tls = self.tls
        tls.certificateVerification = .noHostnameVerification
        tls.trustRoots = .certificates(clientCA.trustRoots)
        return try .tls(
            .http1(),
            configuration: TLSChannelConfiguration(
                tlsConfiguration: tls, customAsyncVerificationCallback: { chain in await clientCA.verify(chain) }))
    }

    /// The port the server listens on, once it does: the real one when `port` was 0. Nil when the
    /// server stopped without listening.
    public func boundPort() async -> Int? {
        await listening.wait()
    }

    /// Answers one POSTed body: the AdmissionReview reply as JSON bytes, a 400 denial for garbage.
    func respond(to body: [UInt8], as webhook: AccessRequestAdmission.Webhook = .mutating) async -> [UInt8] {
        let started = ContinuousClock.now
        let reply = await answer(body, as: webhook)
        let encoded = encode(reply)
        observer?(webhook, started.duration(to: .now), reply.response?.allowed ?? false)
        return encoded
    }

    /// The AdmissionReview reply to one POSTed body; a 400 denial for garbage.
    private func answer(_ body: [UInt8], as webhook: AccessRequestAdmission.Webhook) async -> AdmissionReview {
        let reply: AdmissionReview
        if let review = try? JSONValue.parse(body) {
            reply = await admission.answer(review, now: now(), as: webhook, asking: accessReviews)
            log(review, reply.response)
        } else {
            reply = AdmissionReview(response: .denied(uid: "", .badRequest("the request body is not JSON")))
            logger.warning("refused a webhook call whose body is not JSON")
        }
        return reply
    }

    private func encode(_ reply: AdmissionReview) -> [UInt8] {
        do {
            return Array(try JSONCoding.encoder.encode(reply))
        } catch {
            // A reply is a small tree of strings; this cannot happen in practice. An envelope without
            // a response makes the API server refuse the write, which is the safe way to fail.
            logger.error("encoding an admission reply failed: \(error)")
            return Array(#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}"#.utf8)
        }
    }

    /// One line per denial (operators need to see who was refused and why); allows at debug level.
    private func log(_ review: JSONValue, _ response: AdmissionResponse?) {
        let request = review["request"] ?? .null
        let metadata: Logger.Metadata = [
            "operation": "\(request["operation"]?.stringValue ?? "")",
            "resource":
                "\(request[path: ["resource", "resource"]]?.stringValue ?? "")\(request["subResource"]?.stringValue.map { "/\($0)" } ?? "")",
            "object": "\(request["namespace"]?.stringValue ?? "")/\(request["name"]?.stringValue ?? "")",
            "user": "\(request[path: ["userInfo", "username"]]?.stringValue ?? "")",
        ]
        if let response, !response.allowed {
            logger.info("denied: \(response.status?.message ?? "")", metadata: metadata)
        } else {
            logger.debug("allowed", metadata: metadata)
        }
    }
}
