import DrawbridgeAPI
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// One POST a receiver got: what `drawbridge dev` prints and the tests inspect.
public struct ReceivedNotification: Hashable, Sendable {
    public var path: String
    /// Header names in lower case; repeated headers joined with commas.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(path: String, headers: [String: String], body: [UInt8]) {
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// The notification's id, as a receiver dedupes by it: the Standard Webhooks `webhook-id`, else
    /// the binary-mode `ce-id`, else the structured event's `id`.
    public var id: String? {
        headers["webhook-id"] ?? headers["ce-id"] ?? json?["id"]?.stringValue
    }

    /// The body as JSON, when it is.
    public var json: JSONValue? { try? JSONCoding.decoder.decode(JSONValue.self, from: Data(body)) }

    /// True when the Standard Webhooks signature verifies under `key`.
    public func isSigned(with key: [UInt8]) -> Bool {
        guard let id = headers["webhook-id"], let timestamp = headers["webhook-timestamp"],
            let signature = headers["webhook-signature"]
        else { return false }
        return WebhookSignature.verify(header: signature, id: id, timestamp: timestamp, body: body, key: key)
    }
}

/// A plain-HTTP receiver of notifications on a loopback port: `drawbridge dev`'s built-in channel
/// (it prints what it gets) and the tests' receiver (it records and answers as told). Runs as a
/// ServiceLifecycle service; `start` runs it in the background for tests.
public final class LoopbackReceiver: Sendable {
    /// Answers one POST with an HTTP status.
    public typealias Handler = @Sendable (ReceivedNotification) async -> Int

    let application: any ApplicationProtocol
    private let bound: AsyncStream<Int>
    private let group: ServiceGroup

    /// A receiver on `127.0.0.1:port` (0 picks a free port) answering with `handler`.
    public init(port: Int = 0, handler: @escaping Handler) {
        var logger = Logger(label: "drawbridge.receiver")
        logger.logLevel = .critical
        let (bound, continuation) = AsyncStream<Int>.makeStream()
        self.bound = bound
        let router = Router()
        router.post("**") { request, _ -> Response in
            var headers: [String: String] = [:]
            for field in request.headers {
                let name = field.name.canonicalName.lowercased()
                headers[name] = headers[name].map { "\($0),\(field.value)" } ?? field.value
            }
            let body = try await request.body.collect(upTo: 1 << 20)
            let status = await handler(
                ReceivedNotification(
                    path: request.uri.path, headers: headers, body: Array(body.readableBytesView)))
            return Response(status: .init(code: status))
        }
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname("127.0.0.1", port: port), serverName: "drawbridge-receiver"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? port)
                continuation.finish()
            }, logger: logger)
        self.application = application
        var configuration = ServiceGroupConfiguration(
            services: [
                .init(
                    service: application, successTerminationBehavior: .gracefullyShutdownGroup,
                    failureTerminationBehavior: .gracefullyShutdownGroup)
            ], logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(2)
        group = ServiceGroup(configuration: configuration)
    }

    /// Runs until the group shuts down (or the task is cancelled).
    public func run() async throws {
        try await group.run()
    }

    /// The port once the socket listens; nil when it never did (the port was taken).
    public func waitUntilListening() async -> Int? {
        var iterator = bound.makeAsyncIterator()
        return await iterator.next()
    }

    /// Stops listening; requests in flight get two seconds.
    public func stop() async {
        await group.triggerGracefulShutdown()
    }
}
