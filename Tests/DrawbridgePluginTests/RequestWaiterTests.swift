import DrawbridgeAPI
import DrawbridgePlugin
import DrawbridgeTesting
import Foundation
import KubeClient
import Synchronization
import Testing

/// `request --wait` survives a read that gets no answer (a kept-alive connection the server closed
/// as it was reused): it looks again instead of failing with the transport's error.
@Suite("request --wait and a dropped connection")
struct RequestWaiterTests {
    /// Answers the create with the request as sent, ends every watch at once, fails the first read of
    /// the request without an answer, then shows it Active.
    final class FlakyServer: KubeTransport {
        struct NoAnswer: Error {}
        let reads = Mutex(0)

        func send(_ request: KubeRequest) async throws -> KubeResponse {
            if request.method == "POST", request.path.hasSuffix("/accessrequests"), let body = request.body {
                return KubeResponse(status: 201, body: body)
            }
            if request.method == "GET", request.path.hasSuffix("/accessrequests/alice-wait") {
                let count = reads.withLock { reads in
                    reads += 1
                    return reads
                }
                if count == 1 { throw NoAnswer() }
                var active = AccessRequest.fixture(name: "alice-wait", .phase(.active))
                active.metadata.resourceVersion = "2"
                return KubeResponse(status: 200, body: Array(try JSONCoding.encoder.encode(active)))
            }
            let status: JSONValue = ["kind": "Status", "apiVersion": "v1", "status": "Failure", "code": 404]
            return KubeResponse(status: 404, body: Array(try JSONCoding.encoder.encode(status)))
        }

        func stream(_ request: KubeRequest) async throws -> KubeStreamResponse {
            KubeStreamResponse(status: 200, chunks: AsyncThrowingStream { $0.finish() })
        }
    }

    @Test func aReadWithoutAnAnswerIsRetriedNotReported() async throws {
        let server = FlakyServer()
        let session = PluginSession(client: KubeClient(transport: server), namespace: "demo", now: { Fixtures.t0 })
        let output = try await RequestAction(
            role: RoleReference(kind: "ClusterRole", name: "edit"), duration: "30m", reason: "INC-8",
            name: "alice-wait", namespace: "demo", wait: true, timeout: .seconds(30)
        ).run(session, style: OutputStyle(format: .name))
        #expect(output.exitCode == .success, "\(output)")
        #expect(output.stdout == "accessrequest.drawbridge.dev/alice-wait\n")
        #expect(server.reads.withLock { $0 } == 2)
    }
}
