import APIServerEmulator
import DrawbridgeAPI
import EmulatorServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import Synchronization

/// A small HTTPS admission webhook server inside the test process, with its own generated CA (the
/// webhooks' `caBundle`), so the emulator's webhook calls cross a real TLS connection.
///
/// Paths: `/label` (mutating: labels `mutated-by: test-webhook` on CREATE), `/deny-forbidden`
/// (validating: denies `data.forbidden: "true"`), `/review` (mutating: turns the `review` annotation
/// into one `reviewed-<value>` annotation, as Drawbridge turns `status.review` into an approval),
/// `/allow` (allows everything) and, to test the caller, `/http-500`, `/garbage`, `/no-response`,
/// `/wrong-uid`, `/slow` (answers after 2 s). Every review received is recorded.
final class TestWebhookServer: Sendable {
    /// One AdmissionReview as received, with the path it was posted to.
    struct Received: Sendable {
        var path: String
        var query: String
        var contentType: String
        var review: JSONValue
        var request: JSONValue { review["request"] ?? .null }
    }

    let port: Int
    let certificates: EmulatorCertificates
    private let task: Task<Void, any Error>
    private let log: ReviewLog

    /// The base64 PEM of the server's CA, for `clientConfig.caBundle`.
    var caBundle: String { Data(certificates.caPEM.utf8).base64EncodedString() }
    /// Every review received so far, oldest first.
    var received: [Received] { log.entries.withLock { $0 } }
    func url(_ path: String) -> String { "https://127.0.0.1:\(port)\(path)" }

    private init(port: Int, certificates: EmulatorCertificates, task: Task<Void, any Error>, log: ReviewLog) {
        self.port = port
        self.certificates = certificates
        self.task = task
        self.log = log
    }

    /// Starts on a free port and returns once it listens.
    static func start() async throws -> TestWebhookServer {
        let certificates = try EmulatorCertificates.generate()
        let chain = try NIOSSLCertificate.fromPEMBytes(Array(certificates.serverCertificatePEM.utf8))
        let key = try NIOSSLPrivateKey(bytes: Array(certificates.serverKeyPEM.utf8), format: .pem)
        let tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        var logger = Logger(label: "test-webhook")
        // Hummingbird logs cancelled connections at shutdown as errors; they are expected here.
        logger.logLevel = .critical
        let responder = WebhookResponder()
        let (bound, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            responder: responder, server: try .tls(.http1(), tlsConfiguration: tls),
            configuration: ApplicationConfiguration(
                address: .hostname("127.0.0.1", port: 0), serverName: "test-webhook"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            }, logger: logger)
        let task = Task { try await app.runService() }
        var iterator = bound.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw HarnessError("the test webhook server could not listen")
        }
        return TestWebhookServer(port: port, certificates: certificates, task: task, log: responder.log)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}

/// The reviews a `TestWebhookServer` received, shared between its responder and the tests.
final class ReviewLog: Sendable {
    let entries = Mutex<[TestWebhookServer.Received]>([])
}

/// Answers AdmissionReviews by path (see `TestWebhookServer`) and records them.
struct WebhookResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let log = ReviewLog()

    func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 3 * 1024 * 1024)
        let review = (try? JSONWire.decode(Array(body.readableBytesView))) ?? .null
        let path = request.uri.path
        log.entries.withLock {
            $0.append(
                .init(
                    path: path, query: request.uri.query ?? "", contentType: request.headers[.contentType] ?? "",
                    review: review))
        }
        let uid = review[path: ["request", "uid"]] ?? ""
        let reply: JSONValue
        switch path {
        case "/http-500": return Self.raw(.internalServerError, "boom")
        case "/slow":
            try await Task.sleep(for: .seconds(2))
            reply = Self.review(["uid": uid, "allowed": true])
        case "/garbage": return Self.raw(.ok, "this is not json")
        case "/no-response": reply = ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview"]
        case "/wrong-uid": reply = Self.review(["uid": "not-the-request-uid", "allowed": true])
        case "/label": reply = Self.review(Self.label(review, uid: uid))
        case "/deny-forbidden": reply = Self.review(Self.denyForbidden(review, uid: uid))
        case "/review": reply = Self.review(Self.recordReview(review, uid: uid))
        default: reply = Self.review(["uid": uid, "allowed": true])
        }
        return Self.raw(.ok, String(decoding: JSONWire.encode(reply), as: UTF8.self))
    }

    /// Adds `mutated-by: test-webhook` to the labels on CREATE.
    static func label(_ review: JSONValue, uid: JSONValue) -> JSONValue {
        guard review[path: ["request", "operation"]]?.stringValue == "CREATE" else {
            return ["uid": uid, "allowed": true]
        }
        let hasLabels = review[path: ["request", "object", "metadata", "labels"]]?.objectValue != nil
        let operation: JSONValue =
            hasLabels
            ? ["op": "add", "path": "/metadata/labels/mutated-by", "value": "test-webhook"]
            : ["op": "add", "path": "/metadata/labels", "value": ["mutated-by": "test-webhook"]]
        return patched(uid: uid, [operation])
    }

    /// Denies objects whose `data.forbidden` is `"true"`.
    static func denyForbidden(_ review: JSONValue, uid: JSONValue) -> JSONValue {
        guard review[path: ["request", "object", "data", "forbidden"]]?.stringValue == "true" else {
            return ["uid": uid, "allowed": true]
        }
        // As ingress-nginx does; kube-apiserver passes code and reason through, so kubectl prints
        // "Error from server (BadRequest)" (with no reason it prints "Error from server:").
        return [
            "uid": uid, "allowed": false,
            "status": ["code": 400, "reason": "BadRequest", "message": "forbidden data is not allowed"],
        ]
    }

    /// Moves the `review` annotation to `reviewed-<value>: <username>`: one recorded entry per request,
    /// computed from the object the webhook was shown.
    static func recordReview(_ review: JSONValue, uid: JSONValue) -> JSONValue {
        guard let value = review[path: ["request", "object", "metadata", "annotations", "review"]]?.stringValue else {
            return ["uid": uid, "allowed": true]
        }
        let user = review[path: ["request", "userInfo", "username"]] ?? ""
        return patched(
            uid: uid,
            [
                ["op": "add", "path": .string("/metadata/annotations/reviewed-\(value)"), "value": user],
                ["op": "remove", "path": "/metadata/annotations/review"],
            ])
    }

    static func patched(uid: JSONValue, _ operations: [JSONValue]) -> JSONValue {
        let patch = Data(JSONWire.encode(.array(operations))).base64EncodedString()
        return ["uid": uid, "allowed": true, "patchType": "JSONPatch", "patch": .string(patch)]
    }

    static func review(_ response: JSONValue) -> JSONValue {
        ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "response": response]
    }

    static func raw(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
