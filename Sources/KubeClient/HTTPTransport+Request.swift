import AsyncHTTPClient
import NIOCore
import NIOHTTP1

extension HTTPTransport {
    /// The AsyncHTTPClient request for `request`: full URL, the request's own headers, then
    /// `Accept`, `User-Agent` and `Authorization` unless the request set them itself.
    func makeRequest(_ request: KubeRequest, bearer: String?) -> HTTPClientRequest {
        var outgoing = HTTPClientRequest(url: url(for: request))
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            outgoing.headers.replaceOrAdd(name: name, value: value)
        }
        if !outgoing.headers.contains(name: "Accept") {
            outgoing.headers.add(name: "Accept", value: "application/json")
        }
        if !outgoing.headers.contains(name: "User-Agent") {
            outgoing.headers.add(name: "User-Agent", value: options.userAgent)
        }
        if let bearer, !outgoing.headers.contains(name: "Authorization") {
            outgoing.headers.add(name: "Authorization", value: "Bearer \(bearer)")
        }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        return outgoing
    }

    /// `server` followed by the request's path and percent-encoded query.
    func url(for request: KubeRequest) -> String {
        server + (request.target.hasPrefix("/") ? "" : "/") + request.target
    }

    /// `METHOD URL`, naming the call in errors.
    func describe(_ request: KubeRequest) -> String {
        "\(request.method) \(url(for: request))"
    }

    /// The response headers in `KubeResponse`'s form.
    static func headers(_ response: HTTPClientResponse) -> [(String, String)] {
        response.headers.map { ($0.name, $0.value) }
    }
}
