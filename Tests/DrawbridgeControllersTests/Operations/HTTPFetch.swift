import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One plain-HTTP GET as a prober or Prometheus makes it: status, content type and body.
struct Fetched {
    var status: Int
    var contentType: String?
    var body: String

    static func get(_ url: String) async throws -> Fetched {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 4 * 1024 * 1024)
        return Fetched(
            status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
            body: String(buffer: body))
    }
}
