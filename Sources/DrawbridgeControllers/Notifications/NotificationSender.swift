import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// How a notification reaches a receiver: one POST, one answer (or none). A protocol so tests can
/// count or stall deliveries; `HTTPNotificationSender` is the real one.
public protocol NotificationSender: Sendable {
    /// Sends `request`, waiting at most `timeout` for the answer.
    func send(_ request: NotificationHTTPRequest, timeout: Duration) async -> SendOutcome
}

/// What came back from one POST.
public enum SendOutcome: Hashable, Sendable {
    /// The receiver answered with `status` (and a `Retry-After` header, if it sent one).
    case answered(status: Int, retryAfter: String?)
    /// No answer: connection refused, timeout, TLS failure, ...
    case noAnswer(String)
}

/// Sends notifications with AsyncHTTPClient. Redirects are never followed (a receiver cannot send
/// a signed notification elsewhere). The owner shuts `client` down.
public struct HTTPNotificationSender: NotificationSender {
    public let client: HTTPClient

    public init(client: HTTPClient) {
        self.client = client
    }

    /// A sender with a client of its own (`makeClient()`); `shutdown()` it when done.
    public init() {
        self.init(client: Self.makeClient())
    }

    /// Closes the client's connections.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    /// A client suited to notifications: no redirects, a bounded connect time.
    public static func makeClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(5), read: .seconds(10))
        configuration.httpVersion = .http1Only
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// `duration` in NIO's unit, to the nanosecond: dropping the fraction would make a timeout under
    /// a second zero, and every delivery unanswered.
    public static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    public func send(_ request: NotificationHTTPRequest, timeout: Duration) async -> SendOutcome {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = .POST
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        outgoing.headers.replaceOrAdd(name: "User-Agent", value: "drawbridge-notifications")
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        do {
            let response = try await client.execute(outgoing, timeout: Self.timeAmount(timeout))
            // Read (a bounded part of) the body so the connection can be reused.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return .answered(status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After"))
        } catch {
            return .noAnswer("\(error)")
        }
    }
}
