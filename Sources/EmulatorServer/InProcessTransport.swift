import APIServerEmulator
import KubeClient

/// Carries `KubeClient` calls straight into an `APIServer` without HTTP, authenticated with a bearer
/// token like any client. Integration tests and benchmarks use it to measure the controller rather
/// than the network stack; everything else (authn, RBAC, admission, watches) runs as over HTTPS.
public struct InProcessTransport: KubeTransport {
    public let api: APIServer
    public let token: String?

    public init(api: APIServer, token: String?) {
        self.api = api
        self.token = token
    }

    public func send(_ request: KubeRequest) async throws -> KubeResponse {
        let response = await api.handle(apiRequest(request))
        switch response.body {
        case .bytes(let bytes):
            return KubeResponse(status: response.status, headers: response.headers, body: bytes)
        case .stream(let stream):
            var body: [UInt8] = []
            for await chunk in stream { body += chunk }
            return KubeResponse(status: response.status, headers: response.headers, body: body)
        }
    }

    public func stream(_ request: KubeRequest) async throws -> KubeStreamResponse {
        let response = await api.handle(apiRequest(request))
        let chunks: AsyncThrowingStream<[UInt8], any Error>
        switch response.body {
        case .bytes(let bytes):
            chunks = AsyncThrowingStream { continuation in
                continuation.yield(bytes)
                continuation.finish()
            }
        case .stream(let stream):
            chunks = AsyncThrowingStream { continuation in
                let task = Task {
                    for await chunk in stream { continuation.yield(chunk) }
                    continuation.finish()
                }
                continuation.onTermination = { _ in task.cancel() }
            }
        }
        return KubeStreamResponse(status: response.status, headers: response.headers, chunks: chunks)
    }

    func apiRequest(_ request: KubeRequest) -> APIRequest {
        var headers = request.headers
        if let token { headers["Authorization"] = "Bearer \(token)" }
        var query: [String: [String]] = [:]
        for item in request.query { query[item.name, default: []].append(item.value) }
        return APIRequest(
            method: request.method, path: request.path, query: query, headers: headers, body: request.body ?? [])
    }
}
