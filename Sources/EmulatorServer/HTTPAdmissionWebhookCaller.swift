import APIServerEmulator
import AsyncHTTPClient
import DrawbridgeAPI
import Foundation
import NIOCore
import NIOHTTP1

/// Calls admission webhooks over HTTPS as kube-apiserver does, so webhooks registered through kubectl
/// (Drawbridge's own controller included) run against the emulator exactly as on a cluster.
///
/// One `HTTPClient` is shared by every call (connections are pooled per URL and TLS trust); call
/// `shutdown()` once the emulator stops.
public final class HTTPAdmissionWebhookCaller: AdmissionWebhookCaller {
    /// kube-apiserver caps `timeoutSeconds` at 30.
    public static let maximumTimeout = Duration.seconds(30)
    /// Largest reply accepted; an AdmissionReview is small, a runaway body is a broken webhook.
    static let maximumReplyBytes = 3 * 1024 * 1024

    private let client: HTTPClient
    private let serviceResolver: WebhookServiceResolver
    private let clientIdentity: WebhookClientIdentity?

    /// `serviceResolver` maps `clientConfig.service` to a URL (e.g. `https://127.0.0.1:<port><path>` in
    /// tests); by default Services are unreachable and calls to them fail with a clear error.
    /// `clientIdentity` is the client certificate presented to every webhook; none by default, as
    /// kube-apiserver presents none without an admission configuration.
    public init(serviceResolver: WebhookServiceResolver? = nil, clientIdentity: WebhookClientIdentity? = nil) {
        var configuration = HTTPClient.Configuration()
        // kube-apiserver does not follow redirects from webhooks.
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(10))
        // A webhook that refuses connections or fails TLS fails the call at once, as in kube-apiserver,
        // instead of being retried until the timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.serviceResolver = serviceResolver ?? WebhookEndpoint.unreachableServices
        self.clientIdentity = clientIdentity
    }

    /// Closes pooled connections; calls after this fail.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    public func call(clientConfig: JSONValue, review: JSONValue, timeout: Duration) async throws -> JSONValue {
        let endpoint = try WebhookEndpoint.resolve(clientConfig, resolver: serviceResolver)
        let timeout = min(max(timeout, .seconds(1)), Self.maximumTimeout)
        let seconds = timeout.components.seconds
        // kube-apiserver tells the webhook its budget the same way.
        let target = Self.appendingTimeout(endpoint.url.absoluteString, seconds: seconds)
        var request = HTTPClientRequest(url: target)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json, */*")
        request.body = .bytes(ByteBuffer(bytes: JSONWire.encode(review)))
        request.tlsConfiguration = clientIdentity.map { $0.presented(in: endpoint.tls) } ?? endpoint.tls
        let body: ByteBuffer
        let status: HTTPResponseStatus
        do {
            let response = try await client.execute(request, timeout: .seconds(seconds))
            status = response.status
            body = try await response.body.collect(upTo: Self.maximumReplyBytes)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw WebhookCallError.call(url: target, reason: "context deadline exceeded (timeout \(seconds)s)")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw WebhookCallError.call(url: target, reason: Self.reason(error, url: endpoint.url))
        }
        guard status == .ok else {
            let text = String(decoding: body.readableBytesView.prefix(512), as: UTF8.self)
            throw WebhookCallError.call(url: target, reason: "webhook answered HTTP \(status.code): \(text)")
        }
        let reply: JSONValue
        do {
            reply = try JSONWire.decode(Array(body.readableBytesView))
        } catch {
            throw WebhookCallError.invalidResponse("the body is not valid JSON: \(error)")
        }
        try Self.verify(reply, requestUID: review[path: ["request", "uid"]]?.stringValue ?? "")
        return reply
    }

    /// The checks kube-apiserver's `VerifyAdmissionResponse` makes on a v1 reply.
    static func verify(_ reply: JSONValue, requestUID: String) throws {
        let apiVersion = reply["apiVersion"]?.stringValue ?? ""
        let kind = reply["kind"]?.stringValue ?? ""
        guard apiVersion == "admission.k8s.io/v1", kind == "AdmissionReview" else {
            throw WebhookCallError.invalidResponse(
                "expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got \(apiVersion), Kind=\(kind)"
            )
        }
        guard let response = reply["response"], response.objectValue != nil else {
            throw WebhookCallError.invalidResponse("webhook response was absent")
        }
        let uid = response["uid"]?.stringValue ?? ""
        guard uid == requestUID else {
            throw WebhookCallError.invalidResponse("expected response.uid=\"\(requestUID)\", got \"\(uid)\"")
        }
        if let patch = response["patch"]?.stringValue, !patch.isEmpty {
            guard let patchType = response["patchType"]?.stringValue else {
                throw WebhookCallError.invalidResponse("webhook returned response.patch but not response.patchType")
            }
            guard patchType == "JSONPatch" else {
                throw WebhookCallError.invalidResponse(
                    "webhook returned invalid response.patchType of \"\(patchType)\"")
            }
        }
    }

    /// Connection and TLS failures worded as kube-apiserver (Go) reports them, so they read the same
    /// in `kubectl` output; anything else as NIO describes it.
    static func reason(_ error: any Error, url: URL) -> String {
        let address = "\(url.host ?? ""):\(url.port ?? 443)"
        if let error = error as? IOError {
            let text = String(cString: strerror(error.errnoCode)).lowercased()
            return "dial tcp \(address): connect: \(text)"
        }
        let text = "\(error)"
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return
                "tls: failed to verify certificate: x509: certificate signed by unknown authority (check clientConfig.caBundle)"
        }
        // The webhook refused the client certificate (or its absence): the TLS alert as Go names it.
        for (alert, name) in [
            ("ALERT_CERTIFICATE_REQUIRED", "certificate required"),
            ("ALERT_CERTIFICATE_UNKNOWN", "unknown certificate"),
            ("ALERT_BAD_CERTIFICATE", "bad certificate"),
        ] where text.contains(alert) {
            return "remote error: tls: \(name)"
        }
        return text
    }

    /// `url?timeout=10s`, keeping any query the URL already has.
    static func appendingTimeout(_ url: String, seconds: Int64) -> String {
        url + (url.contains("?") ? "&" : "?") + "timeout=\(seconds)s"
    }
}
