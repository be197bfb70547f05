import APIServerEmulator
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

/// Serves an `APIServer` over HTTP/1.1, or HTTPS with a generated certificate, through Hummingbird.
/// The adapter only translates requests and responses; every Kubernetes behaviour lives in `APIServer`.
public enum EmulatorHTTPServer {
    /// A Hummingbird application serving `api` on `host:port` (port 0 picks a free one); `onRunning`
    /// receives the bound port once the socket is listening.
    public static func application(
        api: APIServer, host: String, port: Int, certificates: EmulatorCertificates?,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        var logger = Logger(label: "drawbridge.emulator")
        // Hummingbird logs task cancellation during shutdown as errors; only real failures matter here.
        logger.logLevel = .critical
        let responder = EmulatorResponder(api: api)
        let server: HTTPServerBuilder
        if let certificates {
            let chain = try NIOSSLCertificate.fromPEMBytes(Array(certificates.serverCertificatePEM.utf8))
            let key = try NIOSSLPrivateKey(bytes: Array(certificates.serverKeyPEM.utf8), format: .pem)
            let tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
            server = try .tls(.http1(), tlsConfiguration: tls)
        } else {
            server = .http1()
        }
        return Application(
            responder: responder, server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: port), serverName: "drawbridge-emulator"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }
}

/// Turns Hummingbird requests into `APIRequest`s and `APIResponse`s back into HTTP, streaming watch
/// bodies chunk by chunk.
struct EmulatorResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let api: APIServer

    func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { "\($0),\(field.value)" } ?? field.value
        }
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: api.options.maxBodyBytes)
        } catch {
            return Self.response(StatusError.tooLarge().response, to: request)
        }
        let apiRequest = APIRequest(
            method: request.method.rawValue, target: request.uri.description, headers: headers,
            body: Array(body.readableBytesView))
        return Self.response(await api.handle(apiRequest), to: request)
    }

    /// The HTTP response for `response`. A streamed body (a watch) is written until the stream ends
    /// or the client goes away: a client that closed its connection, or vanished (a SIGKILLed
    /// kubectl's kernel closes it), is noticed at once from the request side, so its watch is
    /// released instead of waiting for an event that would fail to write.
    static func response(_ response: APIResponse, to request: Request) -> Response {
        var fields = HTTPFields()
        for (name, value) in response.headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        let status = HTTPResponse.Status(code: response.status)
        switch response.body {
        case .bytes(let bytes):
            return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        case .stream(let chunks):
            return Response(
                status: status, headers: fields,
                body: ResponseBody { writer in
                    // Cancels the loop when the connection's inbound side closes; the stream's
                    // termination then unregisters the watcher.
                    try await request.body.consumeWithCancellationOnInboundClose { _ in
                        for await chunk in chunks { try await writer.write(ByteBuffer(bytes: chunk)) }
                    }
                    try await writer.finish(nil)
                })
        }
    }
}
