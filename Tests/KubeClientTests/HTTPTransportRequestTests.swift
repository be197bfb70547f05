import AsyncHTTPClient
import NIOHTTP1
import Testing

@testable import KubeClient

@Suite struct HTTPTransportRequestTests {
    @Test func everyCallCarriesUserAgentAcceptAndTheBearerTokenUnlessTheRequestSetsThem() async throws {
        let transport = try HTTPTransport(server: "https://api.example:6443/prefix/")
        let plain = transport.makeRequest(
            KubeRequest(method: "GET", path: "/api/v1/pods", query: [.init("labelSelector", "app in (a,b)")]),
            bearer: "secret")
        #expect(plain.url == "https://api.example:6443/prefix/api/v1/pods?labelSelector=app%20in%20%28a%2Cb%29")
        #expect(plain.headers["User-Agent"] == ["drawbridge/\(HTTPTransport.version)"])
        #expect(plain.headers["Accept"] == ["application/json"])
        #expect(plain.headers["Authorization"] == ["Bearer secret"])

        let patch = transport.makeRequest(
            KubeRequest(
                method: "PATCH", path: "/x",
                headers: ["Content-Type": "application/merge-patch+json", "Accept": "*/*"],
                body: Array("{}".utf8)),
            bearer: nil)
        #expect(patch.method.rawValue == "PATCH")
        #expect(patch.headers["Accept"] == ["*/*"])
        #expect(patch.headers["Content-Type"] == ["application/merge-patch+json"])
        #expect(patch.headers["Authorization"].isEmpty)
        try await transport.shutdown()
    }
}
